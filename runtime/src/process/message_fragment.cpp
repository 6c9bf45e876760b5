// Fragments of messages in transit (see message_fragment.h): their blocks,
// packing small ones, and freeing those never received.
#include "process/message_fragment.h"

#include "memory/block_pool.h"
#include "memory/fields.h"
#include "memory/kinds.h"
#include "memory/poison.h"
#include "memory/process_heap.h"
#include "panic/panic.h"
#include "process/message_copy.h"

#include <bit>
#include <cstdlib>
#include <cstring>

namespace inko {
namespace {

constexpr const char* out_of_memory = "Out of memory";

// A few blocks each thread keeps for fragments, so that small messages (whose
// blocks the receiver gives back at once) skip the global pool's lock.
struct BlockCache {
  static constexpr int capacity = 4;
  Block* blocks[capacity] = {};
  int count = 0;

  BlockCache() = default;
  BlockCache(const BlockCache&) = delete;
  BlockCache& operator=(const BlockCache&) = delete;
  ~BlockCache() {
    while (count > 0)
      block_pool().release(blocks[--count]);
  }
};

thread_local BlockCache block_cache;

// Calls visit(cell, size, is_buffer) for every cell of the fragment.
template <typename Visit> void for_each_cell(MessageFragment& fragment, Visit&& visit) {
  for (Block* block = fragment.blocks; block != nullptr; block = block->next) {
    for (std::size_t word = 0; word < (block->live_cells + 63) / 64; ++word) {
      for (std::uint64_t bits = block->allocated[word]; bits != 0; bits &= bits - 1) {
        std::size_t i = word * 64 + static_cast<std::size_t>(std::countr_zero(bits));
        visit(block->cell(i), std::size_t{block->cell_size}, block->holds_buffers);
      }
    }
  }
  char* end = fragment.packed + fragment.packed_bytes;
  for (char* entry = fragment.packed; entry != end;) {
    std::uint64_t word;
    std::memcpy(&word, entry, sizeof(word));
    std::size_t size = word & ~std::uint64_t{1};
    visit(entry + sizeof(word), size, (word & 1) != 0);
    entry += sizeof(word) + size;
  }
}

// Whether `address` lies in the fragment's cells.
bool in_fragment(MessageFragment& fragment, std::uintptr_t address) {
  if (fragment.packed != nullptr)
    return address >= reinterpret_cast<std::uintptr_t>(fragment.packed) &&
           address < reinterpret_cast<std::uintptr_t>(fragment.packed + fragment.packed_bytes);
  for (Block* block = fragment.blocks; block != nullptr; block = block->next)
    if (Block::of(reinterpret_cast<void*>(address)) == block)
      return true;
  return false;
}

// Copies every cell of `fragment` to memory from place(cell, size,
// is_buffer) and returns the copy of `root`. Pass 1 copies the cells and
// leaves each new address in the old cell's first word; pass 2 points the
// references of the new objects, which still point into the fragment, at
// the new cells. The fragment's cells are garbage afterwards.
template <typename Place>
InkoValue move_cells(MessageFragment& fragment, InkoValue root, Place&& place) {
  auto moved = [&](auto pointer) {
    auto address = reinterpret_cast<std::uintptr_t>(pointer);
    if ((address & 7) != 0 || address == 0 || !in_fragment(fragment, address))
      return pointer;
    return reinterpret_cast<decltype(pointer)>(*reinterpret_cast<std::uintptr_t*>(address));
  };
  // Reused: messages are moved one at a time per thread, and never nest.
  struct Moved {
    InkoHeader* copy;
    std::size_t size;
  };
  thread_local std::vector<Moved> objects;
  objects.clear();
  for_each_cell(fragment, [&](char* old_cell, std::size_t size, bool buffer) {
    char* cell = place(old_cell, size, buffer);
    std::memcpy(cell, old_cell, size);
    std::memcpy(old_cell, &cell, sizeof(cell));
    if (!buffer)
      objects.push_back(Moved{reinterpret_cast<InkoHeader*>(cell), size});
  });
  for (Moved moved_object : objects) {
    InkoHeader* object = moved_object.copy;
    switch (kind_of(object)) {
    case INKO_KIND_STRING: {
      auto* string = reinterpret_cast<InkoString*>(object);
      auto bytes = reinterpret_cast<std::uintptr_t>(string->bytes);
      if (bytes != 0 && in_fragment(fragment, bytes))
        string->bytes = reinterpret_cast<InkoSharedBytes*>(string + 1); // its own cell's
      break;
    }
    case INKO_KIND_ARRAY: {
      auto* array = reinterpret_cast<InkoArray*>(object);
      array->values = moved(array->values);
      for (std::size_t i = 0; i < array->length; ++i)
        array->values[i] = moved(array->values[i]);
      break;
    }
    default: {
      std::size_t size = moved_object.size;
      if (void** field = buffer_field(object, kind_hooks(kind_of(object)), size))
        *field = moved(*field);
      for_each_field(object, size, [&](InkoValue& field) { field = moved(field); });
      break;
    }
    }
  }
  return moved(root);
}

} // namespace

Block* acquire_fragment_block(std::size_t size_class, bool buffers) {
  BlockCache& cache = block_cache;
  for (int i = cache.count - 1; i >= 0; --i) {
    Block* block = cache.blocks[i];
    unpoison(block, Block::cells_offset());
    if (block->size_class == size_class && block->holds_buffers == buffers) {
      cache.blocks[i] = cache.blocks[--cache.count];
      return block;
    }
  }
  Block* block =
      cache.count > 0 ? cache.blocks[--cache.count] : static_cast<Block*>(block_pool().acquire());
  if (block != nullptr) {
    unpoison(block, Block::cells_offset());
    block->initialise(size_class, buffers);
  }
  return block;
}

// A fragment is never collected, so nothing is marked: cached blocks are
// left initialised, with every cell free.
void release_fragment_block(Block* block) {
  BlockCache& cache = block_cache;
  if (cache.count == BlockCache::capacity) {
    block_pool().release(block);
    return;
  }
  for (std::size_t word = 0; word < (block->live_cells + 63) / 64; ++word)
    block->allocated[word] = 0;
  block->live_cells = 0;
  block->may_finalise = false;
  cache.blocks[cache.count++] = block;
}

void free_fragment(MessageFragment* fragment) {
  while (Block* block = fragment->blocks) {
    fragment->blocks = block->next;
    release_fragment_block(block);
  }
  for (LargeObject* object : fragment->large)
    LargeObjects::release_detached(object);
  if (fragment->packed != fragment->inline_packed)
    std::free(fragment->packed);
  delete fragment;
}

InkoValue pack_fragment(MessageFragment& fragment, InkoValue root) {
  std::size_t bytes = fragment.cell_bytes + fragment.cell_count * sizeof(std::uint64_t);
  auto* packed = bytes <= MessageFragment::inline_bytes ? fragment.inline_packed
                                                        : static_cast<char*>(std::malloc(bytes));
  if (packed == nullptr)
    std::abort();
  std::size_t used = 0;
  InkoValue packed_root = move_cells(fragment, root, [&](char*, std::size_t size, bool buffer) {
    std::uint64_t word = size | (buffer ? 1 : 0);
    std::memcpy(packed + used, &word, sizeof(word));
    char* cell = packed + used + sizeof(word);
    used += sizeof(word) + size;
    return cell;
  });
  while (Block* block = fragment.blocks) {
    fragment.blocks = block->next;
    release_fragment_block(block);
  }
  fragment.packed = packed;
  fragment.packed_bytes = used;
  return packed_root;
}

InkoValue unpack_fragment(Heap& heap, MessageFragment& fragment, InkoValue root,
                          InkoProcess* process) {
  heap.inhibit_collection();
  InkoValue value = move_cells(fragment, root, [&](char* old_cell, std::size_t size, bool buffer) {
    bool finalisable = false;
    if (!buffer) {
      auto* object = reinterpret_cast<InkoHeader*>(old_cell);
      if (kind_of(object) == INKO_KIND_STRING) {
        InkoSharedBytes* bytes = reinterpret_cast<InkoString*>(object)->bytes;
        finalisable = bytes != nullptr && references_of(bytes) >= 0;
      } else {
        // Not every kind with a finaliser needs it: a plain object's
        // finaliser only closes files and sockets. A block holding
        // finalisable cells has every dead cell's header read when swept.
        finalisable = needs_finaliser(object->klass);
      }
    }
    char* cell = heap.allocate(size, buffer, finalisable);
    if (cell == nullptr)
      panic(process, out_of_memory);
    return cell;
  });
  heap.allow_collection();
  return value;
}

void discard_fragment(MessageFragment* fragment) {
  // Every finaliser runs before any memory goes: a string's finaliser reads
  // its bytes, which may be in another cell of the fragment.
  for_each_cell(*fragment, [](char* cell, std::size_t, bool buffer) {
    if (buffer)
      return;
    auto* copy = reinterpret_cast<InkoHeader*>(cell);
    if (auto finalise = kind_hooks(kind_of(copy)).finalise)
      finalise(copy);
  });
  for (LargeObject* object : fragment->large) {
    if (!object->may_finalise)
      continue;
    auto* copy = reinterpret_cast<InkoHeader*>(object->payload());
    if (auto finalise = kind_hooks(kind_of(copy)).finalise)
      finalise(copy);
  }
  free_fragment(fragment);
}

} // namespace inko
