// Items and types: imports (L21), objects, traits and impls (L22), method
// signatures and bodies (L23), and type annotations (L24).
#include "parse/parser_impl.h"

namespace inko::parse {

NodeId Parser::top_item() {
  switch (kind()) {
  case TokenKind::Import:
    return import();
  case TokenKind::Object:
    return object_def();
  case TokenKind::Trait:
    return trait_def();
  case TokenKind::Impl:
    return impl_def();
  default:
    return expression();
  }
}

// ---- Imports ------------------------------------------------------------------

NodeId Parser::import() {
  TokenIndex start = expect(TokenKind::Import);
  std::vector<NodeId> children;
  children.push_back(import_segment());
  while (at(TokenKind::ColonColon)) {
    advance();
    if (at(TokenKind::Constant)) {
      TokenIndex name = advance();
      children.push_back(add(NodeKind::ImportSymbol, name, name, pos_, {}));
      break;
    }
    if (at(TokenKind::Star)) {
      TokenIndex star = advance();
      children.push_back(add(NodeKind::ImportGlob, star, star, pos_, {}));
      break;
    }
    if (at(TokenKind::LeftParen)) {
      TokenIndex open = advance();
      children.push_back(import_symbol());
      while (at(TokenKind::Comma)) {
        advance();
        children.push_back(import_symbol()); // no trailing comma here (§2)
      }
      expect_closing(TokenKind::RightParen, "',' or ')'", open);
      break;
    }
    if (at(TokenKind::Identifier) || at(TokenKind::Object) || at(TokenKind::Trait) ||
        at(TokenKind::Return)) {
      children.push_back(import_segment());
      continue;
    }
    fail("a module name, a constant, '*' or '('");
  }
  return add(NodeKind::Import, start, start, pos_, children);
}

NodeId Parser::import_segment() {
  switch (kind()) {
  case TokenKind::Identifier:
  case TokenKind::Object:
  case TokenKind::Trait:
  case TokenKind::Return: {
    TokenIndex name = advance();
    return add(NodeKind::ImportSegment, name, name, pos_, {});
  }
  default:
    fail("a module name");
  }
}

NodeId Parser::import_symbol() {
  if (!at(TokenKind::Self) && !at(TokenKind::Constant) && !at(TokenKind::Identifier))
    fail("'self', a constant or an identifier");
  TokenIndex name = advance();
  std::vector<NodeId> children;
  if (at(TokenKind::As)) {
    advance();
    if (!at(TokenKind::Identifier) && !at(TokenKind::Constant))
      fail("an identifier or a constant after 'as'");
    TokenIndex alias = advance();
    children.push_back(add(NodeKind::ImportAlias, alias, alias, pos_, {}));
  }
  return add(NodeKind::ImportSymbol, name, name, pos_, children);
}

// ---- Objects, traits, impls -----------------------------------------------------

NodeId Parser::object_def() {
  TokenIndex start = expect(TokenKind::Object);
  TokenIndex name = expect(TokenKind::Constant, "the name of the object");
  std::vector<NodeId> children;
  children.push_back(at(TokenKind::TypeArgsOpen) ? type_params() : empty());
  TokenIndex open = expect(TokenKind::LeftBrace, "'{'");
  while (!at(TokenKind::RightBrace)) {
    if (at(TokenKind::EndOfFile))
      fail_unclosed("an attribute, 'def' or '}'", open);
    if (starts_top_level_definition()) {
      report_missing_brace(open);
      return add(NodeKind::ObjectDef, name, start, pos_, children);
    }
    children.push_back(recoverable([&] { return object_item(); }, open, Resync::ObjectItem));
  }
  advance();
  return add(NodeKind::ObjectDef, name, start, pos_, children);
}

NodeId Parser::object_item() {
  if (at(TokenKind::Attribute)) {
    TokenIndex attribute = advance();
    expect(TokenKind::Colon, "':' and the type of the attribute");
    NodeId type_node = type();
    return add(NodeKind::AttributeDecl, attribute, attribute, pos_, {type_node});
  }
  if (at(TokenKind::Def) || at(TokenKind::Static))
    return method_def();
  fail("an attribute, 'def' or '}'");
}

NodeId Parser::trait_item() {
  if (!at(TokenKind::Def) && !at(TokenKind::Static))
    fail("'def' or '}'");
  return method_def();
}

NodeId Parser::trait_def() {
  TokenIndex start = expect(TokenKind::Trait);
  TokenIndex name = expect(TokenKind::Constant, "the name of the trait");
  std::vector<NodeId> children;
  children.push_back(at(TokenKind::TypeArgsOpen) ? type_params() : empty());
  if (at(TokenKind::Colon)) {
    TokenIndex colon = advance();
    std::vector<NodeId> requirements;
    requirements.push_back(type_name());
    while (at(TokenKind::Plus) || at(TokenKind::Constant)) {
      if (at(TokenKind::Plus))
        advance();
      requirements.push_back(type_name());
    }
    children.push_back(add(NodeKind::TraitRequirements, colon, colon, pos_, requirements));
  } else {
    children.push_back(empty());
  }
  TokenIndex open = expect(TokenKind::LeftBrace, "'{'");
  while (!at(TokenKind::RightBrace)) {
    if (at(TokenKind::EndOfFile))
      fail_unclosed("'def' or '}'", open);
    if (starts_top_level_definition()) {
      report_missing_brace(open);
      return add(NodeKind::TraitDef, name, start, pos_, children);
    }
    children.push_back(recoverable([&] { return trait_item(); }, open, Resync::ObjectItem));
  }
  advance();
  return add(NodeKind::TraitDef, name, start, pos_, children);
}

NodeId Parser::impl_def() {
  TokenIndex start = expect(TokenKind::Impl);
  std::vector<NodeId> children;
  NodeKind k = NodeKind::ImplReopen;
  if (peek_kind() == TokenKind::TypeArgsOpen || peek_kind() == TokenKind::For) {
    // `impl Trait!(T) for Object`: only the trait takes type arguments.
    children.push_back(type_name());
    expect(TokenKind::For, "'for'");
    TokenIndex object = expect(TokenKind::Constant, "the name of an object");
    children.push_back(add(NodeKind::TypeName, object, object, pos_, {}));
    k = NodeKind::ImplTrait;
  } else {
    TokenIndex object = expect(TokenKind::Constant, "the name of a trait or an object");
    children.push_back(add(NodeKind::TypeName, object, object, pos_, {}));
  }
  TokenIndex open =
      expect(TokenKind::LeftBrace, k == NodeKind::ImplReopen ? "'for' or '{'" : "'{'");
  while (!at(TokenKind::RightBrace)) {
    if (at(TokenKind::EndOfFile))
      fail_unclosed("'def' or '}'", open);
    if (starts_top_level_definition()) {
      report_missing_brace(open);
      return add(k, start, start, pos_, children);
    }
    children.push_back(recoverable([&] { return trait_item(); }, open, Resync::ObjectItem));
  }
  advance();
  return add(k, start, start, pos_, children);
}

// ---- Methods ----------------------------------------------------------------------

NodeId Parser::method_def() {
  TokenIndex start = pos_;
  uint8_t flags = 0;
  if (at(TokenKind::Static)) {
    advance();
    flags |= FlagStatic;
  }
  expect(TokenKind::Def, "'def'");
  TokenIndex name_token = pos_;
  uint32_t name = name_text(name_token, message_name(true));
  std::vector<NodeId> children;
  children.push_back(at(TokenKind::TypeArgsOpen) ? type_params() : empty());
  children.push_back(at(TokenKind::LeftParen) ? params() : empty());
  children.push_back(throw_type());
  children.push_back(return_type());
  children.push_back(at(TokenKind::Where) ? where_clauses() : empty());
  if (!at(TokenKind::LeftBrace)) {
    signature_in_wrong_order();
    return add(NodeKind::RequiredMethod, name_token, start, pos_, children, flags, name);
  }
  ++method_depth_;
  uint32_t outer_column = method_column_;
  method_column_ = column_of(start);
  try {
    children.push_back(body());
  } catch (SyntaxError&) {
    --method_depth_;
    method_column_ = outer_column;
    throw;
  }
  --method_depth_;
  method_column_ = outer_column;
  return add(NodeKind::MethodDef, name_token, start, pos_, children, flags, name);
}

// A `def` that starts a line no further right than the `def` of the method
// being parsed is the next method: the `}` of a body is missing.
// So does `object`, `trait`, `impl` or `import` there.
bool Parser::starts_next_method() const {
  if (method_depth_ == 0 || same_line_as_previous() || column_of(pos_) > method_column_)
    return false;
  return at(TokenKind::Def) || at(TokenKind::Static) || starts_top_level_definition();
}

bool Parser::starts_top_level_definition() const {
  return (at(TokenKind::Object) || at(TokenKind::Trait) || at(TokenKind::Impl) ||
          at(TokenKind::Import)) &&
         !same_line_as_previous();
}

void Parser::report_missing_brace(TokenIndex open) {
  if (reported_pos_ == pos_ || giving_up_ || silenced_ > 0)
    return;
  reported_pos_ = pos_;
  bool method = at(TokenKind::Def) || at(TokenKind::Static);
  diagnostics_.report(
      DiagnosticKind::ExpectedButFound, tokens_.range_of(pos_),
      {method ? "'}' before the next method" : "'}' before the next definition", found_text()});
  diagnostics_.report(DiagnosticKind::UnclosedBracket, tokens_.range_of(open), {"'{'"});
}

uint32_t Parser::column_of(TokenIndex index) const {
  uint32_t offset = token(index).offset;
  uint32_t start = offset;
  while (start > 0 && tokens_.text[start - 1] != '\n' && tokens_.text[start - 1] != '\r')
    --start;
  return offset - start + 1;
}

// A signature part after the end of a signature (`-> A !! B`, or `where`
// before `->`) is most likely written in the wrong order (L62).
void Parser::signature_in_wrong_order() {
  if (!same_line_as_previous())
    return;
  switch (kind()) {
  case TokenKind::LeftParen:
  case TokenKind::TypeArgsOpen:
  case TokenKind::BangBang:
  case TokenKind::Arrow:
  case TokenKind::Where:
    fail("'{' (the order is: type parameters, arguments, '!!', '->', 'where', body)");
  default:
    return;
  }
}

// A message name (msg_name in the grammar): identifiers, constants,
// operators, `[]`, the keywords of §2, and setters ending in `=`.
std::string Parser::message_name(bool defining) {
  std::string name;
  bool is_operator = lex::is_binary_operator(kind());
  switch (kind()) {
  case TokenKind::LeftBracket:
    advance();
    expect(TokenKind::RightBracket, "']' (the message '[]')");
    name = "[]";
    break;
  case TokenKind::Identifier:
  case TokenKind::Constant:
  case TokenKind::As:
  case TokenKind::Else:
  case TokenKind::Impl:
  case TokenKind::Import:
  case TokenKind::Let:
  case TokenKind::Object:
  case TokenKind::Return:
  case TokenKind::Self:
  case TokenKind::Throw:
  case TokenKind::Trait:
  case TokenKind::Mut:
  case TokenKind::For:
  case TokenKind::Try:
  case TokenKind::Do:
  case TokenKind::Lambda:
  case TokenKind::Match: // [EXT] keywords, identifiers in 0.8.1
  case TokenKind::When:
    name = std::string(tokens_.text_of(advance()));
    break;
  default:
    if (!is_operator)
      fail(defining ? "the name of the method" : "a message name");
    name = std::string(tokens_.text_of(advance()));
  }
  // `def x=(value)` and `def []=(index, value)` define setters.
  if (defining && at(TokenKind::Assign) && !is_operator) {
    advance();
    name += "=";
  }
  return name;
}

NodeId Parser::params() {
  TokenIndex open = expect(TokenKind::LeftParen);
  std::vector<NodeId> children;
  NodeId rest = 0;
  bool has_rest = false;
  while (!at(TokenKind::RightParen)) {
    NodeId node = param();
    if (has_rest)
      report(DiagnosticKind::RestArgumentNotLast, tree_[rest].token, {tree_.text(rest)});
    if (tree_[node].flags & FlagRest) {
      rest = node;
      has_rest = true;
    }
    children.push_back(node);
    if (!at(TokenKind::Comma))
      break;
    advance();
  }
  expect_closing(TokenKind::RightParen, "',' or ')'", open);
  return add(NodeKind::Params, open, open, pos_, children);
}

NodeId Parser::param() {
  TokenIndex start = pos_;
  uint8_t flags = 0;
  if (at(TokenKind::Star)) {
    advance();
    flags |= FlagRest;
  }
  if (at(TokenKind::Mut)) {
    advance();
    flags |= FlagMutable;
  }
  TokenIndex name = expect(TokenKind::Identifier, "the name of an argument");
  NodeId type_node = empty();
  if (at(TokenKind::Colon)) {
    advance();
    type_node = type();
  }
  NodeId default_value = empty();
  if (at(TokenKind::Assign)) {
    if (flags & FlagRest)
      report(DiagnosticKind::RestArgumentDefault, pos_, {tokens_.text_of(name)});
    advance();
    default_value = expression();
  }
  return add(NodeKind::Param, name, start, pos_, {type_node, default_value}, flags);
}

NodeId Parser::type_params() {
  TokenIndex open = expect(TokenKind::TypeArgsOpen);
  std::vector<NodeId> children;
  do {
    if (!children.empty() && at(TokenKind::RightParen))
      break; // a trailing comma
    TokenIndex name = expect(TokenKind::Constant, "the name of a type parameter");
    std::vector<NodeId> bounds;
    if (at(TokenKind::Colon)) {
      advance();
      bounds = bound_list();
    }
    children.push_back(add(NodeKind::TypeParam, name, name, pos_, bounds));
  } while (at(TokenKind::Comma) && advance());
  expect_closing(TokenKind::RightParen, "',' or ')'", open);
  return add(NodeKind::TypeParams, open, open, pos_, children);
}

std::vector<NodeId> Parser::bound_list() {
  std::vector<NodeId> bounds{type_name()};
  while (at(TokenKind::Plus)) {
    advance();
    bounds.push_back(type_name());
  }
  return bounds;
}

NodeId Parser::where_clauses() {
  TokenIndex where = expect(TokenKind::Where);
  std::vector<NodeId> children;
  do {
    TokenIndex name = expect(TokenKind::Constant, "a type parameter");
    expect(TokenKind::Colon, "':'");
    children.push_back(add(NodeKind::WhereClause, name, name, pos_, bound_list()));
  } while (at(TokenKind::Comma) && advance());
  return add(NodeKind::WhereClauses, where, where, pos_, children);
}

NodeId Parser::throw_type() {
  if (!at(TokenKind::BangBang))
    return empty();
  advance();
  return type();
}

NodeId Parser::return_type() {
  if (!at(TokenKind::Arrow))
    return empty();
  advance();
  return type();
}

NodeId Parser::body() {
  DepthGuard guard(*this);
  Flag outside_arm(in_match_arm_, false);
  TokenIndex open = expect(TokenKind::LeftBrace, "'{'");
  std::vector<NodeId> children;
  while (!at(TokenKind::RightBrace)) {
    if (at(TokenKind::EndOfFile))
      fail_unclosed("'}'", open);
    if (starts_next_method()) {
      // Every body up to the method's ends here; the definition is then
      // parsed where it belongs instead of as a nested method.
      report_missing_brace(open);
      return add(NodeKind::Body, open, open, pos_, children);
    }
    children.push_back(recoverable([&] { return expression(); }, open, Resync::Expression));
  }
  advance();
  return add(NodeKind::Body, open, open, pos_, children);
}

// ---- Types ------------------------------------------------------------------------

NodeId Parser::type() {
  DepthGuard guard(*this);
  if (at(TokenKind::Question)) {
    TokenIndex question = advance();
    NodeId inner = at(TokenKind::Do) || at(TokenKind::Lambda) ? block_type() : type_name();
    return add(NodeKind::OptionalType, question, question, pos_, {inner});
  }
  if (at(TokenKind::Do) || at(TokenKind::Lambda))
    return block_type();
  return type_name();
}

// `socket::SocketAddress` or `std::net::socket::SocketAddress` as a type:
// types are bare constant names (L24), so say what to write instead.
void Parser::fail_type_path() {
  TokenIndex last = pos_;
  while (token(last).kind == TokenKind::Identifier &&
         token(last + 1).kind == TokenKind::ColonColon && !token(last + 1).space_before)
    last += 2;
  if (last != pos_ && token(last).kind == TokenKind::Constant && !giving_up_ && silenced_ == 0 &&
      reported_pos_ != pos_) {
    reported_pos_ = pos_;
    diagnostics_.report(DiagnosticKind::ExpectedButFound, tokens_.range_of(pos_),
                        {"a type", found_text()});
    diagnostics_.report_global(DiagnosticKind::TypePathHint, {tokens_.text_of(last)});
  }
  fail("a type");
}

NodeId Parser::type_name() {
  if (at(TokenKind::Identifier))
    fail_type_path();
  TokenIndex name = expect(TokenKind::Constant, "a type");
  std::vector<NodeId> arguments;
  if (at(TokenKind::TypeArgsOpen)) {
    TokenIndex open = advance();
    do {
      if (!arguments.empty() && at(TokenKind::RightParen))
        break; // a trailing comma
      arguments.push_back(type());
    } while (at(TokenKind::Comma) && advance());
    expect_closing(TokenKind::RightParen, "',' or ')'", open);
  }
  return add(NodeKind::TypeName, name, name, pos_, arguments);
}

// Explicit type arguments of a send (L75).
NodeId Parser::type_args() {
  TokenIndex open = expect(TokenKind::TypeArgsOpen);
  std::vector<NodeId> types;
  do {
    if (!types.empty() && at(TokenKind::RightParen))
      break; // a trailing comma
    types.push_back(type());
  } while (at(TokenKind::Comma) && advance());
  expect_closing(TokenKind::RightParen, "',' or ')'", open);
  return add(NodeKind::TypeArgs, open, open, pos_, types);
}

NodeId Parser::block_type() {
  TokenIndex keyword = advance();
  uint8_t flags = tokens_[keyword].kind == TokenKind::Lambda ? FlagLambda : 0;
  std::vector<NodeId> children;
  if (at(TokenKind::LeftParen)) {
    TokenIndex open = advance();
    std::vector<NodeId> types;
    while (!at(TokenKind::RightParen)) {
      types.push_back(type());
      if (!at(TokenKind::Comma))
        break;
      advance();
    }
    expect_closing(TokenKind::RightParen, "',' or ')'", open);
    children.push_back(add(NodeKind::BlockTypeParams, open, open, pos_, types));
  } else {
    children.push_back(empty());
  }
  children.push_back(throw_type());
  children.push_back(return_type());
  return add(NodeKind::BlockType, keyword, keyword, pos_, children, flags);
}

} // namespace inko::parse
