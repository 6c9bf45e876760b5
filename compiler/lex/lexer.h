// The lexer: source text in, TokenizedBuffer out (LANGUAGE §1). Invalid
// input becomes Error tokens plus a diagnostic, so the parser always sees a
// complete token stream.
#pragma once

#include "diagnostics/diagnostics.h"
#include "lex/token.h"

#include <string>

namespace inko::lex {

TokenizedBuffer tokenize(const SourceManager& sources, FileId file, DiagnosticEngine& diagnostics);

// Whether a name is a constant (L5: after any leading `_`s, an uppercase
// letter) rather than an identifier. The lexer and the checker agree on it.
bool is_constant_name(std::string_view name);

// Decodes the body of a string literal token into its value (escapes of
// L11/L12 applied).
std::string decode_string(const TokenizedBuffer& buffer, TokenIndex index);

// Decodes a TemplateText token: the escapes of L12 plus \` and \{, and a
// backslash-newline continuation (L13).
std::string decode_template_text(const TokenizedBuffer& buffer, TokenIndex index);

} // namespace inko::lex
