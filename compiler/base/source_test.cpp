#include "base/source.h"

#include <doctest/doctest.h>
#include <string>
#include <vector>

namespace inko {
namespace {

TEST_CASE("texts stay where they are while files are added") {
  // Short texts live inside their std::string: moving a SourceFile would
  // move them and leave views (tokens, trees) pointing at freed memory.
  SourceManager sources;
  FileId first = sources.add("a.inko", "import a");
  std::string_view view = sources.file(first).text();
  for (int i = 0; i < 100; ++i)
    sources.add("f" + std::to_string(i) + ".inko", "x");
  CHECK(view.data() == sources.file(first).text().data());
  CHECK(view == "import a");
}

TEST_CASE("positions and lines") {
  SourceManager sources;
  FileId file = sources.add("a.inko", "ab\ncd\r\nef\rg");
  CHECK(sources.file(file).position(0).line == 1);
  CHECK(sources.file(file).position(4).column == 2);
  CHECK(sources.file(file).position(7).line == 3);
  CHECK(sources.file(file).line_text(2) == "cd");
  CHECK(sources.file(file).line_text(4) == "g");
}

} // namespace
} // namespace inko
