#include "lex/lexer.h"
#include "parse/parser.h"

#include <doctest/doctest.h>
#include <string>
#include <vector>

namespace inko::parse {
namespace {

struct Parsed {
  SourceManager sources;
  DiagnosticEngine diagnostics{sources};
  lex::TokenizedBuffer tokens;
  Tree tree;

  explicit Parsed(std::string text) {
    FileId file = sources.add("test.inko", std::move(text));
    tokens = lex::tokenize(sources, file, diagnostics);
    tree = parse(tokens, diagnostics);
  }

  std::vector<DiagnosticKind> kinds() const {
    std::vector<DiagnosticKind> out;
    for (const Diagnostic& diagnostic : diagnostics.diagnostics())
      out.push_back(diagnostic.kind);
    return out;
  }

  // Walks without recursion, so it can measure any tree.
  int height() const {
    int tallest = 0;
    std::vector<std::pair<NodeId, int>> stack{{tree.root, 1}};
    while (!stack.empty()) {
      auto [id, depth] = stack.back();
      stack.pop_back();
      tallest = std::max(tallest, depth);
      for (uint32_t i = 0; i < tree.child_count(id); ++i)
        stack.push_back({tree.child(id, i), depth + 1});
    }
    return tallest;
  }
};

std::string repeat(std::string_view text, int count) {
  std::string out;
  for (int i = 0; i < count; ++i)
    out += text;
  return out;
}

TEST_CASE("the deepest accepted parentheses parse; one more level is one error") {
  // The module's expression is level 1, each '(' adds one.
  Parsed deepest(repeat("(", kMaxNestingDepth - 1) + "1" + repeat(")", kMaxNestingDepth - 1));
  CHECK_FALSE(deepest.diagnostics.has_errors());
  Parsed too_deep(repeat("(", kMaxNestingDepth) + "1" + repeat(")", kMaxNestingDepth));
  CHECK(too_deep.kinds() == std::vector{DiagnosticKind::NestingTooDeep});
}

TEST_CASE("deeply nested blocks, types and try stop at the limit without a crash") {
  for (std::string text :
       {repeat("{", 5000), repeat("foo do (x: ", 5000), "def a(x: " + repeat("Array!(", 5000),
        repeat("try ", 5000) + "1", repeat("`{", 5000), repeat("match(", 5000),
        repeat("x = ", 5000) + "1", repeat("[", 5000)}) {
    Parsed parsed(text);
    CHECK(parsed.diagnostics.error_count() <= 2);
    CHECK(parsed.height() <= kMaxTreeHeight + 1);
  }
}

TEST_CASE("tall trees from loops (chains, operators, casts) are bounded too") {
  Parsed tallest("a" + repeat(".b", kMaxTreeHeight - 1));
  CHECK_FALSE(tallest.diagnostics.has_errors());
  CHECK(tallest.height() == kMaxTreeHeight + 1); // plus the Module
  CHECK(!dump_tree(tallest.tree, tallest.sources).empty());
  for (std::string text :
       {"a" + repeat(".b", kMaxTreeHeight), "1" + repeat(" + 1", 5000), "x" + repeat(" as T", 5000),
        "x" + repeat("! ", 5000), "x" + repeat("[1]", 5000)}) {
    Parsed parsed(text);
    CHECK(parsed.kinds() == std::vector{DiagnosticKind::NestingTooDeep});
    CHECK(parsed.height() <= kMaxTreeHeight + 1);
  }
}

TEST_CASE("errors in different bodies are reported independently") {
  Parsed parsed("def a {\n  1 +\n}\ndef b {\n  foo(,)\n  bar\n}\nobject C {\n  x\n  def d {}\n}\n");
  CHECK(parsed.kinds() == std::vector{DiagnosticKind::ExpectedButFound,
                                      DiagnosticKind::ExpectedButFound,
                                      DiagnosticKind::ExpectedButFound});
  const Tree& tree = parsed.tree;
  REQUIRE(tree.child_count(tree.root) == 3);
  NodeId object = tree.child(tree.root, 2);
  CHECK(tree.kind(object) == NodeKind::ObjectDef);
  CHECK(tree.kind(tree.child(object, 1)) == NodeKind::Error);
  CHECK(tree.kind(tree.child(object, 2)) == NodeKind::MethodDef);
}

TEST_CASE("a large generated file parses without errors") {
  std::string text;
  for (int i = 0; i < 20000; ++i)
    text += "def m" + std::to_string(i) + "(a: Integer) -> Integer {\n  a + " + std::to_string(i) +
            " * foo.bar(1, b: 'x')\n}\n";
  Parsed parsed(text);
  CHECK_FALSE(parsed.diagnostics.has_errors());
  CHECK(parsed.tree.child_count(parsed.tree.root) == 20000);
}

} // namespace
} // namespace inko::parse
