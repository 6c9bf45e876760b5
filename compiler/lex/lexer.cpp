#include "lex/lexer.h"

#include <array>
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

class Lexer {
public:
  Lexer(const SourceManager& sources, FileId file, DiagnosticEngine& diagnostics)
      : text_(sources.file(file).text()), diagnostics_(diagnostics) {
    buffer_.file = file;
    buffer_.text = text_;
  }

  TokenizedBuffer run() {
    while (true) {
      bool space = skip_trivia();
      start_ = pos_;
      start_line_ = line_;
      if (pos_ >= text_.size()) {
        push(TokenKind::EndOfFile, space);
        break;
      }
      push(scan(), space);
    }
    return std::move(buffer_);
  }

private:
  char peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }

  // Skips whitespace and comments; returns whether anything was skipped.
  bool skip_trivia() {
    size_t before = pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        if (c == '\n' || (c == '\r' && peek(1) != '\n'))
          ++line_;
        ++pos_;
      } else if (c == '#') {
        while (pos_ < text_.size() && text_[pos_] != '\n' && text_[pos_] != '\r')
          ++pos_;
      } else {
        break;
      }
    }
    return pos_ != before;
  }

  void push(TokenKind kind, bool space) {
    buffer_.tokens.push_back({kind, space || buffer_.tokens.empty(), static_cast<uint32_t>(start_),
                              static_cast<uint32_t>(pos_ - start_), start_line_});
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
    if (is_lower(c) || is_non_ascii(c))
      return scan_identifier();
    if (c == '_') {
      size_t p = pos_;
      while (p < text_.size() && text_[p] == '_')
        ++p;
      if (p < text_.size() && is_upper(text_[p]))
        return scan_constant();
      return scan_identifier();
    }
    if (is_upper(c))
      return scan_constant();
    if (c == '@' && (is_name_char(peek(1)))) {
      ++pos_;
      while (is_name_char(peek()))
        ++pos_;
      return TokenKind::Attribute;
    }
    if (c == '\'')
      return scan_string('\'', TokenKind::SingleString);
    if (c == '"')
      return scan_string('"', TokenKind::DoubleString);
    if (c == '`')
      return scan_string('`', TokenKind::TemplateString);
    return scan_punctuation();
  }

  TokenKind scan_identifier() {
    while (is_name_char(peek()))
      ++pos_;
    std::string_view word = text_.substr(start_, pos_ - start_);
    if (word == "try" && peek() == '!' && peek(1) != '=' && peek(1) != '!' && peek(1) != '(') {
      ++pos_;
      return TokenKind::TryBang;
    }
    for (const KeywordEntry& keyword : kKeywords) {
      if (keyword.text == word)
        return keyword.kind;
    }
    return TokenKind::Identifier;
  }

  TokenKind scan_constant() {
    while (is_name_char(peek()))
      ++pos_;
    return TokenKind::Constant;
  }

  TokenKind scan_number() {
    if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'X' || peek(1) == 'b' || peek(1) == 'B')) {
      bool hex = peek(1) == 'x' || peek(1) == 'X';
      pos_ += 2;
      size_t digits = 0;
      while (true) {
        char c = peek();
        bool valid = hex ? (is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
                         : (c == '0' || c == '1');
        if (valid) {
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
    if (peek() == '.' && is_digit(peek(1))) {
      is_float = true;
      ++pos_;
      while (is_digit(peek()) || peek() == '_')
        ++pos_;
    }
    if ((peek() == 'e' || peek() == 'E') &&
        (is_digit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && is_digit(peek(2))))) {
      is_float = true;
      pos_ += 2;
      while (is_digit(peek()) || peek() == '_')
        ++pos_;
    }
    if (is_name_char(peek()) && peek() != '?') {
      // Something like `12abc`: report it as one bad number.
      return invalid_number();
    }
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
    int brace_depth = 0;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '\\' && pos_ + 1 < text_.size()) {
        if (text_[pos_ + 1] == '\n')
          ++line_;
        pos_ += 2;
        continue;
      }
      if (c == '\n' || (c == '\r' && peek(1) != '\n'))
        ++line_;
      if (quote == '`') {
        // Embedded expressions may contain strings and braces (L13).
        if (c == '{')
          ++brace_depth;
        if (c == '}' && brace_depth > 0)
          --brace_depth;
      }
      ++pos_;
      if (c == quote && brace_depth == 0)
        return kind;
    }
    std::string closing(1, quote);
    diagnostics_.report(
        DiagnosticKind::UnterminatedString,
        {buffer_.file, static_cast<uint32_t>(start_), static_cast<uint32_t>(start_ + 1)},
        {closing});
    return TokenKind::Error;
  }

  TokenKind scan_punctuation() {
    struct Punct {
      std::string_view text;
      TokenKind kind;
    };
    // Longest first, so that e.g. `<<=` wins over `<<` and `<`.
    static constexpr Punct kPunctuation[] = {
        {"**=", TokenKind::StarStarAssign},
        {"<<=", TokenKind::ShiftLeftAssign},
        {">>=", TokenKind::ShiftRightAssign},
        {"...", TokenKind::DotDotDot},
        {"**", TokenKind::StarStar},
        {"<<", TokenKind::ShiftLeft},
        {">>", TokenKind::ShiftRight},
        {"<=", TokenKind::LessEqual},
        {">=", TokenKind::GreaterEqual},
        {"==", TokenKind::EqualEqual},
        {"!=", TokenKind::NotEqual},
        {"&&", TokenKind::AndAnd},
        {"||", TokenKind::OrOr},
        {"..", TokenKind::DotDot},
        {"=~", TokenKind::MatchOp},
        {"+=", TokenKind::PlusAssign},
        {"-=", TokenKind::MinusAssign},
        {"*=", TokenKind::StarAssign},
        {"/=", TokenKind::SlashAssign},
        {"%=", TokenKind::PercentAssign},
        {"&=", TokenKind::AmpersandAssign},
        {"|=", TokenKind::PipeAssign},
        {"^=", TokenKind::CaretAssign},
        {"::", TokenKind::ColonColon},
        {"->", TokenKind::Arrow},
        {"!!", TokenKind::BangBang},
        {"!(", TokenKind::TypeArgsOpen},
        {"+", TokenKind::Plus},
        {"-", TokenKind::Minus},
        {"*", TokenKind::Star},
        {"/", TokenKind::Slash},
        {"%", TokenKind::Percent},
        {"&", TokenKind::Ampersand},
        {"|", TokenKind::Pipe},
        {"^", TokenKind::Caret},
        {"<", TokenKind::Less},
        {">", TokenKind::Greater},
        {"=", TokenKind::Assign},
        {".", TokenKind::Dot},
        {",", TokenKind::Comma},
        {":", TokenKind::Colon},
        {"(", TokenKind::LeftParen},
        {")", TokenKind::RightParen},
        {"{", TokenKind::LeftBrace},
        {"}", TokenKind::RightBrace},
        {"[", TokenKind::LeftBracket},
        {"]", TokenKind::RightBracket},
        {"!", TokenKind::Bang},
        {"?", TokenKind::Question},
    };
    std::string_view rest = text_.substr(pos_);
    for (const Punct& punct : kPunctuation) {
      if (rest.starts_with(punct.text)) {
        pos_ += punct.text.size();
        return punct.kind;
      }
    }
    // One UTF-8 encoded character that is not valid anywhere.
    size_t length = 1;
    unsigned char lead = static_cast<unsigned char>(text_[pos_]);
    if (lead >= 0xc0)
      length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    pos_ = std::min(text_.size(), pos_ + length);
    std::string shown = "'" + std::string(text_.substr(start_, pos_ - start_)) + "'";
    diagnostics_.report(DiagnosticKind::InvalidCharacter, current_range(), {shown});
    return TokenKind::Error;
  }

  std::string_view text_;
  DiagnosticEngine& diagnostics_;
  TokenizedBuffer buffer_;
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
  for (const KeywordEntry& keyword : kKeywords) {
    if (keyword.kind == kind)
      return true;
  }
  return false;
}

bool is_binary_operator(TokenKind kind) {
  return kind >= TokenKind::Plus && kind <= TokenKind::MatchOp;
}

bool is_compound_assignment(TokenKind kind) {
  return kind >= TokenKind::PlusAssign && kind <= TokenKind::ShiftRightAssign;
}

TokenizedBuffer tokenize(const SourceManager& sources, FileId file, DiagnosticEngine& diagnostics) {
  return Lexer(sources, file, diagnostics).run();
}

std::string decode_string(const TokenizedBuffer& buffer, TokenIndex index) {
  std::string_view raw = buffer.text_of(index);
  if (raw.size() < 2)
    return {};
  char quote = raw.front();
  std::string_view body = raw.substr(1, raw.size() - 2);
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\' || i + 1 >= body.size()) {
      out += c;
      continue;
    }
    char next = body[i + 1];
    if (quote == '\'') {
      // Single quotes only know \' and \\ (L11).
      if (next == '\'' || next == '\\') {
        out += next;
        ++i;
      } else {
        out += c;
      }
      continue;
    }
    char decoded = 0;
    switch (next) {
    case '"':
      decoded = '"';
      break;
    case '\\':
      decoded = '\\';
      break;
    case 'n':
      decoded = '\n';
      break;
    case 't':
      decoded = '\t';
      break;
    case 'r':
      decoded = '\r';
      break;
    case 'e':
      decoded = 27;
      break;
    case '0':
      decoded = '\0';
      break;
    default:
      break;
    }
    if (next == '0' || decoded != 0) {
      out += decoded;
      ++i;
    } else {
      out += c; // Unknown escapes keep the backslash (L12).
    }
  }
  return out;
}

} // namespace inko::lex
