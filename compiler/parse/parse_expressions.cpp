// Expressions (L25): casts, binary operators (one precedence level, left
// associative), send chains with their argument forms and newline rules
// (L73-L76), primaries, blocks, try, match [EXT] and template strings
// [EXT].
#include "lex/lexer.h"
#include "parse/parser_impl.h"

namespace inko::parse {

NodeId Parser::expression() {
  DepthGuard guard(*this);
  TokenIndex start = pos_;
  NodeId left = binary();
  // In a match arm, `as` at the start of a line begins a type pattern.
  while (at(TokenKind::As) && !(in_match_arm_ && !same_line_as_previous())) {
    TokenIndex as = advance();
    NodeId target = type();
    left = add(NodeKind::Cast, as, start, pos_, {left, target});
  }
  return left;
}

NodeId Parser::binary() {
  TokenIndex start = pos_;
  NodeId left = chain();
  // One precedence level, left-associative (L80).
  while (lex::is_binary_operator(kind())) {
    TokenIndex op = advance();
    NodeId right = chain();
    left = add(NodeKind::Binary, op, start, pos_, {left, right});
  }
  return left;
}

NodeId Parser::chain() {
  TokenIndex start = pos_;
  uint32_t chain_line = token(start).line;
  NodeId receiver = primary();
  while (true) {
    if (at(TokenKind::Dot)) {
      advance();
      receiver = send_after_dot(receiver, start);
    } else if (at(TokenKind::LeftBracket) && token(pos_).line == chain_line) {
      receiver = index(receiver, start); // `[` on a later line starts a new expression (L76)
    } else if (at(TokenKind::Bang)) {
      TokenIndex bang = advance();
      receiver = add(NodeKind::Deref, bang, start, pos_, {receiver});
    } else if (at(TokenKind::Assign) || lex::is_compound_assignment(kind())) {
      // Assignable chains (names, attributes, setters, indexes) have taken
      // their `=` already; anything else can not be assigned.
      return invalid_assignment(start);
    } else {
      return receiver;
    }
  }
}

NodeId Parser::invalid_assignment(TokenIndex start) {
  TokenIndex op = advance();
  if (tokens_[op].kind == TokenKind::Assign) {
    report(DiagnosticKind::InvalidAssignment, op, {});
  } else {
    std::string shown = "'";
    shown += tokens_.text_of(op);
    shown += "'";
    report(DiagnosticKind::InvalidCompoundAssignment, op, {shown});
  }
  expression(); // parsed so that the value does not cascade into more errors
  return add(NodeKind::Error, op, start, pos_, {});
}

NodeId Parser::send_after_dot(NodeId receiver, TokenIndex start) {
  TokenIndex name_token = pos_;
  std::string name = message_name(false);
  // `a.[]=(i, v)` and `o.x=(v)` send a setter explicitly, with arguments.
  if (at(TokenKind::Assign) && peek_kind() == TokenKind::LeftParen &&
      !token(pos_ + 1).space_before) {
    advance();
    return send_rest(receiver, name_token, start, intern(name + "="));
  }
  // `receiver.name = value` is the setter `name=` (L70).
  if (at(TokenKind::Assign)) {
    advance();
    NodeId type_arguments = empty();
    NodeId value = expression();
    return add(NodeKind::Send, name_token, start, pos_, {receiver, type_arguments, value}, 0,
               intern(name + "="));
  }
  return send_rest(receiver, name_token, start, name_text(name_token, std::move(name)));
}

// Parses the optional type arguments and arguments of a send whose name
// has been consumed.
NodeId Parser::send_rest(NodeId receiver, TokenIndex name_token, TokenIndex start, uint32_t name) {
  std::vector<NodeId> children{receiver};
  children.push_back(at(TokenKind::TypeArgsOpen) ? type_args() : empty());
  uint8_t flags = 0;
  // `(` opens the arguments only on the line of the name (L2, L74).
  if (at(TokenKind::LeftParen) && token(pos_).line == token(name_token).line) {
    flags |= FlagParens;
    call_arguments(children);
  } else if (starts_bare_argument()) {
    bare_arguments(children);
  }
  return add(NodeKind::Send, name_token, start, pos_, children, flags, name);
}

void Parser::call_arguments(std::vector<NodeId>& children) {
  TokenIndex open = advance();
  bool seen_keyword = false;
  while (!at(TokenKind::RightParen)) {
    children.push_back(argument(seen_keyword));
    if (!at(TokenKind::Comma))
      break;
    advance();
  }
  expect_closing(TokenKind::RightParen, "',' or ')'", open);
  // A block on the line of the `)` is the last argument (L66, L74).
  if (starts_block_literal() && same_line_as_previous())
    children.push_back(block_literal());
}

void Parser::bare_arguments(std::vector<NodeId>& children) {
  bool seen_keyword = false;
  do {
    if (starts_block_literal()) {
      // A block argument ends at its `}`: a following `.` continues the
      // chain on the result of the send (L66).
      children.push_back(block_literal());
    } else {
      children.push_back(argument(seen_keyword));
    }
  } while (at(TokenKind::Comma) && advance());
}

bool Parser::starts_block_literal() const {
  return at(TokenKind::LeftBrace) || at(TokenKind::Do) || at(TokenKind::Lambda);
}

// Bare arguments start on the message's line, after a space, with one of
// the tokens listed in L73.
bool Parser::starts_bare_argument() const {
  if (!same_line_as_previous() || !token(pos_).space_before)
    return false;
  switch (kind()) {
  case TokenKind::Identifier:
  case TokenKind::Constant:
  case TokenKind::Attribute:
  case TokenKind::Integer:
  case TokenKind::Float:
  case TokenKind::SingleString:
  case TokenKind::DoubleString:
  case TokenKind::TemplateOpen:
  case TokenKind::LeftParen:
  case TokenKind::LeftBracket:
  case TokenKind::LeftBrace:
  case TokenKind::Do:
  case TokenKind::Lambda:
  case TokenKind::Def:
  case TokenKind::Let:
  case TokenKind::Return:
  case TokenKind::Throw:
  case TokenKind::Try:
  case TokenKind::TryBang:
  case TokenKind::Self:
  case TokenKind::Impl:
  case TokenKind::Trait:
  case TokenKind::Match:
    return true;
  default:
    return false;
  }
}

NodeId Parser::argument(bool& seen_keyword) {
  if (at(TokenKind::Identifier) && peek_kind() == TokenKind::Colon) {
    TokenIndex name = advance();
    advance();
    NodeId value = expression();
    seen_keyword = true;
    return add(NodeKind::KeywordArg, name, name, pos_, {value});
  }
  TokenIndex start = pos_;
  NodeId value = expression();
  if (seen_keyword)
    report(DiagnosticKind::PositionalAfterKeyword, start, {});
  return value;
}

NodeId Parser::index(NodeId receiver, TokenIndex start) {
  TokenIndex open = advance();
  std::vector<NodeId> children{receiver};
  if (!at(TokenKind::RightBracket)) {
    children.push_back(expression());
    while (at(TokenKind::Comma)) {
      advance();
      children.push_back(expression());
    }
  }
  expect_closing(TokenKind::RightBracket, "',' or ']'", open);
  if (at(TokenKind::Assign)) {
    advance();
    children.push_back(expression());
    return add(NodeKind::IndexAssign, open, start, pos_, children);
  }
  return add(NodeKind::Index, open, start, pos_, children);
}

NodeId Parser::primary() {
  TokenIndex start = pos_;
  switch (kind()) {
  case TokenKind::Integer:
    advance();
    return add(NodeKind::IntegerLiteral, start, start, pos_, {});
  case TokenKind::Float:
    advance();
    return add(NodeKind::FloatLiteral, start, start, pos_, {});
  case TokenKind::SingleString:
  case TokenKind::DoubleString:
    advance();
    return add(NodeKind::StringLiteral, start, start, pos_, {}, 0,
               intern(lex::decode_string(tokens_, start)));
  case TokenKind::TemplateOpen:
    return template_string();
  case TokenKind::Identifier:
    return identifier();
  case TokenKind::Attribute:
    return attribute();
  case TokenKind::Constant:
    advance();
    return add(NodeKind::Constant, start, start, pos_, {});
  case TokenKind::Self:
    advance();
    return add(NodeKind::SelfRef, start, start, pos_, {});
  case TokenKind::ColonColon: {
    advance();
    if (!at(TokenKind::Identifier) && !at(TokenKind::Constant))
      fail("an identifier or a constant after '::'");
    TokenIndex name = advance();
    return add(NodeKind::GlobalRef, name, start, pos_, {});
  }
  case TokenKind::LeftParen:
    return grouped_expression();
  case TokenKind::LeftBrace:
  case TokenKind::Do:
  case TokenKind::Lambda:
    return block_literal();
  case TokenKind::Def:
  case TokenKind::Static:
    return nested_method();
  case TokenKind::Let:
    return let();
  case TokenKind::Return:
    return return_expression();
  case TokenKind::Throw: {
    advance();
    NodeId value = expression();
    return add(NodeKind::Throw, start, start, pos_, {value});
  }
  case TokenKind::Try:
    return try_expression();
  case TokenKind::TryBang: {
    advance();
    NodeId tried = try_body();
    if (at(TokenKind::Else))
      fail("the end of 'try!' (it has no 'else'; write 'try ... else')");
    return add(NodeKind::TryBang, start, start, pos_, {tried});
  }
  case TokenKind::Match:
    return match_expression();
  case TokenKind::Import:
  case TokenKind::Object:
  case TokenKind::Trait:
  case TokenKind::Impl:
    return misplaced_definition();
  case TokenKind::LeftBracket:
    // There are no array literals; `a [1]` and a `[` on a new line are the
    // usual mistakes (L73, L76).
    fail("an expression ('[' indexes only when written right after a value, on its line; "
         "arrays are created with Array.new)");
  default:
    fail("an expression");
  }
}

// `import`, `object`, `trait` and `impl` inside a body: reported, then
// parsed as usual so that their contents do not produce more errors.
NodeId Parser::misplaced_definition() {
  switch (kind()) {
  case TokenKind::Import:
    report(DiagnosticKind::ImportNotTopLevel, pos_, {});
    return import();
  case TokenKind::Object:
    report(DiagnosticKind::DefinitionNotTopLevel, pos_, {"objects"});
    return object_def();
  case TokenKind::Trait:
    report(DiagnosticKind::DefinitionNotTopLevel, pos_, {"traits"});
    return trait_def();
  default:
    report(DiagnosticKind::DefinitionNotTopLevel, pos_, {"implementations"});
    return impl_def();
  }
}

// A method definition used as an expression: fine at the top level of a
// module (also inside a closure there), rejected inside a method (L29).
NodeId Parser::nested_method() {
  if (method_depth_ > 0)
    report(DiagnosticKind::NestedMethod, pos_, {});
  return method_def();
}

NodeId Parser::grouped_expression() {
  TokenIndex open = advance();
  NodeId inner = expression();
  expect_closing(TokenKind::RightParen, "')'", open);
  return inner;
}

NodeId Parser::identifier() {
  TokenIndex name = advance();
  if (at(TokenKind::Assign) || lex::is_compound_assignment(kind())) {
    TokenIndex op = advance();
    NodeId target = add(NodeKind::Identifier, name, name, name + 1, {});
    NodeId value = expression();
    return add(NodeKind::Assign, op, name, pos_, {target, value});
  }
  bool has_arguments =
      at(TokenKind::TypeArgsOpen) || (at(TokenKind::LeftParen) && same_line_as_previous());
  if (has_arguments || starts_bare_argument())
    return send_rest(empty(), name, name, kNoText);
  return add(NodeKind::Identifier, name, name, pos_, {});
}

NodeId Parser::attribute() {
  TokenIndex name = advance();
  if (at(TokenKind::Assign) || lex::is_compound_assignment(kind())) {
    TokenIndex op = advance();
    NodeId target = add(NodeKind::AttributeRef, name, name, name + 1, {});
    NodeId value = expression();
    return add(NodeKind::Assign, op, name, pos_, {target, value});
  }
  return add(NodeKind::AttributeRef, name, name, pos_, {});
}

NodeId Parser::let() {
  TokenIndex start = advance();
  uint8_t flags = 0;
  if (at(TokenKind::Mut)) {
    advance();
    flags |= FlagMutable;
  }
  if (!at(TokenKind::Identifier) && !at(TokenKind::Constant))
    fail("the name of the variable");
  TokenIndex name = advance();
  NodeId type_node = empty();
  if (at(TokenKind::Colon)) {
    advance();
    type_node = type();
  }
  expect(TokenKind::Assign, at(TokenKind::Colon) || !tree_.is_empty(type_node)
                                ? "'=' and the value of the variable"
                                : "':' or '=' and the value of the variable");
  NodeId value = expression();
  return add(NodeKind::Let, name, start, pos_, {type_node, value}, flags);
}

NodeId Parser::return_expression() {
  TokenIndex start = advance();
  // `return` takes a value only if it starts on the same line (L92).
  NodeId value = same_line_as_previous() && starts_expression(kind()) ? expression() : empty();
  return add(NodeKind::Return, start, start, pos_, {value});
}

NodeId Parser::try_body() {
  if (at(TokenKind::LeftBrace)) {
    TokenIndex open = advance();
    NodeId inner = expression();
    expect_closing(TokenKind::RightBrace, "'}' (the body of 'try' is a single expression)", open);
    return inner;
  }
  return expression();
}

NodeId Parser::try_expression() {
  TokenIndex start = advance();
  NodeId tried = try_body();
  NodeId binding = empty();
  NodeId fallback = empty();
  if (at(TokenKind::Else)) {
    advance();
    if (at(TokenKind::LeftParen)) {
      TokenIndex open = advance();
      TokenIndex name = expect(TokenKind::Identifier, "the name of the error variable");
      expect_closing(TokenKind::RightParen, "')'", open);
      binding = add(NodeKind::TryElseBinding, name, name, pos_, {});
    }
    fallback = at(TokenKind::LeftBrace) ? body() : expression();
  }
  return add(NodeKind::Try, start, start, pos_, {tried, binding, fallback});
}

NodeId Parser::block_literal() {
  DepthGuard guard(*this);
  TokenIndex start = pos_;
  std::vector<NodeId> children;
  uint8_t flags = 0;
  if (at(TokenKind::LeftBrace)) {
    children = {empty(), empty(), empty(), empty()};
  } else {
    if (at(TokenKind::Lambda))
      flags |= FlagLambda;
    advance();
    children.push_back(at(TokenKind::TypeArgsOpen) ? type_params() : empty());
    children.push_back(at(TokenKind::LeftParen) ? params() : empty());
    children.push_back(throw_type());
    children.push_back(return_type());
  }
  children.push_back(body());
  return add(NodeKind::BlockLiteral, start, start, pos_, children, flags);
}

NodeId Parser::template_string() {
  TokenIndex open = advance();
  std::vector<NodeId> children;
  struct Silence {
    int& count;
    bool active;
    ~Silence() { count -= active ? 1 : 0; }
  } silence{silenced_, token(open).partner == lex::kNoToken};
  silenced_ += silence.active ? 1 : 0;
  while (!at(TokenKind::TemplateClose)) {
    if (at(TokenKind::TemplateText)) {
      TokenIndex text = advance();
      children.push_back(add(NodeKind::StringLiteral, text, text, pos_, {}, 0,
                             intern(lex::decode_template_text(tokens_, text))));
    } else if (at(TokenKind::TemplateExprOpen)) {
      TokenIndex expr_open = advance();
      if (!at(TokenKind::TemplateExprClose))
        children.push_back(expression()); // `{}` contributes nothing (L13)
      expect_closing(TokenKind::TemplateExprClose, "'}' to end the embedded expression", expr_open);
    } else {
      fail("'`'"); // only after an unterminated template string
    }
  }
  advance();
  return add(NodeKind::TemplateString, open, open, pos_, children);
}

NodeId Parser::match_expression() {
  TokenIndex start = advance();
  NodeId subject = empty();
  NodeId binding = empty();
  if (at(TokenKind::LeftParen)) {
    TokenIndex open = advance();
    if (at(TokenKind::Let)) {
      advance();
      TokenIndex name = expect(TokenKind::Identifier, "the name of the matched value");
      expect(TokenKind::Assign, "'='");
      binding = add(NodeKind::MatchBinding, name, name, pos_, {});
    }
    subject = expression();
    expect_closing(TokenKind::RightParen, "')'", open);
  }
  TokenIndex open = expect(TokenKind::LeftBrace, "'{'");
  std::vector<NodeId> children{subject, binding};
  NodeId else_body = empty();
  bool seen_else = false;
  while (!at(TokenKind::RightBrace)) {
    if (at(TokenKind::EndOfFile))
      fail_unclosed("a pattern, 'as', 'else' or '}'", open);
    if (seen_else)
      report(DiagnosticKind::MatchElseNotLast, pos_, {});
    if (at(TokenKind::Else)) {
      NodeId arm = recoverable(
          [&] {
            advance();
            expect(TokenKind::Arrow, "'->'");
            return body();
          },
          open, Resync::MatchArm);
      if (!seen_else)
        else_body = arm;
      seen_else = true;
      continue;
    }
    children.push_back(recoverable([&] { return match_arm(); }, open, Resync::MatchArm));
  }
  advance();
  children.push_back(else_body);
  return add(NodeKind::Match, start, start, pos_, children);
}

NodeId Parser::match_arm() {
  TokenIndex first = pos_;
  Flag in_arm(in_match_arm_, true);
  std::vector<NodeId> children;
  if (at(TokenKind::As)) {
    TokenIndex as = advance();
    TokenIndex name = expect(TokenKind::Constant, "the name of a type");
    NodeId type_node = add(NodeKind::TypeName, name, name, pos_, {});
    children.push_back(add(NodeKind::MatchType, as, as, pos_, {type_node}));
  } else {
    children.push_back(expression());
    while (at(TokenKind::Comma)) {
      advance();
      children.push_back(expression());
    }
  }
  NodeId guard = empty();
  if (at(TokenKind::When)) {
    advance();
    guard = expression();
  }
  children.push_back(guard);
  if (!at(TokenKind::Arrow)) {
    bool type_pattern = tree_.kind(children.front()) == NodeKind::MatchType;
    fail(!tree_.is_empty(guard) ? "'->'" : type_pattern ? "'when' or '->'" : "',', 'when' or '->'");
  }
  advance();
  in_arm.restore();
  children.push_back(body());
  return add(NodeKind::MatchArm, first, first, pos_, children);
}

} // namespace inko::parse
