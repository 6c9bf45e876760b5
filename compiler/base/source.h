// Source files and positions. A SourceManager owns every file the compiler
// reads; other phases refer to files by FileId and to text by byte offsets.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace inko {

using FileId = uint32_t;

struct LineColumn {
  uint32_t line = 1;   // 1-based
  uint32_t column = 1; // 1-based, in bytes
};

// A half-open byte range [begin, end) in one file.
struct SourceRange {
  FileId file = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
};

class SourceFile {
public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  std::string_view text() const { return text_; }
  LineColumn position(uint32_t offset) const;
  // The text of the 1-based line, without its line terminator.
  std::string_view line_text(uint32_t line) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }

private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

class SourceManager {
public:
  FileId add(std::string path, std::string text);
  const SourceFile& file(FileId id) const { return files_[id]; }
  size_t size() const { return files_.size(); }

private:
  // A deque: adding a file never moves the others, so string views into
  // their text (tokens, trees) stay valid even for short texts that live
  // inside the std::string itself.
  std::deque<SourceFile> files_;
};

} // namespace inko
