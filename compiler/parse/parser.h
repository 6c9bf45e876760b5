// The parser: a TokenizedBuffer in, a Tree out (LANGUAGE §2). Hand-written
// recursive descent with one token of lookahead plus line information for
// the newline rules of L2. Syntax errors are reported to the
// DiagnosticEngine; the tree then contains Error nodes and parsing resumes
// at the next expression of the enclosing body (or the next item of an
// object, trait, impl or module), so one run reports several independent
// errors.
#pragma once

#include "diagnostics/diagnostics.h"
#include "lex/token.h"
#include "parse/tree.h"

namespace inko::parse {

// The deepest nesting of expressions, blocks and types the parser accepts;
// deeper input gets a diagnostic instead of overflowing the compiler's stack.
inline constexpr int kMaxNestingDepth = 500;

// The tallest tree the parser produces (a node, its child, grandchild, ...).
// Long send chains and operator sequences build tall trees without deep
// recursion in the parser; this bound lets later phases and dump_tree walk
// any accepted tree recursively.
inline constexpr int kMaxTreeHeight = 1000;

Tree parse(const lex::TokenizedBuffer& tokens, DiagnosticEngine& diagnostics);

} // namespace inko::parse
