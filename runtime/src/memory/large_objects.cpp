// Allocation and lookup of large objects (see large_objects.h).
#include "memory/large_objects.h"

#include <cstdlib>
#include <cstring>
#include <sys/mman.h>

namespace inko {
namespace {

constexpr std::size_t map_from = 256 * 1024;

} // namespace

LargeObjects::~LargeObjects() {
  for (auto& [address, object] : objects_)
    release(object);
}

char* LargeObjects::allocate(std::size_t size, bool holds_buffer, bool may_finalise) {
  LargeObject* object = allocate_detached(size, holds_buffer, may_finalise);
  if (object == nullptr)
    return nullptr;
  adopt(object);
  return object->payload();
}

LargeObject* LargeObjects::allocate_detached(std::size_t size, bool holds_buffer,
                                             bool may_finalise) {
  std::size_t total = sizeof(LargeObject) + size;
  void* memory;
  bool mapped = total >= map_from;
  if (mapped) {
    memory = mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED)
      return nullptr;
  } else {
    memory = std::calloc(1, total);
    if (memory == nullptr)
      return nullptr;
  }
  auto* object = static_cast<LargeObject*>(memory);
  object->size = size;
  object->marked = false;
  object->holds_buffer = holds_buffer;
  object->may_finalise = may_finalise;
  object->mapped = mapped;
  object->permanent = false;
  return object;
}

void LargeObjects::adopt(LargeObject* object) {
  auto address = reinterpret_cast<std::uintptr_t>(object->payload());
  objects_.emplace(address, object);
  if (address < low_)
    low_ = address;
  if (address + object->size > high_)
    high_ = address + object->size;
}

char* LargeObjects::grow_mapped(LargeObject* object, std::size_t size) {
  if (!object->mapped || object->permanent || size <= object->size)
    return nullptr;
  auto address = reinterpret_cast<std::uintptr_t>(object->payload());
  void* memory = mremap(object, sizeof(LargeObject) + object->size, sizeof(LargeObject) + size,
                        MREMAP_MAYMOVE);
  if (memory == MAP_FAILED)
    return nullptr;
  objects_.erase(address);
  auto* grown = static_cast<LargeObject*>(memory);
  grown->size = size;
  adopt(grown);
  return grown->payload();
}

void LargeObjects::free(LargeObject* object) {
  objects_.erase(reinterpret_cast<std::uintptr_t>(object->payload()));
  release(object);
}

void LargeObjects::release(LargeObject* object) {
  if (object->mapped)
    munmap(object, sizeof(LargeObject) + object->size);
  else
    std::free(object);
}

LargeObject* LargeObjects::find(std::uintptr_t address) const {
  if (address < low_ || address >= high_ || objects_.empty())
    return nullptr;
  auto it = objects_.upper_bound(address);
  if (it == objects_.begin())
    return nullptr;
  --it;
  LargeObject* object = it->second;
  return address < it->first + object->size ? object : nullptr;
}

LargeObject* LargeObjects::find_start(std::uintptr_t address) const {
  if (address < low_ || address >= high_)
    return nullptr;
  auto it = objects_.find(address);
  return it == objects_.end() ? nullptr : it->second;
}

} // namespace inko
