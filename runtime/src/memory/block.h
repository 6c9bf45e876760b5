// One heap block: a header followed by cells of a single size (a size
// class). Blocks are aligned to heap_block_size, so the block of any cell is
// its address with the low bits cleared.
//
// Three bitmaps describe the cells: `allocated` (the cell holds an object or
// buffer), `marked` (reached during the current collection) and `permanent`
// (promoted in place, P8: shared by every process, never freed; such cells
// stay allocated and start every collection marked). Only the heap that
// owns the block reads or writes it (the cells of permanent ones are read
// by any process).
#pragma once

#include "memory/block_pool.h"

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>

namespace inko {

class Heap;

// Cell sizes, in bytes. Objects and buffers larger than the last class are
// allocated one by one (memory/large_objects.h).
inline constexpr std::array<std::uint32_t, 27> size_classes = {
    16,  24,  32,  40,  48,  56,  64,  80,  96,   112,  128,  160,  192, 224,
    256, 320, 384, 448, 512, 640, 768, 896, 1024, 1280, 1536, 1792, 2048};
inline constexpr std::size_t size_class_count = size_classes.size();
inline constexpr std::size_t largest_cell = size_classes.back();

namespace detail {
struct SizeClassTable {
  std::uint8_t by_words[largest_cell / 8 + 1] = {};
  constexpr SizeClassTable() {
    std::size_t size_class = 0;
    for (std::size_t words = 0; words <= largest_cell / 8; ++words) {
      while (size_classes[size_class] < words * 8)
        ++size_class;
      by_words[words] = static_cast<std::uint8_t>(size_class);
    }
  }
};
inline constexpr SizeClassTable size_class_table;
} // namespace detail

// The size class for `size` bytes (0 .. largest_cell).
inline std::size_t size_class_of(std::size_t size) {
  return detail::size_class_table.by_words[(size + 7) / 8];
}

struct Block {
  static constexpr std::size_t max_cells = heap_block_size / 16;
  static constexpr std::size_t bitmap_words = max_cells / 64;

  Block* next; // the next block of the same allocator
  std::uint32_t cell_size;
  std::uint32_t cell_count;
  std::uint32_t size_class;
  std::uint32_t live_cells; // after the last sweep (in a message fragment: cells used)
  std::uint32_t reciprocal; // ceil(2^32 / cell_size): division by multiplication
  bool holds_buffers;       // buffers (no InkoHeader) rather than objects
  bool may_finalise;        // some object in it has a finaliser
  bool has_permanent;       // some cell is permanent: the block is never freed
  std::array<std::uint64_t, bitmap_words> allocated;
  std::array<std::uint64_t, bitmap_words> marked;
  std::array<std::uint64_t, bitmap_words> permanent;

  static constexpr std::size_t cells_offset() { return (sizeof(Block) + 15) / 16 * 16; }

  static Block* of(const void* address) {
    return reinterpret_cast<Block*>(reinterpret_cast<std::uintptr_t>(address) &
                                    ~(heap_block_size - 1));
  }

  char* cells() { return reinterpret_cast<char*>(this) + cells_offset(); }
  char* cell(std::size_t index) { return cells() + index * cell_size; }
  char* end() { return cells() + std::size_t{cell_count} * cell_size; }

  // The index of the cell containing `address`, or -1 when it lies in the
  // header or past the last cell.
  std::ptrdiff_t index_of(std::uintptr_t address) {
    auto first = reinterpret_cast<std::uintptr_t>(cells());
    if (address < first)
      return -1;
    // Exact for offsets below 2^17 and cells of at most 2^11 bytes.
    std::size_t index = ((address - first) * reciprocal) >> 32;
    return index < cell_count ? static_cast<std::ptrdiff_t>(index) : -1;
  }

  bool is_allocated(std::size_t i) const { return (allocated[i / 64] >> (i % 64)) & 1; }
  void set_allocated(std::size_t i) { allocated[i / 64] |= std::uint64_t{1} << (i % 64); }
  bool is_permanent(std::size_t i) const { return (permanent[i / 64] >> (i % 64)) & 1; }
  // Makes cell `i` permanent (and marked, as at the start of a collection).
  void set_permanent(std::size_t i) {
    std::uint64_t bit = std::uint64_t{1} << (i % 64);
    permanent[i / 64] |= bit;
    marked[i / 64] |= bit;
    has_permanent = true;
  }
  // Marks cell `i`; false when it was already marked.
  bool mark(std::size_t i) {
    std::uint64_t bit = std::uint64_t{1} << (i % 64);
    if (marked[i / 64] & bit)
      return false;
    marked[i / 64] |= bit;
    return true;
  }

  // Prepares a block fresh from the pool: every cell free.
  void initialise(std::size_t size_class, bool buffers);
};

static_assert(Block::cells_offset() >= sizeof(Block));

} // namespace inko
