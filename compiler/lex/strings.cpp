// Decoding the bodies of string literals: the escape rules of the three
// quote kinds (L11, L12, L13).
#include "lex/lexer.h"

namespace inko::lex {
namespace {

// The escapes shared by double-quoted and template strings (L12); returns
// false for a character that is not an escape, which keeps its backslash.
bool decode_double_quote_escape(char next, std::string& out) {
  switch (next) {
  case '"':
    out += '"';
    return true;
  case '\\':
    out += '\\';
    return true;
  case 'n':
    out += '\n';
    return true;
  case 't':
    out += '\t';
    return true;
  case 'r':
    out += '\r';
    return true;
  case 'e':
    out += '\x1b';
    return true;
  case '0':
    out += '\0';
    return true;
  default:
    return false;
  }
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Copies `body`, letting `decode_escape(i, out)` decode each backslash at
// `i` that has a character after it: it appends what the escape stands for
// and returns the index of the escape's last character (`i` itself after
// appending the backslash, for one it does not know).
template <typename DecodeEscape>
std::string decode_escapes(std::string_view body, DecodeEscape&& decode_escape) {
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\\' && i + 1 < body.size())
      i = decode_escape(i, out);
    else
      out += body[i];
  }
  return out;
}

} // namespace

std::string decode_string(const TokenizedBuffer& buffer, TokenIndex index) {
  std::string_view raw = buffer.text_of(index);
  if (raw.size() < 2)
    return {};
  char quote = raw.front();
  std::string_view body = raw.substr(1, raw.size() - 2);
  return decode_escapes(body, [&](size_t i, std::string& out) {
    char next = body[i + 1];
    if (quote == '\'') {
      // Single quotes only know \' and \\ (L11).
      if (next == '\'' || next == '\\') {
        out += next;
        return i + 1;
      }
    } else if (decode_double_quote_escape(next, out)) {
      return i + 1;
    }
    out += '\\'; // Unknown escapes keep the backslash (L12).
    return i;
  });
}

std::string decode_template_text(const TokenizedBuffer& buffer, TokenIndex index) {
  std::string_view body = buffer.text_of(index);
  return decode_escapes(body, [&](size_t i, std::string& out) {
    char next = body[i + 1];
    if (next == '`' || next == '{') {
      out += next;
      return i + 1;
    }
    // A backslash before a line break (\n, \r\n or \r, L2) removes the
    // break and the indentation after it, so long templates can wrap (L13).
    size_t after = i + 1;
    while (after < body.size() && (body[after] == ' ' || body[after] == '\t'))
      ++after;
    if (after < body.size() && (body[after] == '\n' || body[after] == '\r')) {
      while (after < body.size() && is_space(body[after]))
        ++after;
      return after - 1;
    }
    if (decode_double_quote_escape(next, out))
      return i + 1;
    out += '\\';
    return i;
  });
}

} // namespace inko::lex
