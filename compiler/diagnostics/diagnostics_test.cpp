#include "diagnostics/diagnostics.h"

#include <doctest/doctest.h>
#include <sstream>

namespace inko {
namespace {

TEST_CASE("text diagnostics name the file, line and column and underline the range") {
  SourceManager sources;
  FileId file = sources.add("dir/main.inko", "let a = 1\nfoo bar\n");
  DiagnosticEngine diagnostics(sources);
  diagnostics.report(DiagnosticKind::ExpectedButFound, {file, 14, 17}, {"'('", "'bar'"});
  std::ostringstream out;
  diagnostics.render(out, DiagnosticFormat::Text, false);
  CHECK(out.str() == "dir/main.inko:2:5: error: Expected '(', but found 'bar'\n"
                     "  foo bar\n"
                     "      ^~~\n");
  CHECK(diagnostics.error_count() == 1);
}

TEST_CASE("json diagnostics are one object per line") {
  SourceManager sources;
  FileId file = sources.add("a.inko", "x\n");
  DiagnosticEngine diagnostics(sources);
  diagnostics.report(DiagnosticKind::InvalidCharacter, {file, 0, 1}, {"'\"'"});
  std::ostringstream out;
  diagnostics.render(out, DiagnosticFormat::Json, false);
  CHECK(out.str() ==
        "{\"severity\":\"error\",\"kind\":\"InvalidCharacter\",\"message\":\"The character "
        "'\\\"' is not valid here\",\"file\":\"a.inko\",\"line\":1,\"column\":1,\"end_line\":1,"
        "\"end_column\":2}\n");
}

TEST_CASE("a note follows the diagnostic it explains, even when it points earlier") {
  SourceManager sources;
  FileId file = sources.add("a.inko", "foo(\n  1\nbar\n");
  DiagnosticEngine diagnostics(sources);
  diagnostics.report(DiagnosticKind::InvalidNumber, {file, 12, 13}, {"x"});
  diagnostics.report(DiagnosticKind::ExpectedButFound, {file, 9, 12}, {"')'", "'bar'"});
  diagnostics.report(DiagnosticKind::UnclosedBracket, {file, 3, 4}, {"'('"});
  std::ostringstream out;
  diagnostics.render(out, DiagnosticFormat::Text, false);
  CHECK(out.str() == "a.inko:3:1: error: Expected ')', but found 'bar'\n"
                     "  bar\n"
                     "  ^~~\n"
                     "a.inko:1:4: note: The '(' opened here is not closed\n"
                     "  foo(\n"
                     "     ^\n"
                     "a.inko:3:4: error: x is not a valid number\n"
                     "  bar\n"
                     "     ^\n");
  CHECK(diagnostics.error_count() == 2);
}

TEST_CASE("errors beyond the limit are counted but not shown") {
  SourceManager sources;
  FileId file = sources.add("a.inko", ";\n");
  DiagnosticEngine diagnostics(sources);
  for (size_t i = 0; i < kMaxShownErrors + 2; ++i)
    diagnostics.report(DiagnosticKind::InvalidCharacter, {file, 0, 1}, {"';'"});
  CHECK(diagnostics.error_count() == kMaxShownErrors + 2);
  CHECK(diagnostics.diagnostics().size() == kMaxShownErrors);
  std::ostringstream out;
  diagnostics.render(out, DiagnosticFormat::Text, false);
  CHECK(out.str().ends_with("error: 2 more errors were not shown\n"));
}

} // namespace
} // namespace inko
