// When a process heap collects next: how many bytes it may allocate after a
// collection before the next one (docs/memory.md, "When a heap collects").
//
// The base rule keeps a heap within a few times its live size: it collects
// after allocating `growth` times what survived (4 below large_live_bytes,
// 2 from there on), but never before a floor that starts small and doubles
// with each collection up to default_threshold.
//
// A heap that is building something large (a big map, a string buffer, a
// parse tree) keeps most of what it allocates, so each collection marks
// the whole heap and frees little: marking again after `growth` times the
// live size is wasted work. So the factor is also multiplied by the
// patience, allocated / freed of the collection that just ended (between 1
// and max_patience): the next collection then comes when about as much
// garbage as under the base rule has accumulated, if the heap goes on as
// it did. A heap that frees most of what it allocates (most processes, and
// any steady state) keeps the base rule; one that frees nothing waits
// max_patience times longer, which bounds what it may allocate before
// collecting if it then starts making garbage. Heaps under
// patient_live_bytes always keep the base rule: marking them is cheap, a
// program may have thousands of them, and a young heap's first collections
// free little by nature (a process that just received its first large
// message would otherwise hold four times as much garbage from then on).
//
// Not thread safe: one per heap, used by the heap's owner.
#pragma once

#include <algorithm>
#include <cstddef>

namespace inko {

class CollectionPolicy {
public:
  // The floor: the first collection comes after initial_threshold bytes
  // (most processes, ring members or workers answering requests, keep
  // little alive and so keep reusing one warm block); it doubles with every
  // collection up to default_threshold.
  static constexpr std::size_t initial_threshold = 8 * 1024;
  static constexpr std::size_t default_threshold = 1024 * 1024;
  // The base factor: small heaps trade memory for fewer marks (with 2, the
  // copy workload took 7% longer than with 4); from large_live_bytes on a
  // heap stays within three times its live size while it makes garbage.
  static constexpr std::size_t small_heap_growth_factor = 4;
  static constexpr std::size_t large_heap_growth_factor = 2;
  static constexpr std::size_t large_live_bytes = 32 * 1024 * 1024;
  // The most the factor is multiplied by after a collection that freed
  // little or nothing, and the live size from which it may be.
  static constexpr std::size_t max_patience = 4;
  static constexpr std::size_t patient_live_bytes = 4 * 1024 * 1024;

  // Bytes to allocate before the next collection.
  std::size_t threshold() const { return threshold_; }
  // The multiplier the last collection chose (1 to max_patience).
  std::size_t patience() const { return patience_; }

  // Sets the threshold and the floor to `bytes` from now on (tests).
  void set_floor(std::size_t bytes) { minimum_floor_ = floor_ = threshold_ = bytes; }

  // The floor now.
  std::size_t floor() const { return floor_; }

  // A collection ended: `allocated` bytes were allocated since the previous
  // one (or since the start) and `live` bytes survived this one.
  // `keep_floor`: the heap keeps (nearly) nothing and allocates slowly
  // (Heap::collect), so its floor does not double.
  void collected(std::size_t allocated, std::size_t live, bool keep_floor = false) {
    std::size_t before = live_ + allocated;
    std::size_t freed = before > live ? before - live : 0;
    live_ = live;
    patience_ = live < patient_live_bytes           ? 1
                : freed * max_patience <= allocated ? max_patience
                : freed >= allocated                ? 1
                                                    : allocated / freed;
    if (floor_ < minimum_floor_ && !keep_floor)
      floor_ = std::min(2 * floor_, minimum_floor_);
    std::size_t growth =
        live < large_live_bytes ? small_heap_growth_factor : large_heap_growth_factor;
    threshold_ = std::max(growth * patience_ * live, floor_);
  }

private:
  std::size_t threshold_ = initial_threshold;
  std::size_t floor_ = initial_threshold;
  std::size_t minimum_floor_ = default_threshold;
  std::size_t live_ = 0; // after the last collection
  std::size_t patience_ = 1;
};

} // namespace inko
