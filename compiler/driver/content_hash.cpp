#include "driver/content_hash.h"

#include <fstream>
#include <iterator>
#include <llvm/Support/BLAKE3.h>

namespace inko::driver {

struct Hasher::State {
  llvm::BLAKE3 blake3;
};

Hasher::Hasher() : state_(std::make_unique<State>()) {}

Hasher::~Hasher() = default;

Hasher& Hasher::add(std::string_view field) {
  add(static_cast<unsigned long long>(field.size()));
  state_->blake3.update(llvm::StringRef(field.data(), field.size()));
  return *this;
}

Hasher& Hasher::add(unsigned long long number) {
  uint8_t bytes[8];
  for (int i = 0; i < 8; ++i)
    bytes[i] = static_cast<uint8_t>(number >> (8 * i));
  state_->blake3.update(llvm::ArrayRef<uint8_t>(bytes, 8));
  return *this;
}

std::string Hasher::hex() const {
  auto digest = state_->blake3.final<16>();
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  for (uint8_t byte : digest) {
    text += kDigits[byte >> 4];
    text += kDigits[byte & 15];
  }
  return text;
}

std::string hash_text(std::string_view text) {
  return Hasher().add(text).hex();
}

bool hash_file(const std::string& path, std::string& hex) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return false;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad())
    return false;
  hex = hash_text(text);
  return true;
}

} // namespace inko::driver
