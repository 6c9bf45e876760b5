// The Parser class, private to parse/. Its member functions are spread over
// files by mechanism: parser.cpp (tokens, nodes, errors and recovery),
// parse_items.cpp (imports, objects, traits, impls, methods, types) and
// parse_expressions.cpp (expressions, sends, blocks, try, match, template
// strings).
#pragma once

#include "parse/parser.h"

#include <string>
#include <vector>

namespace inko::parse {

using lex::TokenIndex;
using lex::TokenKind;

// Thrown to abandon the current expression or item after a syntax error;
// caught where a list of expressions or items continues, which then
// resynchronises. Never leaves the parser.
struct SyntaxError {};

// Where the parser resynchronises after an error: the kinds of tokens that
// may start the next unit of the list being parsed.
enum class Resync { Expression, ObjectItem, MatchArm };

class Parser {
public:
  Parser(const lex::TokenizedBuffer& tokens, DiagnosticEngine& diagnostics);
  Tree run();

private:
  // ---- Tokens (parser.cpp) ------------------------------------------------
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
  static bool starts_expression(TokenKind k);

  // ---- Errors and recovery (parser.cpp) -----------------------------------
  [[noreturn]] void fail(std::string_view expected);
  // As fail(), adding a note at `open` when the bracket it opened is
  // missing its partner on another line.
  [[noreturn]] void fail_unclosed(std::string_view expected, TokenIndex open);
  TokenIndex expect(TokenKind k, std::string_view expected = {});
  TokenIndex expect_closing(TokenKind k, std::string_view expected, TokenIndex open);
  std::string found_text() const;
  // Reports a diagnostic that does not stop parsing.
  void report(DiagnosticKind kind, TokenIndex at, std::initializer_list<std::string_view> args);
  // Parses one unit of a list with `parse_unit`; on a syntax error returns
  // an Error node and skips to where the next unit can start, staying
  // inside the list closed by the partner of `open` (kNoToken: the module).
  template <class ParseUnit>
  NodeId recoverable(ParseUnit parse_unit, TokenIndex open, Resync resync);
  void skip_after_error(TokenIndex unit_start, TokenIndex open, Resync resync);
  bool is_resync_point(TokenIndex index, Resync resync) const;

  // ---- Nodes (parser.cpp) -------------------------------------------------
  NodeId add(NodeKind k, TokenIndex main, TokenIndex first, TokenIndex end_exclusive,
             const std::vector<NodeId>& children, uint8_t flags = 0, uint32_t text = kNoText);
  NodeId empty() { return add(NodeKind::Empty, pos_, pos_, pos_, {}); }
  uint32_t intern(std::string text);
  uint32_t name_text(TokenIndex name_token, std::string name);
  [[noreturn]] void too_deep(TokenIndex at, int limit);

  // Sets a flag for a scope, restoring its previous value at the end.
  struct Flag {
    bool& flag;
    bool saved;
    Flag(bool& f, bool value) : flag(f), saved(f) { flag = value; }
    ~Flag() { flag = saved; }
    void restore() { flag = saved; }
    Flag(const Flag&) = delete;
    Flag& operator=(const Flag&) = delete;
  };

  struct DepthGuard {
    Parser& parser;
    explicit DepthGuard(Parser& p);
    ~DepthGuard() { --parser.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
  };

  // ---- Items (parse_items.cpp) --------------------------------------------
  NodeId top_item();
  NodeId import();
  NodeId import_segment();
  NodeId import_symbol();
  NodeId object_def();
  NodeId trait_def();
  NodeId impl_def();
  NodeId object_item();
  NodeId trait_item();
  NodeId method_def();
  void signature_in_wrong_order();
  bool starts_next_method() const;
  bool starts_top_level_definition() const;
  void report_missing_brace(TokenIndex open);
  uint32_t column_of(TokenIndex index) const;
  std::string message_name(bool defining);
  NodeId params();
  NodeId param();
  NodeId type_params();
  std::vector<NodeId> bound_list();
  NodeId where_clauses();
  NodeId throw_type();
  NodeId return_type();
  NodeId body();

  // ---- Types (parse_items.cpp) --------------------------------------------
  NodeId type();
  NodeId type_name();
  [[noreturn]] void fail_type_path();
  NodeId type_args();
  NodeId block_type();

  // ---- Expressions (parse_expressions.cpp) --------------------------------
  NodeId expression();
  NodeId binary();
  NodeId chain();
  NodeId invalid_assignment(TokenIndex start);
  NodeId send_after_dot(NodeId receiver, TokenIndex start);
  NodeId send_rest(NodeId receiver, TokenIndex name_token, TokenIndex start, uint32_t name);
  void call_arguments(std::vector<NodeId>& children);
  void bare_arguments(std::vector<NodeId>& children);
  bool starts_block_literal() const;
  bool starts_bare_argument() const;
  NodeId argument(bool& seen_keyword);
  NodeId index(NodeId receiver, TokenIndex start);
  NodeId primary();
  NodeId misplaced_definition();
  NodeId nested_method();
  NodeId grouped_expression();
  NodeId identifier();
  NodeId attribute();
  NodeId let();
  NodeId return_expression();
  NodeId try_body();
  NodeId try_expression();
  NodeId block_literal();
  NodeId template_string();
  NodeId match_expression();
  NodeId match_arm();

  const lex::TokenizedBuffer& tokens_;
  DiagnosticEngine& diagnostics_;
  Tree tree_;
  std::vector<uint16_t> heights_; // per node: the height of its subtree
  TokenIndex pos_ = 0;
  int depth_ = 0;
  int method_depth_ = 0;       // > 0 inside a method body
  uint32_t method_column_ = 0; // the column of the innermost method's `def`
  // The token of the latest syntax error, reported or not (errors at the
  // same token are reported once).
  TokenIndex fail_pos_ = lex::kNoToken;
  TokenIndex reported_pos_ = lex::kNoToken;
  // Set after a nesting limit: every list stops recovering and the parse
  // unwinds to the module.
  bool giving_up_ = false;
  // > 0 inside a template string the lexer found unterminated: it has
  // reported that, and anything the parser would add is a consequence.
  int silenced_ = 0;
  bool in_match_arm_ = false; // parsing the patterns or guard of a match arm
  TokenIndex unit_start_ = 0; // the first token of the innermost unit being parsed
};

template <class ParseUnit>
NodeId Parser::recoverable(ParseUnit parse_unit, TokenIndex open, Resync resync) {
  TokenIndex start = pos_;
  TokenIndex outer_unit_start = unit_start_;
  unit_start_ = start;
  try {
    NodeId unit = parse_unit();
    unit_start_ = outer_unit_start;
    return unit;
  } catch (SyntaxError&) {
    unit_start_ = outer_unit_start;
    if (giving_up_)
      throw;
    TokenIndex failed_at = fail_pos_ == lex::kNoToken ? start : fail_pos_;
    // The end of the file moves when text is appended; the last token does
    // not (golden trees stay stable).
    if (failed_at > 0 && token(failed_at).kind == TokenKind::EndOfFile)
      --failed_at;
    skip_after_error(start, open, resync);
    return add(NodeKind::Error, failed_at, start, pos_, {});
  }
}

} // namespace inko::parse
