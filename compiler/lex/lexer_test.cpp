#include "lex/lexer.h"

#include <doctest/doctest.h>
#include <vector>

namespace inko::lex {
namespace {

struct Lexed {
  SourceManager sources;
  DiagnosticEngine diagnostics{sources};
  TokenizedBuffer buffer;

  explicit Lexed(std::string text) {
    FileId file = sources.add("test.inko", std::move(text));
    buffer = tokenize(sources, file, diagnostics);
  }

  std::vector<TokenKind> kinds() const {
    std::vector<TokenKind> out;
    for (const Token& token : buffer.tokens)
      out.push_back(token.kind);
    return out;
  }
};

using K = TokenKind;

TEST_CASE("identifiers, constants, attributes and keywords") {
  Lexed lexed("foo empty? _bar Foo _SEP @name let mut try! self");
  CHECK(lexed.kinds() == std::vector<K>{K::Identifier, K::Identifier, K::Identifier, K::Constant,
                                        K::Constant, K::Attribute, K::Let, K::Mut, K::TryBang,
                                        K::Self, K::EndOfFile});
  CHECK_FALSE(lexed.diagnostics.has_errors());
}

TEST_CASE("a minus directly before a digit is the sign of a literal (L10)") {
  Lexed lexed("a -1 a - 1 a-1");
  CHECK(lexed.kinds() == std::vector<K>{K::Identifier, K::Integer, K::Identifier, K::Minus,
                                        K::Integer, K::Identifier, K::Integer, K::EndOfFile});
  CHECK(lexed.buffer.text_of(1) == "-1");
}

TEST_CASE("numbers") {
  Lexed lexed("1_000 0x2ff 0b101 1.5 1e3 1.5e-3 1.to_string");
  CHECK(lexed.kinds() == std::vector<K>{K::Integer, K::Integer, K::Integer, K::Float, K::Float,
                                        K::Float, K::Integer, K::Dot, K::Identifier, K::EndOfFile});
}

TEST_CASE("operators take the longest match") {
  Lexed lexed("<<= << <= < !( !! != ! .. ... ::");
  CHECK(lexed.kinds() == std::vector<K>{K::ShiftLeftAssign, K::ShiftLeft, K::LessEqual, K::Less,
                                        K::TypeArgsOpen, K::BangBang, K::NotEqual, K::Bang,
                                        K::DotDot, K::DotDotDot, K::ColonColon, K::EndOfFile});
}

TEST_CASE("comments are skipped and line numbers are kept") {
  Lexed lexed("a # comment\n## doc\nb\r\nc");
  REQUIRE(lexed.buffer.tokens.size() == 4);
  CHECK(lexed.buffer.tokens[0].line == 1);
  CHECK(lexed.buffer.tokens[1].line == 3);
  CHECK(lexed.buffer.tokens[2].line == 4);
}

TEST_CASE("string escapes differ between quotes (L11, L12)") {
  Lexed lexed(R"('a\'b\n' "a\"b\n\q\e")");
  REQUIRE(lexed.buffer.tokens.size() == 3);
  CHECK(decode_string(lexed.buffer, 0) == "a'b\\n");
  CHECK(decode_string(lexed.buffer, 1) == "a\"b\n\\q\x1b");
}

TEST_CASE("unterminated strings and invalid characters are reported") {
  Lexed lexed("'abc");
  CHECK(lexed.diagnostics.has_errors());
  CHECK(lexed.diagnostics.diagnostics()[0].kind == DiagnosticKind::UnterminatedString);
  Lexed semicolon("a; b");
  REQUIRE(semicolon.diagnostics.has_errors());
  CHECK(semicolon.diagnostics.diagnostics()[0].message == "The character ';' is not valid here");
}

TEST_CASE("template strings are split around embedded expressions (L13)") {
  Lexed lexed("`a{x + `b{y}`}c\\{d` z");
  CHECK(lexed.kinds() == std::vector<K>{K::TemplateOpen, K::TemplateText, K::TemplateExprOpen,
                                        K::Identifier, K::Plus, K::TemplateOpen, K::TemplateText,
                                        K::TemplateExprOpen, K::Identifier, K::TemplateExprClose,
                                        K::TemplateClose, K::TemplateExprClose, K::TemplateText,
                                        K::TemplateClose, K::Identifier, K::EndOfFile});
  CHECK(decode_template_text(lexed.buffer, 12) == "c{d");
  CHECK_FALSE(lexed.diagnostics.has_errors());
}

TEST_CASE("braces inside an embedded expression are balanced") {
  Lexed lexed("`{ { 1 } }`");
  CHECK(lexed.kinds() == std::vector<K>{K::TemplateOpen, K::TemplateExprOpen, K::LeftBrace,
                                        K::Integer, K::RightBrace, K::TemplateExprClose,
                                        K::TemplateClose, K::EndOfFile});
}

TEST_CASE("template text escapes and line continuations") {
  Lexed lexed("`a\\`b\\n\\q \\\n    c`");
  REQUIRE(lexed.buffer.tokens.size() == 4);
  CHECK(decode_template_text(lexed.buffer, 1) == "a`b\n\\q c");
}

TEST_CASE("unterminated template strings and embedded expressions") {
  Lexed text("`abc");
  REQUIRE(text.diagnostics.diagnostics().size() == 1);
  CHECK(text.diagnostics.diagnostics()[0].kind == DiagnosticKind::UnterminatedString);
  Lexed expression("`a{b");
  REQUIRE(expression.diagnostics.diagnostics().size() == 1);
  CHECK(expression.diagnostics.diagnostics()[0].kind ==
        DiagnosticKind::UnterminatedTemplateExpression);
  CHECK(expression.kinds().back() == K::EndOfFile);
}

TEST_CASE("brackets are paired, skipping unclosed ones") {
  Lexed lexed("{ a(b ] }");
  const auto& tokens = lexed.buffer.tokens;
  CHECK(tokens[0].partner == 5);        // { ... }
  CHECK(tokens[2].partner == kNoToken); // ( never closed
  CHECK(tokens[4].partner == kNoToken); // stray ]
  CHECK(tokens[5].partner == 0);
}

TEST_CASE("template delimiters pair exactly, however many brackets are left open inside") {
  // Found by fuzzing: more unclosed '[' than the pairing search looks at.
  Lexed lexed("`{a" + std::string(100, '[') + "}`");
  const auto& tokens = lexed.buffer.tokens;
  CHECK(tokens.front().partner == tokens.size() - 2);
  CHECK(tokens[1].partner == tokens.size() - 3);
  CHECK(tokens[3].partner == kNoToken);
}

TEST_CASE("numbers: exponents, bases and invalid forms") {
  Lexed lexed("1e-5 2E+3 0XFF -0x10 017 1_000.5");
  CHECK(lexed.kinds() == std::vector<K>{K::Float, K::Float, K::Integer, K::Integer, K::Integer,
                                        K::Float, K::EndOfFile});
  for (const char* bad : {"0x", "0b2", "12abc", "1e"}) {
    Lexed invalid(bad);
    REQUIRE(invalid.diagnostics.has_errors());
    CHECK(invalid.diagnostics.diagnostics()[0].kind == DiagnosticKind::InvalidNumber);
  }
}

TEST_CASE("try! is one token; only letters without case start non-ASCII names") {
  // Été, été, 日, na\u00efve: cased letters start no name (L4, L5).
  Lexed lexed("try!(x) \xc3\x89t\xc3\xa9 \xc3\xa9t\xc3\xa9 \xe6\x97\xa5 na\xc3\xafve");
  CHECK(lexed.kinds() == std::vector<K>{K::TryBang, K::LeftParen, K::Identifier, K::RightParen,
                                        K::Error, K::Error, K::Identifier, K::Identifier,
                                        K::EndOfFile});
}

TEST_CASE("strings spanning lines keep the line count right") {
  Lexed lexed("'a\nb' \"c\\\r\nd\" e");
  REQUIRE(lexed.buffer.tokens.size() == 4);
  CHECK(lexed.buffer.tokens[2].line == 3);
}

} // namespace
} // namespace inko::lex
