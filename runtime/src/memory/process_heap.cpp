// Allocation in a process heap: free runs in size-class blocks, large
// objects, and resolving addresses to allocations (see process_heap.h).
// Collection is in collector.cpp.
#include "memory/process_heap.h"

#include "memory/gc_stats.h"
#include "memory/kinds.h"
#include "memory/permanent_store.h"
#include "memory/poison.h"
#include "memory/process_memory.h"
#include "process/process.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace inko {
namespace {

// The first index >= from whose bit is `value`, or `count`.
std::size_t find_bit(const std::uint64_t* bitmap, std::size_t from, std::size_t count, bool value) {
  while (from < count) {
    std::uint64_t word = bitmap[from / 64];
    if (!value)
      word = ~word;
    word &= ~std::uint64_t{0} << (from % 64);
    if (word != 0) {
      std::size_t found =
          (from & ~std::size_t{63}) + static_cast<std::size_t>(std::countr_zero(word));
      return found < count ? found : count;
    }
    from = (from & ~std::size_t{63}) + 64;
  }
  return count;
}

// The most bytes of free cells next_run hands the bump allocator at once.
constexpr std::size_t run_claim_bytes = 4096;

std::size_t block_hash(std::uintptr_t block, std::size_t mask) {
  return ((block / heap_block_size) * 0x9e3779b97f4a7c15ull >> 20) & mask;
}

} // namespace

void Block::initialise(std::size_t size_class_index, bool buffers) {
  next = nullptr;
  size_class = static_cast<std::uint32_t>(size_class_index);
  cell_size = size_classes[size_class_index];
  reciprocal = static_cast<std::uint32_t>(((std::uint64_t{1} << 32) + cell_size - 1) / cell_size);
  cell_count = static_cast<std::uint32_t>((heap_block_size - cells_offset()) / cell_size);
  live_cells = 0;
  holds_buffers = buffers;
  may_finalise = false;
  has_permanent = false;
  allocated.fill(0);
  marked.fill(0);
  permanent.fill(0);
}

Heap::Heap(InkoProcess* owner) : owner_(owner) {
  block_set_.assign(16, 0);
  if (gc_stats_enabled())
    pause_log_ = std::make_unique<std::vector<std::uint64_t>>();
}

Heap::~Heap() {
  fold_gc_stats();
  for (auto& allocators : allocators_) {
    for (Allocator& allocator : allocators) {
      Block* block = allocator.blocks;
      while (block != nullptr) {
        Block* next = block->next;
        if (block->may_finalise) {
          // Only the allocated cells: most of a dying process's block is
          // usually free. Permanent ones live on.
          for (std::size_t word = 0; word < (block->cell_count + 63) / 64; ++word) {
            for (std::uint64_t bits = block->allocated[word] & ~block->permanent[word]; bits != 0;
                 bits &= bits - 1) {
              std::size_t i = word * 64 + static_cast<std::size_t>(std::countr_zero(bits));
              if (i >= block->cell_count)
                break;
              auto* object = reinterpret_cast<InkoHeader*>(block->cell(i));
              if (auto finalise = kind_hooks(kind_of(object)).finalise)
                finalise(object);
            }
          }
        }
        if (block->has_permanent)
          keep_permanent_block(block);
        else
          block_pool().release(block);
        block = next;
      }
    }
  }
  large_.take_permanent(keep_permanent_large_object);
  large_.for_each([](LargeObject* object) {
    if (!object->may_finalise)
      return;
    auto* header = reinterpret_cast<InkoHeader*>(object->payload());
    if (auto finalise = kind_hooks(kind_of(header)).finalise)
      finalise(header);
  });
}

std::uint64_t Heap::begin_copy() {
  constexpr std::uint64_t epochs = std::uint64_t{1} << (64 - forwarding_epoch_shift);
  copy_epoch_ = (copy_epoch_ + 1) % epochs;
  if (copy_epoch_ != 0)
    return copy_epoch_;
  for (auto& allocator : allocators_[0]) {
    for (Block* block = allocator.blocks; block != nullptr; block = block->next) {
      for (std::size_t word = 0; word < Block::bitmap_words; ++word) {
        for (std::uint64_t bits = block->allocated[word]; bits != 0; bits &= bits - 1) {
          std::size_t i = word * 64 + static_cast<std::size_t>(std::countr_zero(bits));
          // Permanent objects are never forwarded, and other processes
          // read their flags.
          if (!block->is_permanent(i))
            reinterpret_cast<InkoHeader*>(block->cell(i))->flags = 0;
        }
      }
    }
  }
  large_.for_each([](LargeObject* object) {
    if (!object->holds_buffer && !object->permanent)
      reinterpret_cast<InkoHeader*>(object->payload())->flags = 0;
  });
  copy_epoch_ = 1;
  return copy_epoch_;
}

void Heap::fold_gc_stats() {
  if (pause_log_ == nullptr)
    return;
  inko::fold_gc_stats(owner_ != nullptr ? owner_->identifier : 0, pause_log_.get(),
                      statistics_.live_bytes);
  pause_log_.reset();
}

void Heap::count_allocation(std::size_t bytes) {
  since_collection_ += bytes;
  statistics_.allocated_bytes += bytes;
}

char* Heap::allocate_slow(std::size_t size, bool buffer, bool finalisable) {
  collect_if_due();
  if (size > largest_cell)
    return allocate_large(size, buffer, finalisable);
  std::size_t size_class = size_class_of(size);
  Allocator& allocator = allocators_[buffer][size_class];
  if (allocator.cursor == allocator.limit && !next_run(allocator) &&
      !new_block(allocator, size_class, buffer))
    return nullptr;
  return allocate(size, buffer, finalisable);
}

char* Heap::allocate_large(std::size_t size, bool buffer, bool finalisable) {
  count_allocation(size);
  statistics_.large_bytes += size;
  return large_.allocate(size, buffer, finalisable);
}

// Moves the allocator to the next run of free cells in its current block or
// in the blocks after it; false when no block has one.
bool Heap::next_run(Allocator& allocator) {
  for (;;) {
    if (Block* block = allocator.current) {
      std::size_t start =
          find_bit(block->allocated.data(), allocator.scan_index, block->cell_count, false);
      if (start < block->cell_count) {
        std::size_t end = find_bit(block->allocated.data(), start, block->cell_count, true);
        // A run counts as allocated when claimed: claiming at most a few
        // pages lets a heap that keeps little alive collect, and reuse its
        // first pages, before it touched the whole block.
        end = std::min(end, start + std::max<std::size_t>(1, run_claim_bytes / block->cell_size));
        allocator.cursor = block->cell(start);
        allocator.limit = block->cell(end);
        allocator.cursor_index = static_cast<std::uint32_t>(start);
        allocator.scan_index = static_cast<std::uint32_t>(end);
        count_allocation((end - start) * block->cell_size);
        return true;
      }
    }
    if (allocator.fill == nullptr) {
      allocator.current = nullptr;
      allocator.cursor = allocator.limit = nullptr;
      return false;
    }
    allocator.current = allocator.fill;
    allocator.fill = allocator.fill->next;
    allocator.scan_index = 0;
  }
}

bool Heap::new_block(Allocator& allocator, std::size_t size_class, bool buffer) {
  auto* block = static_cast<Block*>(block_pool().acquire());
  if (block == nullptr)
    return false;
  unpoison(block, Block::cells_offset());
  block->initialise(size_class, buffer);
  poison(block->cells(), heap_block_size - Block::cells_offset());
  block->next = allocator.blocks;
  allocator.blocks = block;
  ever_used_[buffer] |= std::uint32_t{1} << size_class;
  insert_block(block);
  allocator.current = block;
  allocator.scan_index = 0;
  statistics_.blocks = block_count_;
  return next_run(allocator);
}

void Heap::adopt(Block* blocks, LargeObject* const* large, std::size_t large_count) {
  while (Block* block = blocks) {
    blocks = block->next;
    Allocator& allocator = allocators_[block->holds_buffers][block->size_class];
    block->next = allocator.blocks;
    allocator.blocks = block;
    ever_used_[block->holds_buffers] |= std::uint32_t{1} << block->size_class;
    insert_block(block);
    // The whole block: its free cells are this heap's memory from now on.
    count_allocation(std::size_t{block->cell_count} * block->cell_size);
  }
  statistics_.blocks = block_count_;
  for (std::size_t i = 0; i < large_count; ++i) {
    large_.adopt(large[i]);
    count_allocation(large[i]->size);
    statistics_.large_bytes += large[i]->size;
  }
}

void Heap::free_buffer(void* buffer) {
  if (buffer == nullptr)
    return;
  auto address = reinterpret_cast<std::uintptr_t>(buffer);
  Block* block = Block::of(buffer);
  if (owns_block(block)) {
    std::ptrdiff_t index = block->index_of(address);
    if (index < 0 || !block->holds_buffers || block->cell(index) != buffer ||
        block->is_permanent(static_cast<std::size_t>(index)))
      return;
    // A freed cell behind the cursor is reused after the next collection.
    block->allocated[index / 64] &= ~(std::uint64_t{1} << (index % 64));
    poison(buffer, block->cell_size);
    return;
  }
  if (LargeObject* object = large_.find_start(address);
      object != nullptr && object->holds_buffer && !object->permanent) {
    statistics_.large_bytes -= object->size;
    large_.free(object);
  }
}

char* Heap::grow_buffer(void* buffer, std::size_t size) {
  LargeObject* object = large_.find_start(reinterpret_cast<std::uintptr_t>(buffer));
  if (object == nullptr || !object->holds_buffer || !object->mapped || object->permanent ||
      size <= object->size)
    return nullptr;
  collect_if_due();
  std::size_t old_size = object->size;
  char* grown = large_.grow_mapped(object, size);
  if (grown != nullptr) {
    count_allocation(size - old_size);
    statistics_.large_bytes += size - old_size;
  }
  return grown;
}

Allocation Heap::find(std::uintptr_t address) {
  Block* block = Block::of(reinterpret_cast<void*>(address));
  if (owns_block(block)) {
    std::ptrdiff_t index = block->index_of(address);
    if (index < 0 || !block->is_allocated(static_cast<std::size_t>(index)))
      return {};
    return Allocation{block->cell(index), block->cell_size, block->holds_buffers,
                      block->is_permanent(static_cast<std::size_t>(index))};
  }
  if (LargeObject* object = large_.find(address))
    return Allocation{object->payload(), object->size, object->holds_buffer, object->permanent};
  return {};
}

// Resolves directly rather than through find(): the message writer calls
// this for every object it copies.
Allocation Heap::find_object(InkoValue value) {
  if ((value & 7) != 0 || value == 0)
    return {};
  Block* block = Block::of(reinterpret_cast<void*>(value));
  if (owns_block(block)) {
    std::ptrdiff_t index = block->index_of(value);
    if (index < 0 || block->holds_buffers || !block->is_allocated(static_cast<std::size_t>(index)))
      return {};
    char* start = block->cell(static_cast<std::size_t>(index));
    if (start != reinterpret_cast<char*>(value))
      return {};
    return Allocation{start, block->cell_size, false};
  }
  LargeObject* object = large_.find_start(value);
  if (object == nullptr || object->holds_buffer)
    return {};
  return Allocation{object->payload(), object->size, false};
}

Allocation Heap::find_buffer(const void* address) {
  Allocation allocation = find(reinterpret_cast<std::uintptr_t>(address));
  if (!allocation || !allocation.is_buffer || allocation.start != address)
    return {};
  return allocation;
}

bool Heap::owns_block(const Block* block) const {
  if (block == last_owned_ && block != nullptr)
    return true;
  auto address = reinterpret_cast<std::uintptr_t>(block);
  if (address == 0)
    return false; // the empty entry
  std::size_t mask = block_set_.size() - 1;
  for (std::size_t i = block_hash(address, mask);; i = (i + 1) & mask) {
    std::uintptr_t entry = block_set_[i];
    if (entry == address) {
      last_owned_ = block;
      return true;
    }
    if (entry == 0)
      return false;
  }
}

void Heap::insert_block(Block* block) {
  ++block_count_;
  if (block_count_ * 2 > block_set_.size()) {
    rebuild_block_set();
    return;
  }
  auto address = reinterpret_cast<std::uintptr_t>(block);
  std::size_t mask = block_set_.size() - 1;
  std::size_t i = block_hash(address, mask);
  while (block_set_[i] != 0)
    i = (i + 1) & mask;
  block_set_[i] = address;
}

// Recomputes the set from the allocators' block lists (after a sweep
// released blocks, or to grow it).
void Heap::rebuild_block_set() {
  std::size_t count = 0;
  for_each_used_allocator([&](Allocator& allocator) {
    for (Block* block = allocator.blocks; block != nullptr; block = block->next)
      ++count;
  });
  block_count_ = count;
  last_owned_ = nullptr; // it may have gone back to the pool
  std::size_t capacity = 16;
  while (capacity < count * 4)
    capacity *= 2;
  block_set_.assign(capacity, 0);
  std::size_t mask = capacity - 1;
  for_each_used_allocator([&](Allocator& allocator) {
    for (Block* block = allocator.blocks; block != nullptr; block = block->next) {
      auto address = reinterpret_cast<std::uintptr_t>(block);
      std::size_t i = block_hash(address, mask);
      while (block_set_[i] != 0)
        i = (i + 1) & mask;
      block_set_[i] = address;
    }
  });
  statistics_.blocks = count;
}

} // namespace inko
