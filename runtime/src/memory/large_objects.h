// Objects and buffers larger than the largest cell: one allocation each,
// from malloc (or mmap from 256 KiB on, so freeing returns the pages at
// once), preceded by a LargeObject record. A heap keeps its large objects in
// an ordered map so that any address, interior ones too, can be resolved.
//
// Only the heap that owns a large object touches it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>

namespace inko {

struct alignas(16) LargeObject {
  std::size_t size; // bytes usable after the record
  bool marked;
  bool holds_buffer;
  bool may_finalise;
  bool mapped;
  // Promoted in place (P8): never freed, remapped or marked again.
  bool permanent;

  char* payload() { return reinterpret_cast<char*>(this + 1); }
  static LargeObject* of(const void* payload) {
    return reinterpret_cast<LargeObject*>(const_cast<void*>(payload)) - 1;
  }
};

class LargeObjects {
public:
  LargeObjects() = default;
  LargeObjects(const LargeObjects&) = delete;
  LargeObjects& operator=(const LargeObjects&) = delete;
  ~LargeObjects();

  // Zeroed payload of `size` bytes, or null when memory is exhausted.
  char* allocate(std::size_t size, bool holds_buffer, bool may_finalise);
  void free(LargeObject* object);
  // Grows a mapped object's payload to `size` bytes by remapping its pages
  // (mremap: nothing is copied, the new tail reads as zeros) and returns
  // the payload, which may have moved; `object` is gone then. Null, with
  // `object` unchanged, when it is not mapped or the system refuses.
  char* grow_mapped(LargeObject* object, std::size_t size);

  // A large object that belongs to no heap yet (a message fragment's), or
  // null; adopt() hands it to this set, release_detached() frees it.
  static LargeObject* allocate_detached(std::size_t size, bool holds_buffer, bool may_finalise);
  void adopt(LargeObject* object);
  static void release_detached(LargeObject* object) { release(object); }

  // The large object whose payload contains `address`, if any.
  LargeObject* find(std::uintptr_t address) const;
  // The large object whose payload starts at `address`, if any.
  LargeObject* find_start(std::uintptr_t address) const;

  // Frees every unmarked object (calling `finalise` first for those that
  // may need it) and clears the marks but of permanent objects, which stay
  // marked; returns the bytes still live.
  template <typename Finalise> std::size_t sweep(Finalise&& finalise);
  // Hands the permanent objects over to the caller (they leave this set
  // and are never released by it).
  template <typename Take> void take_permanent(Take&& take) {
    std::erase_if(objects_, [&](const auto& entry) {
      if (!entry.second->permanent)
        return false;
      take(entry.second);
      return true;
    });
  }
  template <typename Visit> void for_each(Visit&& visit) {
    for (auto& [address, object] : objects_)
      visit(object);
  }

private:
  static void release(LargeObject* object);

  std::map<std::uintptr_t, LargeObject*> objects_; // by payload address
  std::uintptr_t low_ = UINTPTR_MAX;               // bounds of every payload
  std::uintptr_t high_ = 0;
};

template <typename Finalise> std::size_t LargeObjects::sweep(Finalise&& finalise) {
  std::size_t live = 0;
  for (auto it = objects_.begin(); it != objects_.end();) {
    LargeObject* object = it->second;
    if (object->marked) {
      object->marked = object->permanent;
      live += object->size;
      ++it;
      continue;
    }
    if (object->may_finalise)
      finalise(object->payload());
    it = objects_.erase(it);
    release(object);
  }
  return live;
}

} // namespace inko
