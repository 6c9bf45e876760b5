// The fuzz targets' entry module: modules::load_program reads the main
// module from disk, so each input is written to a private temporary file
// (one per process: libFuzzer's -jobs run several), removed at exit.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace inko::fuzz {

class EntryFile {
public:
  EntryFile() {
    std::string pattern = (std::filesystem::temp_directory_path() / "inko-fuzz-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
      std::abort();
    directory_ = pattern;
    path_ = directory_ + "/main.inko";
  }
  ~EntryFile() {
    std::error_code code;
    std::filesystem::remove_all(directory_, code);
  }
  EntryFile(const EntryFile&) = delete;
  EntryFile& operator=(const EntryFile&) = delete;

  const std::string& write(const uint8_t* data, size_t size) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out)
      std::abort();
    return path_;
  }

private:
  std::string directory_;
  std::string path_;
};

} // namespace inko::fuzz
