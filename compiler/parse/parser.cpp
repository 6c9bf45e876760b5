// The parser's machinery: token access, node construction, the nesting
// limits, and error reporting with recovery. The grammar itself is in
// parse_items.cpp and parse_expressions.cpp.
#include "parse/parser_impl.h"

#include <algorithm>

namespace inko::parse {

Parser::Parser(const lex::TokenizedBuffer& tokens, DiagnosticEngine& diagnostics)
    : tokens_(tokens), diagnostics_(diagnostics) {
  tree_.tokens = &tokens;
  // Roughly one node per token; avoids most reallocations.
  tree_.nodes.reserve(tokens.tokens.size());
  tree_.children.reserve(tokens.tokens.size());
  heights_.reserve(tokens.tokens.size());
}

Tree Parser::run() {
  std::vector<NodeId> items;
  while (!at(TokenKind::EndOfFile)) {
    TokenIndex start = pos_;
    try {
      items.push_back(recoverable([&] { return top_item(); }, lex::kNoToken, Resync::Expression));
    } catch (SyntaxError&) {
      // Only a nesting limit gets here; the rest of the file is abandoned.
      items.push_back(add(NodeKind::Error, start, start, start + 1, {}));
      break;
    }
  }
  pos_ = static_cast<TokenIndex>(tokens_.tokens.size() - 1);
  tree_.root = add(NodeKind::Module, 0, 0, pos_, items);
  return std::move(tree_);
}

bool Parser::starts_expression(TokenKind k) {
  switch (k) {
  case TokenKind::Identifier:
  case TokenKind::Constant:
  case TokenKind::Attribute:
  case TokenKind::Integer:
  case TokenKind::Float:
  case TokenKind::SingleString:
  case TokenKind::DoubleString:
  case TokenKind::TemplateOpen:
  case TokenKind::LeftParen:
  case TokenKind::LeftBrace:
  case TokenKind::Do:
  case TokenKind::Lambda:
  case TokenKind::Def:
  case TokenKind::Static:
  case TokenKind::Let:
  case TokenKind::Return:
  case TokenKind::Throw:
  case TokenKind::Try:
  case TokenKind::TryBang:
  case TokenKind::Self:
  case TokenKind::ColonColon:
  case TokenKind::Match:
    return true;
  default:
    return false;
  }
}

// ---- Errors and recovery ----------------------------------------------------

std::string Parser::found_text() const {
  if (at(TokenKind::Identifier) || at(TokenKind::Constant) || at(TokenKind::Attribute) ||
      lex::is_keyword(kind())) {
    std::string quoted = "'";
    quoted += tokens_.text_of(pos_);
    quoted += "'";
    return quoted;
  }
  if (lex::is_closing_bracket(kind()) && token(pos_).partner == lex::kNoToken) {
    std::string unmatched = "an unmatched '";
    unmatched += tokens_.text_of(pos_);
    unmatched += "'";
    return unmatched;
  }
  return std::string(lex::token_spelling(kind()));
}

void Parser::fail(std::string_view expected) {
  fail_unclosed(expected, lex::kNoToken);
}

void Parser::fail_unclosed(std::string_view expected, TokenIndex open) {
  fail_pos_ = pos_;
  // The lexer has already reported an invalid token, and a second error at
  // the same token would only repeat the first.
  if (!at(TokenKind::Error) && reported_pos_ != pos_ && !giving_up_ && silenced_ == 0) {
    reported_pos_ = pos_;
    SourceRange range = tokens_.range_of(pos_);
    std::string found = found_text();
    // Something missing at the end of a line is reported there, not at the
    // next line's first token, which is usually fine.
    if (pos_ > 0 && pos_ != unit_start_ && token(pos_).line != token(pos_ - 1).line) {
      range = tokens_.range_of(pos_ - 1);
      range.begin = range.end;
      if (!at(TokenKind::EndOfFile))
        found = "the end of the line";
    }
    diagnostics_.report(DiagnosticKind::ExpectedButFound, range, {expected, found});
    if (open != lex::kNoToken && token(open).partner == lex::kNoToken &&
        token(open).line != token(pos_).line) {
      std::string bracket = "'";
      bracket += tokens_.text_of(open);
      bracket += "'";
      diagnostics_.report(DiagnosticKind::UnclosedBracket, tokens_.range_of(open), {bracket});
    }
  }
  throw SyntaxError{};
}

TokenIndex Parser::expect(TokenKind k, std::string_view expected) {
  if (!at(k))
    fail(expected.empty() ? lex::token_spelling(k) : expected);
  return advance();
}

TokenIndex Parser::expect_closing(TokenKind k, std::string_view expected, TokenIndex open) {
  if (!at(k))
    fail_unclosed(expected, open);
  return advance();
}

void Parser::report(DiagnosticKind kind, TokenIndex at,
                    std::initializer_list<std::string_view> args) {
  if (!giving_up_ && silenced_ == 0)
    diagnostics_.report(kind, tokens_.range_of(at), args);
}

bool Parser::is_resync_point(TokenIndex index, Resync resync) const {
  // Units start lines: resuming mid-line would mostly parse the debris of
  // the broken unit and report it again.
  if (index == 0 || token(index).line == token(index - 1).line)
    return false;
  TokenKind k = token(index).kind;
  switch (resync) {
  case Resync::Expression:
    return starts_expression(k) || k == TokenKind::Import || k == TokenKind::Object ||
           k == TokenKind::Trait || k == TokenKind::Impl;
  case Resync::ObjectItem:
    return k == TokenKind::Attribute || k == TokenKind::Def || k == TokenKind::Static;
  case Resync::MatchArm:
    return starts_expression(k) || k == TokenKind::As || k == TokenKind::Else;
  }
  return false;
}

// Walks forward from the start of the failed unit, stepping over whole
// bracket groups, to the first line that can start a new unit after the
// error, or to the bracket closing the list.
void Parser::skip_after_error(TokenIndex unit_start, TokenIndex open, Resync resync) {
  TokenIndex close = open == lex::kNoToken ? lex::kNoToken : token(open).partner;
  TokenIndex end = static_cast<TokenIndex>(tokens_.tokens.size() - 1);
  TokenIndex failed_at = fail_pos_ == lex::kNoToken ? unit_start : std::max(fail_pos_, unit_start);
  // Nothing follows an error at the end of the file; every enclosing list
  // fails there too, and walking back over the file for each would be slow.
  if (failed_at >= end && close == lex::kNoToken) {
    pos_ = end;
    return;
  }
  TokenIndex at = unit_start;
  while (at < end) {
    if (close != lex::kNoToken && at >= close) {
      at = close;
      break;
    }
    // The failing token itself may start the next unit (`let a` followed by
    // a line `let b = 1`): resume there rather than losing that line.
    if (at >= failed_at && at > unit_start && is_resync_point(at, resync))
      break;
    TokenIndex partner = token(at).partner;
    if (lex::is_opening_bracket(token(at).kind) && partner != lex::kNoToken && partner > at &&
        (close == lex::kNoToken || partner < close)) {
      at = partner + 1;
    } else {
      ++at;
    }
  }
  pos_ = std::min(at, end);
}

// ---- Nodes ------------------------------------------------------------------

NodeId Parser::add(NodeKind k, TokenIndex main, TokenIndex first, TokenIndex end_exclusive,
                   const std::vector<NodeId>& children, uint8_t flags, uint32_t text) {
  uint16_t height = 1;
  for (NodeId child : children)
    height = std::max<uint16_t>(height, heights_[child] + 1);
  if (height > kMaxTreeHeight && k != NodeKind::Module)
    too_deep(main, kMaxTreeHeight);
  Node node;
  node.kind = k;
  node.flags = flags;
  node.token = main;
  node.first_token = first;
  node.last_token = end_exclusive > first ? end_exclusive - 1 : first;
  node.children_begin = static_cast<uint32_t>(tree_.children.size());
  node.children_count = static_cast<uint32_t>(children.size());
  node.text = text;
  tree_.children.insert(tree_.children.end(), children.begin(), children.end());
  tree_.nodes.push_back(node);
  heights_.push_back(height);
  return static_cast<NodeId>(tree_.nodes.size() - 1);
}

uint32_t Parser::intern(std::string text) {
  tree_.strings.push_back(std::move(text));
  return static_cast<uint32_t>(tree_.strings.size() - 1);
}

uint32_t Parser::name_text(TokenIndex name_token, std::string name) {
  // Most names are their token's text, which Tree::text() finds without a
  // string of their own.
  if (tokens_.text_of(name_token) == name)
    return kNoText;
  return intern(std::move(name));
}

void Parser::too_deep(TokenIndex at, int limit) {
  if (!giving_up_) {
    diagnostics_.report(DiagnosticKind::NestingTooDeep, tokens_.range_of(at),
                        {std::to_string(limit)});
  }
  // Anything after this point would be parsed out of context.
  giving_up_ = true;
  throw SyntaxError{};
}

Parser::DepthGuard::DepthGuard(Parser& p) : parser(p) {
  if (++parser.depth_ > kMaxNestingDepth) {
    --parser.depth_;
    parser.too_deep(parser.pos_, kMaxNestingDepth);
  }
}

Tree parse(const lex::TokenizedBuffer& tokens, DiagnosticEngine& diagnostics) {
  return Parser(tokens, diagnostics).run();
}

} // namespace inko::parse
