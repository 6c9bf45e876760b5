// The parser: a TokenizedBuffer in, a Tree out (LANGUAGE §2). Hand-written
// recursive descent with one token of lookahead plus line information for
// the newline rules of L2. Syntax errors are reported to the
// DiagnosticEngine; the tree then contains Error nodes and parsing resumes
// at the next item, so one run reports several independent errors.
#pragma once

#include "diagnostics/diagnostics.h"
#include "lex/token.h"
#include "parse/tree.h"

namespace inko::parse {

// The deepest nesting of expressions and blocks the parser accepts; deeper
// input gets a diagnostic instead of overflowing the compiler's stack.
inline constexpr int kMaxNestingDepth = 500;

Tree parse(const lex::TokenizedBuffer& tokens, DiagnosticEngine& diagnostics);

} // namespace inko::parse
