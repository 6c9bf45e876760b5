// The memory of permanent cells whose heap is gone (permanent_store.h).
#include "memory/permanent_store.h"

#include <mutex>
#include <vector>

namespace inko {
namespace {

std::mutex store_mutex;
// Leaked on purpose (never destroyed): processes may still run while
// static destructors do.
std::vector<const void*>& kept() {
  static auto* memory = new std::vector<const void*>;
  return *memory;
}

void keep(const void* memory) {
  std::lock_guard lock(store_mutex);
  kept().push_back(memory);
}

} // namespace

void keep_permanent_block(Block* block) {
  keep(block);
}

void keep_permanent_large_object(LargeObject* object) {
  keep(object);
}

std::size_t kept_permanent_memory() {
  std::lock_guard lock(store_mutex);
  return kept().size();
}

} // namespace inko
