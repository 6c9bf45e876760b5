#include "parse/parser.h"

#include "lex/lexer.h"

#include <string>
#include <vector>

namespace inko::parse {
namespace {

using lex::TokenIndex;
using lex::TokenKind;

// Thrown to abandon the current item after a syntax error; caught at item
// boundaries, where the parser resynchronises. Never crosses a phase.
struct SyntaxError {};

class Parser {
public:
  Parser(const lex::TokenizedBuffer& tokens, DiagnosticEngine& diagnostics)
      : tokens_(tokens), diagnostics_(diagnostics) {
    tree_.tokens = &tokens;
  }

  Tree run() {
    std::vector<NodeId> items;
    while (!at(TokenKind::EndOfFile)) {
      TokenIndex start = pos_;
      try {
        items.push_back(top_item());
      } catch (SyntaxError&) {
        items.push_back(add(NodeKind::Error, start, start, pos_, {}));
        recover_at_top_level();
      }
    }
    tree_.root = add(NodeKind::Module, 0, 0, pos_, items);
    return std::move(tree_);
  }

private:
  // ---- Token helpers -------------------------------------------------------

  const lex::Token& token(TokenIndex index) const { return tokens_[index]; }
  TokenKind kind() const { return tokens_[pos_].kind; }
  TokenKind peek_kind(uint32_t ahead = 1) const {
    TokenIndex index = pos_ + ahead;
    return index < tokens_.tokens.size() ? tokens_[index].kind : TokenKind::EndOfFile;
  }
  bool at(TokenKind k) const { return kind() == k; }
  TokenIndex advance() {
    TokenIndex current = pos_;
    if (!at(TokenKind::EndOfFile))
      ++pos_;
    return current;
  }
  bool same_line_as_previous() const {
    return pos_ > 0 && token(pos_).line == token(pos_ - 1).line;
  }
  TokenIndex previous() const { return pos_ > 0 ? pos_ - 1 : 0; }

  [[noreturn]] void fail(std::string_view expected) {
    // Errors after an invalid token are noise: the lexer already reported it.
    if (!at(TokenKind::Error)) {
      std::string found = std::string(lex::token_spelling(kind()));
      if (at(TokenKind::Identifier) || at(TokenKind::Constant) || lex::is_keyword(kind())) {
        found = "'" + std::string(tokens_.text_of(pos_)) + "'";
      }
      diagnostics_.report(DiagnosticKind::ExpectedButFound, tokens_.range_of(pos_),
                          {expected, found});
    }
    throw SyntaxError{};
  }

  TokenIndex expect(TokenKind k, std::string_view expected = {}) {
    if (!at(k))
      fail(expected.empty() ? lex::token_spelling(k) : expected);
    return advance();
  }

  // Skips to the next token that starts a line outside any brackets opened
  // since the error, so the next item parses from a clean state.
  void recover_at_top_level() {
    int depth = 0;
    if (!at(TokenKind::EndOfFile))
      advance();
    while (!at(TokenKind::EndOfFile)) {
      TokenKind k = kind();
      if (depth <= 0 && !same_line_as_previous() && starts_top_item(k))
        return;
      if (k == TokenKind::LeftBrace || k == TokenKind::LeftParen || k == TokenKind::TypeArgsOpen ||
          k == TokenKind::LeftBracket) {
        ++depth;
      } else if (k == TokenKind::RightBrace || k == TokenKind::RightParen ||
                 k == TokenKind::RightBracket) {
        --depth;
      }
      advance();
    }
  }

  static bool starts_top_item(TokenKind k) {
    switch (k) {
    case TokenKind::Import:
    case TokenKind::Object:
    case TokenKind::Trait:
    case TokenKind::Impl:
    case TokenKind::Def:
    case TokenKind::Static:
    case TokenKind::Let:
    case TokenKind::Identifier:
    case TokenKind::Constant:
      return true;
    default:
      return false;
    }
  }

  // ---- Node construction ---------------------------------------------------

  NodeId add(NodeKind k, TokenIndex main, TokenIndex first, TokenIndex end_exclusive,
             const std::vector<NodeId>& children, uint8_t flags = 0, uint32_t text = kNoText) {
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
    return static_cast<NodeId>(tree_.nodes.size() - 1);
  }

  NodeId empty() { return add(NodeKind::Empty, pos_, pos_, pos_, {}); }

  uint32_t intern(std::string text) {
    tree_.strings.push_back(std::move(text));
    return static_cast<uint32_t>(tree_.strings.size() - 1);
  }

  struct DepthGuard {
    Parser& parser;
    explicit DepthGuard(Parser& p) : parser(p) {
      if (++parser.depth_ > kMaxNestingDepth) {
        parser.diagnostics_.report(DiagnosticKind::NestingTooDeep,
                                   parser.tokens_.range_of(parser.pos_),
                                   {std::to_string(kMaxNestingDepth)});
        // Unwind the whole file: anything after this point would cascade.
        parser.pos_ = static_cast<TokenIndex>(parser.tokens_.tokens.size() - 1);
        throw SyntaxError{};
      }
    }
    ~DepthGuard() { --parser.depth_; }
  };

  // ---- Items ----------------------------------------------------------------

  NodeId top_item() {
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

  NodeId import() {
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
        advance();
        do {
          children.push_back(import_symbol());
        } while (at(TokenKind::Comma) && advance());
        expect(TokenKind::RightParen, "',' or ')'");
        break;
      }
      children.push_back(import_segment());
    }
    return add(NodeKind::Import, start, start, pos_, children);
  }

  NodeId import_segment() {
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

  NodeId import_symbol() {
    if (!at(TokenKind::Self) && !at(TokenKind::Constant) && !at(TokenKind::Identifier)) {
      fail("'self', a constant or an identifier");
    }
    TokenIndex name = advance();
    std::vector<NodeId> children;
    if (at(TokenKind::As)) {
      advance();
      if (!at(TokenKind::Identifier) && !at(TokenKind::Constant))
        fail("a name after 'as'");
      TokenIndex alias = advance();
      children.push_back(add(NodeKind::ImportAlias, alias, alias, pos_, {}));
    }
    return add(NodeKind::ImportSymbol, name, name, pos_, children);
  }

  NodeId object_def() {
    TokenIndex start = expect(TokenKind::Object);
    TokenIndex name = expect(TokenKind::Constant, "the name of the object");
    std::vector<NodeId> children;
    children.push_back(at(TokenKind::TypeArgsOpen) ? type_params() : empty());
    expect(TokenKind::LeftBrace, "'{'");
    while (!at(TokenKind::RightBrace)) {
      if (at(TokenKind::Attribute)) {
        TokenIndex attribute = advance();
        expect(TokenKind::Colon, "':' and the type of the attribute");
        NodeId type_node = type();
        children.push_back(add(NodeKind::AttributeDecl, attribute, attribute, pos_, {type_node}));
      } else if (at(TokenKind::Def) || at(TokenKind::Static)) {
        children.push_back(method_def());
      } else {
        fail("an attribute, 'def' or '}'");
      }
    }
    advance();
    return add(NodeKind::ObjectDef, name, start, pos_, children);
  }

  NodeId trait_def() {
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
    expect(TokenKind::LeftBrace, "'{'");
    while (!at(TokenKind::RightBrace)) {
      if (!at(TokenKind::Def) && !at(TokenKind::Static))
        fail("'def' or '}'");
      children.push_back(method_def());
    }
    advance();
    return add(NodeKind::TraitDef, name, start, pos_, children);
  }

  NodeId impl_def() {
    TokenIndex start = expect(TokenKind::Impl);
    NodeId first = type_name();
    std::vector<NodeId> children{first};
    NodeKind k = NodeKind::ImplReopen;
    if (at(TokenKind::For)) {
      advance();
      children.push_back(type_name());
      k = NodeKind::ImplTrait;
    }
    expect(TokenKind::LeftBrace, "'{'");
    while (!at(TokenKind::RightBrace)) {
      if (!at(TokenKind::Def) && !at(TokenKind::Static))
        fail("'def' or '}'");
      children.push_back(method_def());
    }
    advance();
    return add(k, start, start, pos_, children);
  }

  // ---- Methods ----------------------------------------------------------------

  NodeId method_def() {
    TokenIndex start = pos_;
    uint8_t flags = 0;
    if (at(TokenKind::Static)) {
      advance();
      flags |= FlagStatic;
    }
    expect(TokenKind::Def);
    TokenIndex name_token = pos_;
    uint32_t name = intern(message_name(true));
    std::vector<NodeId> children;
    children.push_back(at(TokenKind::TypeArgsOpen) ? type_params() : empty());
    if (at(TokenKind::LeftParen)) {
      children.push_back(params());
    } else {
      children.push_back(empty());
    }
    children.push_back(throw_type());
    children.push_back(return_type());
    children.push_back(at(TokenKind::Where) ? where_clauses() : empty());
    if (at(TokenKind::LeftBrace)) {
      children.push_back(body());
      return add(NodeKind::MethodDef, name_token, start, pos_, children, flags, name);
    }
    return add(NodeKind::RequiredMethod, name_token, start, pos_, children, flags, name);
  }

  // A message name (msg_name in the grammar): identifiers, constants,
  // operators, `[]`, `[]=`, keywords, and setters ending in `=`.
  std::string message_name(bool defining) {
    TokenIndex first = pos_;
    std::string name;
    if (at(TokenKind::LeftBracket) && peek_kind() == TokenKind::RightBracket) {
      advance();
      advance();
      name = "[]";
    } else if (at(TokenKind::Identifier) || at(TokenKind::Constant) || lex::is_keyword(kind()) ||
               lex::is_binary_operator(kind())) {
      name = std::string(tokens_.text_of(advance()));
    } else {
      fail(defining ? "a method name" : "a message name");
    }
    // `def x=(value)` and `def []=(index, value)`: the `=` touches the name.
    if (defining && at(TokenKind::Assign) && !token(pos_).space_before &&
        !lex::is_binary_operator(token(first).kind)) {
      advance();
      name += "=";
    }
    return name;
  }

  NodeId params() {
    TokenIndex open = expect(TokenKind::LeftParen);
    std::vector<NodeId> children;
    while (!at(TokenKind::RightParen)) {
      children.push_back(param());
      if (!at(TokenKind::Comma))
        break;
      advance();
    }
    expect(TokenKind::RightParen, "',' or ')'");
    return add(NodeKind::Params, open, open, pos_, children);
  }

  NodeId param() {
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
      advance();
      default_value = expression();
    }
    return add(NodeKind::Param, name, start, pos_, {type_node, default_value}, flags);
  }

  NodeId type_params() {
    TokenIndex open = expect(TokenKind::TypeArgsOpen);
    std::vector<NodeId> children;
    while (!at(TokenKind::RightParen)) {
      TokenIndex name = expect(TokenKind::Constant, "the name of a type parameter");
      std::vector<NodeId> bounds;
      if (at(TokenKind::Colon)) {
        advance();
        bounds = bound_list();
      }
      children.push_back(add(NodeKind::TypeParam, name, name, pos_, bounds));
      if (!at(TokenKind::Comma))
        break;
      advance();
    }
    expect(TokenKind::RightParen, "',' or ')'");
    return add(NodeKind::TypeParams, open, open, pos_, children);
  }

  std::vector<NodeId> bound_list() {
    std::vector<NodeId> bounds{type_name()};
    while (at(TokenKind::Plus)) {
      advance();
      bounds.push_back(type_name());
    }
    return bounds;
  }

  NodeId where_clauses() {
    TokenIndex where = expect(TokenKind::Where);
    std::vector<NodeId> children;
    do {
      TokenIndex name = expect(TokenKind::Constant, "a type parameter");
      expect(TokenKind::Colon, "':'");
      children.push_back(add(NodeKind::WhereClause, name, name, pos_, bound_list()));
    } while (at(TokenKind::Comma) && advance());
    return add(NodeKind::WhereClauses, where, where, pos_, children);
  }

  NodeId throw_type() {
    if (!at(TokenKind::BangBang))
      return empty();
    advance();
    return type();
  }

  NodeId return_type() {
    if (!at(TokenKind::Arrow))
      return empty();
    advance();
    return type();
  }

  NodeId body() {
    DepthGuard guard(*this);
    TokenIndex open = expect(TokenKind::LeftBrace, "'{'");
    std::vector<NodeId> children;
    while (!at(TokenKind::RightBrace)) {
      if (at(TokenKind::EndOfFile))
        fail("'}'");
      children.push_back(expression());
    }
    advance();
    return add(NodeKind::Body, open, open, pos_, children);
  }

  // ---- Types ------------------------------------------------------------------

  NodeId type() {
    DepthGuard guard(*this);
    if (at(TokenKind::Question)) {
      TokenIndex question = advance();
      NodeId inner = type();
      return add(NodeKind::OptionalType, question, question, pos_, {inner});
    }
    if (at(TokenKind::Do) || at(TokenKind::Lambda))
      return block_type();
    return type_name();
  }

  NodeId type_name() {
    TokenIndex name = expect(TokenKind::Constant, "a type");
    std::vector<NodeId> arguments;
    if (at(TokenKind::TypeArgsOpen)) {
      advance();
      while (!at(TokenKind::RightParen)) {
        arguments.push_back(type());
        if (!at(TokenKind::Comma))
          break;
        advance();
      }
      expect(TokenKind::RightParen, "',' or ')'");
    }
    return add(NodeKind::TypeName, name, name, pos_, arguments);
  }

  NodeId block_type() {
    TokenIndex keyword = advance();
    std::vector<NodeId> children;
    if (at(TokenKind::LeftParen) && same_line_as_previous()) {
      TokenIndex open = advance();
      std::vector<NodeId> types;
      while (!at(TokenKind::RightParen)) {
        types.push_back(type());
        if (!at(TokenKind::Comma))
          break;
        advance();
      }
      expect(TokenKind::RightParen, "',' or ')'");
      children.push_back(add(NodeKind::BlockTypeParams, open, open, pos_, types));
    } else {
      children.push_back(empty());
    }
    children.push_back(throw_type());
    children.push_back(return_type());
    return add(NodeKind::BlockType, keyword, keyword, pos_, children);
  }

  // ---- Expressions -------------------------------------------------------------

  NodeId expression() {
    DepthGuard guard(*this);
    TokenIndex start = pos_;
    NodeId left = binary();
    while (at(TokenKind::As)) {
      TokenIndex as = advance();
      NodeId target = type();
      left = add(NodeKind::Cast, as, start, pos_, {left, target});
    }
    return left;
  }

  NodeId binary() {
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

  NodeId chain() {
    TokenIndex start = pos_;
    uint32_t chain_line = token(start).line;
    NodeId receiver = primary();
    while (true) {
      if (at(TokenKind::Dot)) {
        advance();
        receiver = send_after_dot(receiver, start);
      } else if (at(TokenKind::LeftBracket) && token(pos_).line == chain_line) {
        receiver = index(receiver, start);
      } else if (at(TokenKind::Bang) && same_line_as_previous()) {
        TokenIndex bang = advance();
        receiver = add(NodeKind::Deref, bang, start, pos_, {receiver});
      } else {
        return receiver;
      }
    }
  }

  NodeId send_after_dot(NodeId receiver, TokenIndex start) {
    TokenIndex name_token = pos_;
    std::string name = message_name(false);
    // `receiver.name = value` is the setter `name=` (L70).
    if (at(TokenKind::Assign)) {
      advance();
      NodeId value = expression();
      return add(NodeKind::Send, name_token, start, pos_, {receiver, empty(), value}, 0,
                 intern(name + "="));
    }
    return send_rest(receiver, name_token, start, intern(std::move(name)));
  }

  // Parses the optional type arguments and arguments of a send whose name
  // has been consumed.
  NodeId send_rest(NodeId receiver, TokenIndex name_token, TokenIndex start, uint32_t name) {
    std::vector<NodeId> children{receiver};
    if (at(TokenKind::TypeArgsOpen) && same_line_as_previous()) {
      TokenIndex open = advance();
      std::vector<NodeId> types;
      while (!at(TokenKind::RightParen)) {
        types.push_back(type());
        if (!at(TokenKind::Comma))
          break;
        advance();
      }
      expect(TokenKind::RightParen, "',' or ')'");
      children.push_back(add(NodeKind::TypeArgs, open, open, pos_, types));
    } else {
      children.push_back(empty());
    }
    uint8_t flags = 0;
    if (at(TokenKind::LeftParen) && same_line_as_previous()) {
      flags |= FlagParens;
      advance();
      while (!at(TokenKind::RightParen)) {
        children.push_back(argument());
        if (!at(TokenKind::Comma))
          break;
        advance();
      }
      expect(TokenKind::RightParen, "',' or ')'");
      if (starts_block_literal() && same_line_as_previous()) {
        children.push_back(block_literal()); // trailing block (L66)
      }
    } else if (starts_bare_argument()) {
      do {
        if (starts_block_literal()) {
          children.push_back(block_literal());
        } else {
          children.push_back(argument());
        }
      } while (at(TokenKind::Comma) && advance());
    }
    return add(NodeKind::Send, name_token, start, pos_, children, flags, name);
  }

  bool starts_block_literal() const {
    return at(TokenKind::LeftBrace) || at(TokenKind::Do) || at(TokenKind::Lambda);
  }

  // Bare arguments start on the message's line, after a space, with one of
  // the tokens listed in L73.
  bool starts_bare_argument() const {
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
    case TokenKind::TemplateString:
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

  NodeId argument() {
    if (at(TokenKind::Identifier) && peek_kind() == TokenKind::Colon) {
      TokenIndex name = advance();
      advance();
      NodeId value = expression();
      return add(NodeKind::KeywordArg, name, name, pos_, {value});
    }
    return expression();
  }

  NodeId index(NodeId receiver, TokenIndex start) {
    TokenIndex open = advance();
    std::vector<NodeId> children{receiver};
    while (!at(TokenKind::RightBracket)) {
      children.push_back(expression());
      if (!at(TokenKind::Comma))
        break;
      advance();
    }
    expect(TokenKind::RightBracket, "',' or ']'");
    if (at(TokenKind::Assign)) {
      advance();
      children.push_back(expression());
      return add(NodeKind::IndexAssign, open, start, pos_, children);
    }
    return add(NodeKind::Index, open, start, pos_, children);
  }

  NodeId primary() {
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
        fail("a name after '::'");
      TokenIndex name = advance();
      return add(NodeKind::GlobalRef, name, start, pos_, {});
    }
    case TokenKind::LeftParen: {
      advance();
      NodeId inner = expression();
      expect(TokenKind::RightParen, "')'");
      return inner;
    }
    case TokenKind::LeftBrace:
    case TokenKind::Do:
    case TokenKind::Lambda:
      return block_literal();
    case TokenKind::Def:
    case TokenKind::Static:
      return method_def();
    case TokenKind::Let:
      return let();
    case TokenKind::Return: {
      advance();
      std::vector<NodeId> children;
      // `return` takes a value only if it starts on the same line (L92).
      if (same_line_as_previous() && !at(TokenKind::RightBrace) && !at(TokenKind::EndOfFile)) {
        children.push_back(expression());
      } else {
        children.push_back(empty());
      }
      return add(NodeKind::Return, start, start, pos_, children);
    }
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
      return add(NodeKind::TryBang, start, start, pos_, {tried});
    }
    case TokenKind::Import:
      fail("an expression ('import' is only allowed at the top level of a module)");
    default:
      fail("an expression");
    }
  }

  NodeId identifier() {
    TokenIndex name = advance();
    if (at(TokenKind::Assign)) {
      TokenIndex op = advance();
      NodeId target = add(NodeKind::Identifier, name, name, name + 1, {});
      NodeId value = expression();
      return add(NodeKind::Assign, op, name, pos_, {target, value});
    }
    if (lex::is_compound_assignment(kind())) {
      TokenIndex op = advance();
      NodeId target = add(NodeKind::Identifier, name, name, name + 1, {});
      NodeId value = expression();
      return add(NodeKind::Assign, op, name, pos_, {target, value});
    }
    bool has_arguments =
        (at(TokenKind::TypeArgsOpen) || at(TokenKind::LeftParen)) && same_line_as_previous();
    if (has_arguments || starts_bare_argument()) {
      return send_rest(empty(), name, name, kNoText);
    }
    return add(NodeKind::Identifier, name, name, pos_, {});
  }

  NodeId attribute() {
    TokenIndex name = advance();
    if (at(TokenKind::Assign) || lex::is_compound_assignment(kind())) {
      TokenIndex op = advance();
      NodeId target = add(NodeKind::AttributeRef, name, name, name + 1, {});
      NodeId value = expression();
      return add(NodeKind::Assign, op, name, pos_, {target, value});
    }
    return add(NodeKind::AttributeRef, name, name, pos_, {});
  }

  NodeId let() {
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
    expect(TokenKind::Assign, "'=' and the value of the variable");
    NodeId value = expression();
    return add(NodeKind::Let, name, start, pos_, {type_node, value}, flags);
  }

  NodeId try_body() {
    if (at(TokenKind::LeftBrace)) {
      advance();
      NodeId inner = expression();
      expect(TokenKind::RightBrace, "'}' (the body of 'try' is a single expression)");
      return inner;
    }
    return expression();
  }

  NodeId try_expression() {
    TokenIndex start = advance();
    NodeId tried = try_body();
    NodeId binding = empty();
    NodeId fallback = empty();
    if (at(TokenKind::Else)) {
      advance();
      if (at(TokenKind::LeftParen)) {
        advance();
        TokenIndex name = expect(TokenKind::Identifier, "the name of the error variable");
        expect(TokenKind::RightParen, "')'");
        binding = add(NodeKind::TryElseBinding, name, name, pos_, {});
      }
      fallback = at(TokenKind::LeftBrace) ? body() : expression();
    }
    return add(NodeKind::Try, start, start, pos_, {tried, binding, fallback});
  }

  NodeId block_literal() {
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

  const lex::TokenizedBuffer& tokens_;
  DiagnosticEngine& diagnostics_;
  Tree tree_;
  TokenIndex pos_ = 0;
  int depth_ = 0;
};

} // namespace

Tree parse(const lex::TokenizedBuffer& tokens, DiagnosticEngine& diagnostics) {
  return Parser(tokens, diagnostics).run();
}

} // namespace inko::parse
