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
  CHECK(out.str() == "dir/main.inko:2:5: error: expected '(', but found 'bar'\n"
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
        "{\"severity\":\"error\",\"kind\":\"InvalidCharacter\",\"message\":\"the character "
        "'\\\"' is not valid here\",\"file\":\"a.inko\",\"line\":1,\"column\":1,\"end_line\":1,"
        "\"end_column\":2}\n");
}

} // namespace
} // namespace inko
