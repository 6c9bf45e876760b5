// Tokens and the TokenizedBuffer that the lexer produces and the parser
// consumes. A token is an index into the buffer; its text is a byte range of
// the source file.
#pragma once

#include "base/source.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace inko::lex {

enum class TokenKind : uint8_t {
#define TOKEN(name, spelling) name,
#include "lex/token_kinds.def"
};

std::string_view token_spelling(TokenKind kind);
bool is_keyword(TokenKind kind);
bool is_binary_operator(TokenKind kind);
bool is_compound_assignment(TokenKind kind);

using TokenIndex = uint32_t;
inline constexpr TokenIndex kNoToken = UINT32_MAX;

// Whether the kind opens or closes a bracket pair: ( !( [ { and the
// delimiters of template strings and their embedded expressions.
bool is_opening_bracket(TokenKind kind);
bool is_closing_bracket(TokenKind kind);

struct Token {
  TokenKind kind;
  // Whether whitespace or a comment separates this token from the previous
  // one (bare arguments need a space after the message name, L73).
  bool space_before;
  uint32_t offset;
  uint32_t length;
  uint32_t line; // 1-based line of the first byte
  // For brackets: the index of the matching bracket, or kNoToken when it is
  // unbalanced. The parser uses it to skip a whole group when recovering
  // from a syntax error.
  TokenIndex partner;
};

// The tokens of one file; the last token is always EndOfFile.
struct TokenizedBuffer {
  FileId file = 0;
  std::string_view text;
  std::vector<Token> tokens;

  const Token& operator[](TokenIndex index) const { return tokens[index]; }
  std::string_view text_of(TokenIndex index) const {
    return text.substr(tokens[index].offset, tokens[index].length);
  }
  SourceRange range_of(TokenIndex index) const {
    return {file, tokens[index].offset, tokens[index].offset + tokens[index].length};
  }
};

} // namespace inko::lex
