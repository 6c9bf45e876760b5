// The syntax tree: the parser's output and the checker's input. Nodes live
// in one array indexed by NodeId; a node's children are a contiguous run of
// ids in `children`. node_kinds.def documents each kind's children.
#pragma once

#include "lex/token.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace inko::parse {

enum class NodeKind : uint8_t {
#define NODE(name) name,
#include "parse/node_kinds.def"
};

std::string_view node_kind_name(NodeKind kind);

using NodeId = uint32_t;
inline constexpr uint32_t kNoText = UINT32_MAX;

enum NodeFlags : uint8_t {
  FlagStatic = 1,
  FlagRest = 2,
  FlagMutable = 4,
  FlagParens = 8,
  FlagLambda = 16,
};

struct Node {
  NodeKind kind;
  uint8_t flags;
  lex::TokenIndex token;       // the node's main token
  lex::TokenIndex first_token; // the node's source range, inclusive
  lex::TokenIndex last_token;
  uint32_t children_begin;
  uint32_t children_count;
  uint32_t text; // index into Tree::strings, or kNoText
};

struct Tree {
  const lex::TokenizedBuffer* tokens = nullptr;
  std::vector<Node> nodes;
  std::vector<NodeId> children;
  std::vector<std::string> strings;
  NodeId root = 0;

  const Node& operator[](NodeId id) const { return nodes[id]; }
  NodeKind kind(NodeId id) const { return nodes[id].kind; }
  uint32_t child_count(NodeId id) const { return nodes[id].children_count; }
  NodeId child(NodeId id, uint32_t index) const {
    return children[nodes[id].children_begin + index];
  }
  bool is_empty(NodeId id) const { return nodes[id].kind == NodeKind::Empty; }
  // The node's name or decoded text: a message, method or string value.
  std::string_view text(NodeId id) const {
    return nodes[id].text == kNoText ? tokens->text_of(nodes[id].token)
                                     : std::string_view(strings[nodes[id].text]);
  }
  SourceRange range(NodeId id) const;
  // The range of the node's main token: where diagnostics point.
  SourceRange token_range(NodeId id) const { return tokens->range_of(nodes[id].token); }
};

// Writes the tree as indented text, one node per line with its kind, text
// and line:column (the golden format of `inkoc parse --dump-tree`).
std::string dump_tree(const Tree& tree, const SourceManager& sources);

} // namespace inko::parse
