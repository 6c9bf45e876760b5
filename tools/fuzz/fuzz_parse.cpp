// libFuzzer target for the front end: any bytes go through the lexer, the
// parser, the tree dumper and the diagnostic renderer. Besides crashes,
// hangs and sanitizer reports, it aborts when an invariant the later
// phases rely on is broken.
#include "diagnostics/diagnostics.h"
#include "lex/lexer.h"
#include "parse/parser.h"
#include "parse/tree.h"

#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace inko;

void require(bool condition) {
  if (!condition)
    std::abort();
}

// Children are built before their parents, so every child id is smaller
// than its parent's; every slot-layout consumer also relies on token
// indexes being in range and on the height bound.
void check_tree(const parse::Tree& tree, size_t token_count) {
  require(tree.root == tree.nodes.size() - 1);
  std::vector<int> height(tree.nodes.size(), 1);
  for (parse::NodeId id = 0; id < tree.nodes.size(); ++id) {
    const parse::Node& node = tree[id];
    require(node.token < token_count && node.first_token < token_count &&
            node.last_token < token_count);
    require(node.children_begin + node.children_count <= tree.children.size());
    for (uint32_t i = 0; i < node.children_count; ++i) {
      parse::NodeId child = tree.child(id, i);
      require(child < id);
      height[id] = std::max(height[id], height[child] + 1);
    }
  }
  require(height[tree.root] <= parse::kMaxTreeHeight + 1);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SourceManager sources;
  FileId file = sources.add("fuzz.inko", std::string(reinterpret_cast<const char*>(data), size));
  DiagnosticEngine diagnostics(sources);
  lex::TokenizedBuffer tokens = lex::tokenize(sources, file, diagnostics);
  require(!tokens.tokens.empty() && tokens.tokens.back().kind == lex::TokenKind::EndOfFile);
  parse::Tree tree = parse::parse(tokens, diagnostics);
  check_tree(tree, tokens.tokens.size());
  std::string dumped = parse::dump_tree(tree, sources);
  std::ostringstream rendered;
  diagnostics.render(rendered, DiagnosticFormat::Text, true);
  diagnostics.render(rendered, DiagnosticFormat::Json, false);
  // An error is always explained: a file that has Error nodes has errors.
  for (const parse::Node& node : tree.nodes) {
    if (node.kind == parse::NodeKind::Error)
      require(diagnostics.has_errors());
  }
  return 0;
}
