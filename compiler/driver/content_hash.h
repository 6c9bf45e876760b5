// Content hashes for the build cache: BLAKE3 (LLVM's), printed as 32 hex
// digits (128 bits). A Hasher takes tagged fields, so that ("ab", "c") and
// ("a", "bc") give different keys.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace inko::driver {

class Hasher {
public:
  Hasher();
  ~Hasher();
  Hasher& add(std::string_view field);
  Hasher& add(unsigned long long number);
  std::string hex() const;

private:
  struct State;
  std::unique_ptr<State> state_;
};

std::string hash_text(std::string_view text);

// The hash of a file's bytes; false when it cannot be read.
bool hash_file(const std::string& path, std::string& hex);

} // namespace inko::driver
