#include "parse/tree.h"

#include <string>

namespace inko::parse {
namespace {

constexpr std::string_view kNodeNames[] = {
#define NODE(name) #name,
#include "parse/node_kinds.def"
};

void escape_into(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\r':
      out += "\\r";
      break;
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    default:
      out += c;
    }
  }
}

void dump_node(const Tree& tree, const SourceManager& sources, NodeId id, int depth,
               std::string& out) {
  const Node& node = tree[id];
  out.append(depth * 2, ' ');
  out += node_kind_name(node.kind);
  if (node.kind != NodeKind::Empty && node.kind != NodeKind::Module) {
    out += " \"";
    escape_into(out, tree.text(id));
    out += '"';
    LineColumn position =
        sources.file(tree.tokens->file).position(tree.tokens->tokens[node.token].offset);
    out += " @" + std::to_string(position.line) + ":" + std::to_string(position.column);
  }
  if (node.flags & FlagStatic)
    out += " static";
  if (node.flags & FlagRest)
    out += " rest";
  if (node.flags & FlagMutable)
    out += " mut";
  if (node.flags & FlagParens)
    out += " parens";
  if (node.flags & FlagLambda)
    out += " lambda";
  out += '\n';
  for (uint32_t i = 0; i < node.children_count; ++i) {
    dump_node(tree, sources, tree.child(id, i), depth + 1, out);
  }
}

} // namespace

std::string_view node_kind_name(NodeKind kind) {
  return kNodeNames[static_cast<size_t>(kind)];
}

SourceRange Tree::range(NodeId id) const {
  const Node& node = nodes[id];
  const lex::Token& first = tokens->tokens[node.first_token];
  const lex::Token& last = tokens->tokens[node.last_token];
  return {tokens->file, first.offset, last.offset + last.length};
}

std::string dump_tree(const Tree& tree, const SourceManager& sources) {
  std::string out;
  dump_node(tree, sources, tree.root, 0, out);
  return out;
}

} // namespace inko::parse
