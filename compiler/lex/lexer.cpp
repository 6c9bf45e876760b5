// The lexer (LANGUAGE §1): one pass over the bytes of a file, producing
// every token with its line and whether whitespace precedes it. Template
// strings (L13) are split into several tokens so that the parser sees the
// embedded expressions as ordinary code; a small stack of template states
// tracks whether the lexer is in a string's text or in one of its `{}`.
// Brackets are paired as they are pushed (Token::partner).
#include "lex/lexer.h"

#include "lex/name_start.h"

#include <algorithm>
#include <cstdio>
#include <string_view>

namespace inko::lex {
namespace {

constexpr std::string_view kSpellings[] = {
#define TOKEN(name, spelling) spelling,
#include "lex/token_kinds.def"
};

struct KeywordEntry {
  std::string_view text;
  TokenKind kind;
};

constexpr KeywordEntry kKeywords[] = {
#define KEYWORD(name, text) {text, TokenKind::name},
#include "lex/token_kinds.def"
};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_non_ascii(char c) {
  return static_cast<unsigned char>(c) >= 0x80;
}
bool is_name_char(char c) {
  return is_lower(c) || is_upper(c) || is_digit(c) || c == '_' || c == '?' || is_non_ascii(c);
}
bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool brackets_pair(TokenKind open, TokenKind close) {
  switch (open) {
  case TokenKind::LeftParen:
  case TokenKind::TypeArgsOpen:
    return close == TokenKind::RightParen;
  case TokenKind::LeftBracket:
    return close == TokenKind::RightBracket;
  case TokenKind::LeftBrace:
    return close == TokenKind::RightBrace;
  case TokenKind::TemplateOpen:
    return close == TokenKind::TemplateClose;
  case TokenKind::TemplateExprOpen:
    return close == TokenKind::TemplateExprClose;
  default:
    return false;
  }
}

// How far back a closing bracket looks for its partner past unclosed
// openers; bounds the work on adversarial input.
constexpr size_t kMaxPairingSearch = 64;

class Lexer {
public:
  Lexer(const SourceManager& sources, FileId file, DiagnosticEngine& diagnostics)
      : text_(sources.file(file).text()), diagnostics_(diagnostics) {
    buffer_.file = file;
    buffer_.text = text_;
    // Most tokens are a few bytes long; avoids most reallocations.
    buffer_.tokens.reserve(text_.size() / 4 + 16);
    if (text_.starts_with("\xef\xbb\xbf"))
      pos_ = 3; // a UTF-8 byte order mark is not part of the program
  }

  TokenizedBuffer run() {
    while (true) {
      if (!templates_.empty() && !templates_.back().in_expression) {
        scan_template_text();
        continue;
      }
      bool space = skip_trivia();
      start_ = pos_;
      start_line_ = line_;
      if (pos_ >= text_.size()) {
        if (!templates_.empty())
          unterminated_embedded_expression();
        push(TokenKind::EndOfFile, space);
        break;
      }
      push(scan(), space);
    }
    return std::move(buffer_);
  }

private:
  // A template string being scanned; nested when an embedded expression
  // contains another template string.
  struct TemplateState {
    TokenIndex open;      // its TemplateOpen token
    TokenIndex expr_open; // the TemplateExprOpen of the current expression
    uint32_t braces;      // '{' opened in the current expression, not closed yet
    bool in_expression;
  };

  char peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }

  // Moves over one byte, counting "\n", "\r\n" and a lone "\r" as one line.
  void advance_byte() {
    char c = text_[pos_++];
    if (c == '\n' || (c == '\r' && peek() != '\n'))
      ++line_;
  }

  // Skips whitespace and comments; returns whether anything was skipped.
  bool skip_trivia() {
    size_t before = pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        advance_byte();
      } else if (c == '#') {
        while (pos_ < text_.size() && text_[pos_] != '\n' && text_[pos_] != '\r')
          ++pos_;
      } else {
        break;
      }
    }
    return pos_ != before;
  }

  void push(TokenKind kind, bool space) { push_at(kind, space, start_, start_line_); }

  void push_at(TokenKind kind, bool space, size_t start, uint32_t line) {
    auto index = static_cast<TokenIndex>(buffer_.tokens.size());
    buffer_.tokens.push_back({kind, space || index == 0, static_cast<uint32_t>(start),
                              static_cast<uint32_t>(pos_ - start), line, kNoToken});
    if (kind == TokenKind::TemplateClose || kind == TokenKind::TemplateExprClose) {
      pair_template_delimiter(index);
    } else if (is_opening_bracket(kind)) {
      open_brackets_.push_back(index);
    } else if (is_closing_bracket(kind)) {
      pair_closing_bracket(index);
    }
  }

  // The delimiters of template strings are paired exactly, from the
  // template state; brackets left open inside them stay unpaired.
  void pair_template_delimiter(TokenIndex close) {
    TokenIndex open = buffer_.tokens[close].kind == TokenKind::TemplateClose
                          ? closing_template_.open
                          : closing_template_.expr_open;
    buffer_.tokens[open].partner = close;
    buffer_.tokens[close].partner = open;
    auto at = std::find(open_brackets_.rbegin(), open_brackets_.rend(), open);
    if (at != open_brackets_.rend())
      open_brackets_.erase(std::prev(at.base()), open_brackets_.end());
  }

  // Pairs a closing bracket with the nearest compatible opener. Openers
  // skipped on the way stay unpaired (they were never closed); a template
  // boundary is never crossed.
  void pair_closing_bracket(TokenIndex close) {
    TokenKind kind = buffer_.tokens[close].kind;
    size_t limit =
        open_brackets_.size() > kMaxPairingSearch ? open_brackets_.size() - kMaxPairingSearch : 0;
    for (size_t i = open_brackets_.size(); i-- > limit;) {
      TokenIndex open = open_brackets_[i];
      TokenKind open_kind = buffer_.tokens[open].kind;
      if (brackets_pair(open_kind, kind)) {
        buffer_.tokens[open].partner = close;
        buffer_.tokens[close].partner = open;
        open_brackets_.resize(i);
        return;
      }
      if (open_kind == TokenKind::TemplateOpen || open_kind == TokenKind::TemplateExprOpen)
        return;
    }
  }

  SourceRange current_range() const {
    return {buffer_.file, static_cast<uint32_t>(start_), static_cast<uint32_t>(pos_)};
  }

  TokenKind scan() {
    char c = peek();
    if (is_digit(c))
      return scan_number();
    if (c == '-' && is_digit(peek(1))) {
      ++pos_; // A '-' directly before a digit is always a sign (L10).
      return scan_number();
    }
    if (is_lower(c))
      return scan_identifier();
    if (is_upper(c))
      return scan_constant();
    if (c == '_')
      return is_constant_name(text_.substr(pos_)) ? scan_constant() : scan_identifier();
    if (is_non_ascii(c)) {
      switch (classify_non_ascii_start(text_.substr(pos_))) {
      case NonAsciiStart::Identifier:
        return scan_identifier();
      case NonAsciiStart::CasedLetter:
        return cased_name_start();
      case NonAsciiStart::NotALetter:
        return invalid_character();
      }
    }
    if (c == '@' && is_name_char(peek(1))) {
      ++pos_;
      while (is_name_char(peek()))
        ++pos_;
      return TokenKind::Attribute;
    }
    if (c == '\'')
      return scan_string('\'', TokenKind::SingleString);
    if (c == '"')
      return scan_string('"', TokenKind::DoubleString);
    return scan_punctuation();
  }

  TokenKind scan_identifier() {
    while (is_name_char(peek()))
      ++pos_;
    std::string_view word = text_.substr(start_, pos_ - start_);
    if (word == "try" && peek() == '!' && peek(1) != '=') {
      ++pos_; // `try!` is one token, as in 0.8.1, even when `(` follows.
      return TokenKind::TryBang;
    }
    // Keywords are 2 to 6 lowercase letters; most identifiers fail fast.
    if (word.size() >= 2 && word.size() <= 6) {
      for (const KeywordEntry& keyword : kKeywords) {
        if (keyword.text[0] == word[0] && keyword.text == word)
          return keyword.kind;
      }
    }
    return TokenKind::Identifier;
  }

  TokenKind scan_constant() {
    while (is_name_char(peek()))
      ++pos_;
    return TokenKind::Constant;
  }

  TokenKind scan_number() {
    char base = peek(1);
    if (peek() == '0' && (base == 'x' || base == 'X' || base == 'b' || base == 'B')) {
      bool hex = base == 'x' || base == 'X';
      pos_ += 2;
      size_t digits = 0;
      while (true) {
        char c = peek();
        if (hex ? is_hex_digit(c) : (c == '0' || c == '1')) {
          ++digits;
        } else if (c != '_') {
          break;
        }
        ++pos_;
      }
      if (digits == 0 || is_name_char(peek()))
        return invalid_number();
      return TokenKind::Integer;
    }
    bool is_float = false;
    while (is_digit(peek()) || peek() == '_')
      ++pos_;
    // A '.' not followed by a digit is a send: `1.to_string` (L9).
    if (peek() == '.' && is_digit(peek(1))) {
      is_float = true;
      ++pos_;
      while (is_digit(peek()) || peek() == '_')
        ++pos_;
    }
    if ((peek() == 'e' || peek() == 'E') &&
        (is_digit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && is_digit(peek(2))))) {
      is_float = true;
      pos_ += is_digit(peek(1)) ? 1 : 2;
      while (is_digit(peek()) || peek() == '_')
        ++pos_;
    }
    if (is_name_char(peek()) && peek() != '?')
      return invalid_number(); // `12abc` is one bad number, not two tokens
    return is_float ? TokenKind::Float : TokenKind::Integer;
  }

  TokenKind invalid_number() {
    while (is_name_char(peek()))
      ++pos_;
    diagnostics_.report(DiagnosticKind::InvalidNumber, current_range(),
                        {text_.substr(start_, pos_ - start_)});
    return TokenKind::Error;
  }

  TokenKind scan_string(char quote, TokenKind kind) {
    ++pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '\\' && pos_ + 1 < text_.size()) {
        ++pos_; // An escaped character never ends the string.
        advance_byte();
        continue;
      }
      if (c == quote) {
        ++pos_;
        return kind;
      }
      advance_byte();
    }
    report_unterminated(start_, quote == '\'' ? "'" : "\"");
    return TokenKind::Error;
  }

  void report_unterminated(size_t open, std::string_view quote) {
    std::string shown;
    shown += quote;
    diagnostics_.report(
        DiagnosticKind::UnterminatedString,
        {buffer_.file, static_cast<uint32_t>(open), static_cast<uint32_t>(open + 1)}, {shown});
  }

  // Scans the text of a template string up to its end or the next embedded
  // expression, pushing the tokens found.
  void scan_template_text() {
    size_t text_start = pos_;
    uint32_t text_line = line_;
    while (pos_ < text_.size() && text_[pos_] != '`' && text_[pos_] != '{') {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size())
        ++pos_; // `\{` and `\`` do not end the text
      advance_byte();
    }
    if (pos_ > text_start)
      push_at(TokenKind::TemplateText, false, text_start, text_line);
    if (pos_ >= text_.size()) {
      report_unterminated(buffer_.tokens[templates_.front().open].offset, "`");
      abandon_templates();
      return;
    }
    size_t start = pos_;
    uint32_t line = line_;
    ++pos_;
    if (text_[start] == '`') {
      closing_template_ = templates_.back();
      templates_.pop_back();
      push_at(TokenKind::TemplateClose, false, start, line);
    } else {
      push_at(TokenKind::TemplateExprOpen, false, start, line);
      TemplateState& state = templates_.back();
      state.in_expression = true;
      state.braces = 0;
      state.expr_open = static_cast<TokenIndex>(buffer_.tokens.size() - 1);
    }
  }

  void unterminated_embedded_expression() {
    const Token& open = buffer_.tokens[templates_.back().expr_open];
    diagnostics_.report(DiagnosticKind::UnterminatedTemplateExpression,
                        {buffer_.file, open.offset, open.offset + 1});
    abandon_templates();
  }

  // After an unterminated template string the parser must not report the
  // missing pieces again: an Error token silences it.
  void abandon_templates() {
    templates_.clear();
    start_ = pos_;
    start_line_ = line_;
    push(TokenKind::Error, false);
  }

  TokenKind take(size_t length, TokenKind kind) {
    pos_ += length;
    return kind;
  }

  TokenKind scan_punctuation() {
    using K = TokenKind;
    char c = peek();
    char next = peek(1);
    char third = peek(2);
    switch (c) {
    case '+':
      return next == '=' ? take(2, K::PlusAssign) : take(1, K::Plus);
    case '-':
      if (next == '>')
        return take(2, K::Arrow);
      return next == '=' ? take(2, K::MinusAssign) : take(1, K::Minus);
    case '*':
      if (next == '*')
        return third == '=' ? take(3, K::StarStarAssign) : take(2, K::StarStar);
      return next == '=' ? take(2, K::StarAssign) : take(1, K::Star);
    case '/':
      return next == '=' ? take(2, K::SlashAssign) : take(1, K::Slash);
    case '%':
      return next == '=' ? take(2, K::PercentAssign) : take(1, K::Percent);
    case '&':
      if (next == '&')
        return take(2, K::AndAnd);
      return next == '=' ? take(2, K::AmpersandAssign) : take(1, K::Ampersand);
    case '|':
      if (next == '|')
        return take(2, K::OrOr);
      return next == '=' ? take(2, K::PipeAssign) : take(1, K::Pipe);
    case '^':
      return next == '=' ? take(2, K::CaretAssign) : take(1, K::Caret);
    case '<':
      if (next == '<')
        return third == '=' ? take(3, K::ShiftLeftAssign) : take(2, K::ShiftLeft);
      return next == '=' ? take(2, K::LessEqual) : take(1, K::Less);
    case '>':
      if (next == '>')
        return third == '=' ? take(3, K::ShiftRightAssign) : take(2, K::ShiftRight);
      return next == '=' ? take(2, K::GreaterEqual) : take(1, K::Greater);
    case '=':
      if (next == '=')
        return take(2, K::EqualEqual);
      return next == '~' ? take(2, K::MatchOp) : take(1, K::Assign);
    case '!':
      if (next == '=')
        return take(2, K::NotEqual);
      if (next == '!')
        return take(2, K::BangBang);
      return next == '(' ? take(2, K::TypeArgsOpen) : take(1, K::Bang);
    case '.':
      if (next == '.')
        return third == '.' ? take(3, K::DotDotDot) : take(2, K::DotDot);
      return take(1, K::Dot);
    case ':':
      return next == ':' ? take(2, K::ColonColon) : take(1, K::Colon);
    case ',':
      return take(1, K::Comma);
    case '(':
      return take(1, K::LeftParen);
    case ')':
      return take(1, K::RightParen);
    case '[':
      return take(1, K::LeftBracket);
    case ']':
      return take(1, K::RightBracket);
    case '?':
      return take(1, K::Question);
    case '{':
      if (!templates_.empty())
        ++templates_.back().braces;
      return take(1, K::LeftBrace);
    case '}':
      if (!templates_.empty()) {
        TemplateState& state = templates_.back();
        if (state.braces == 0) {
          state.in_expression = false;
          closing_template_ = state;
          return take(1, K::TemplateExprClose);
        }
        --state.braces;
      }
      return take(1, K::RightBrace);
    case '`':
      templates_.push_back({static_cast<TokenIndex>(buffer_.tokens.size()), kNoToken, 0, false});
      return take(1, K::TemplateOpen);
    default:
      return invalid_character();
    }
  }

  // L4/L5: `été` and `Été` are no names; the whole word is one error.
  TokenKind cased_name_start() {
    size_t first = utf8_length(static_cast<unsigned char>(text_[pos_]));
    std::string_view letter = text_.substr(pos_, first);
    while (is_name_char(peek()))
      ++pos_;
    std::string name = "'";
    name += text_.substr(start_, pos_ - start_);
    name += "'";
    diagnostics_.report(DiagnosticKind::CasedNameStart, current_range(),
                        {name, "'" + std::string(letter) + "'"});
    return TokenKind::Error;
  }

  TokenKind invalid_character() {
    // One UTF-8 encoded character that is not valid anywhere; a run of the
    // same character is one error (`;;;`, a pasted binary).
    auto lead = static_cast<unsigned char>(text_[pos_]);
    size_t length = utf8_length(lead);
    pos_ = std::min(text_.size(), pos_ + length);
    std::string_view character = text_.substr(start_, pos_ - start_);
    while (text_.substr(pos_).starts_with(character))
      pos_ += character.size();
    std::string shown = "'";
    shown += character;
    shown += "'";
    if (length == 1 && (lead < 0x20 || lead == 0x7f)) { // unprintable: name its code point
      char code[8];
      std::snprintf(code, sizeof code, "U+%04X", lead);
      shown = code;
    }
    diagnostics_.report(DiagnosticKind::InvalidCharacter, current_range(), {shown});
    if (character == ";")
      diagnostics_.report_global(DiagnosticKind::NoSemicolons);
    return TokenKind::Error;
  }

  std::string_view text_;
  DiagnosticEngine& diagnostics_;
  TokenizedBuffer buffer_;
  std::vector<TokenIndex> open_brackets_;
  std::vector<TemplateState> templates_;
  TemplateState closing_template_{}; // the template whose delimiter is being pushed
  size_t pos_ = 0;
  size_t start_ = 0;
  uint32_t line_ = 1;
  uint32_t start_line_ = 1;
};

} // namespace

std::string_view token_spelling(TokenKind kind) {
  return kSpellings[static_cast<size_t>(kind)];
}

bool is_keyword(TokenKind kind) {
  return kind >= TokenKind::As && kind <= TokenKind::When;
}

bool is_binary_operator(TokenKind kind) {
  return kind >= TokenKind::Plus && kind <= TokenKind::MatchOp;
}

bool is_compound_assignment(TokenKind kind) {
  return kind >= TokenKind::PlusAssign && kind <= TokenKind::ShiftRightAssign;
}

bool is_opening_bracket(TokenKind kind) {
  switch (kind) {
  case TokenKind::LeftParen:
  case TokenKind::TypeArgsOpen:
  case TokenKind::LeftBracket:
  case TokenKind::LeftBrace:
  case TokenKind::TemplateOpen:
  case TokenKind::TemplateExprOpen:
    return true;
  default:
    return false;
  }
}

bool is_closing_bracket(TokenKind kind) {
  switch (kind) {
  case TokenKind::RightParen:
  case TokenKind::RightBracket:
  case TokenKind::RightBrace:
  case TokenKind::TemplateClose:
  case TokenKind::TemplateExprClose:
    return true;
  default:
    return false;
  }
}

bool is_constant_name(std::string_view name) {
  size_t i = 0;
  while (i < name.size() && name[i] == '_')
    ++i;
  if (i == name.size())
    return false;
  return is_upper(name[i]); // L5: an uppercase ASCII letter
}

TokenizedBuffer tokenize(const SourceManager& sources, FileId file, DiagnosticEngine& diagnostics) {
  return Lexer(sources, file, diagnostics).run();
}

} // namespace inko::lex
