// Where the message writer puts copies (message_writer.h): a fragment's
// blocks (message_fragment.h), filled by bump allocation.
#pragma once

#include "memory/block.h"
#include "memory/heap.h"
#include "memory/large_objects.h"
#include "memory/poison.h"
#include "process/message_copy.h"
#include "process/message_fragment.h"

#include <bit>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

namespace inko {

// Where a Space bump-allocates, per [buffer][size class]: the cells of
// `block` from `next` to `end` are free, those before `next` handed out.
// Their allocation bits are set, and `may_finalise` passed to the block,
// only when the cursor leaves the block (Space::seal): the fast path then
// touches nothing but the cursor. Each thread keeps one zeroed set for its
// Spaces (zeroing them per message would cost more than a small message's
// copy); Space::finish zeroes what it used.
struct Cursor {
  char* next;
  char* end;
  Block* block;
  std::uint32_t cell_size;
  bool may_finalise;
};

struct CursorSet {
  Cursor cursors[2][size_class_count] = {};
  bool busy = false;
};

inline thread_local CursorSet thread_cursors;

// Where copies go: a fragment's blocks.
class Space {
public:
  Space()
      : own_(thread_cursors.busy ? new CursorSet : nullptr),
        cursors_((own_ != nullptr ? own_ : &thread_cursors)->cursors) {
    (own_ != nullptr ? own_ : &thread_cursors)->busy = true;
  }
  Space(const Space&) = delete;
  Space& operator=(const Space&) = delete;
  ~Space() {
    if (MessageFragment* fragment = close())
      discard_fragment(fragment);
  }

  // Ends allocation: returns the fragment holding every copy (null when
  // nothing was copied) and gives the cursors back. Call it before a panic,
  // which never runs the destructor.
  MessageFragment* close() {
    finish();
    if (own_ != nullptr) {
      delete own_;
      own_ = nullptr;
    } else if (cursors_ != nullptr) {
      thread_cursors.busy = false;
    }
    cursors_ = nullptr;
    return std::exchange(fragment_, nullptr);
  }

  // Memory for `size` bytes that the caller fills; the rest of a buffer's
  // cell is zeroed (the collector may scan it). Null when memory is
  // exhausted.
  [[gnu::always_inline]] char* allocate(std::size_t size, bool buffer, bool finalisable) {
    if (size <= largest_cell) {
      std::size_t size_class = size_class_of(size);
      Cursor& cursor = cursors_[buffer][size_class];
      if (cursor.next != cursor.end) {
        char* cell = cursor.next;
        cursor.next += cursor.cell_size;
        if (finalisable)
          cursor.may_finalise = true;
        unpoison(cell, cursor.cell_size);
        if (buffer && cursor.cell_size > size)
          std::memset(cell + size, 0, cursor.cell_size - size);
        return cell;
      }
    }
    return allocate_slow(size, buffer, finalisable);
  }

  // A copy shares `bytes` of malloc'ed memory (a long string's bytes).
  void share_external(std::size_t bytes) { fragment().shared_bytes += bytes; }

  // Gives back the cell of a copy that must never be finalised (the sender
  // panics instead of sending it).
  void forget(char* cell) {
    if (fragment_ == nullptr)
      return;
    Block* block = Block::of(cell);
    for (Block* owned = fragment_->blocks; owned != nullptr; owned = owned->next) {
      if (owned == block) {
        forgotten_.push_back(cell); // its bit is cleared once set (finish)
        poison(cell, block->cell_size);
        return;
      }
    }
    auto& large = fragment_->large;
    for (auto it = large.begin(); it != large.end(); ++it) {
      if ((*it)->payload() == cell) {
        LargeObjects::release_detached(*it);
        large.erase(it);
        return;
      }
    }
  }

private:
  // Records in each block how many cells it handed out (Block::live_cells:
  // the cells past them are free) and in the fragment the cells' total,
  // and leaves the cursors zeroed.
  void finish() {
    if (cursors_ == nullptr)
      return;
    for (int buffer = 0; buffer < 2; ++buffer) {
      for (std::uint32_t used = std::exchange(used_[buffer], 0); used != 0; used &= used - 1) {
        Cursor& cursor = cursors_[buffer][std::countr_zero(used)];
        seal(cursor);
        cursor = Cursor{};
      }
    }
    for (char* cell : forgotten_) {
      Block* block = Block::of(cell);
      auto index =
          static_cast<std::size_t>(block->index_of(reinterpret_cast<std::uintptr_t>(cell)));
      block->allocated[index / 64] &= ~(std::uint64_t{1} << (index % 64));
    }
    // Its memory too: a panic follows a forget, and never runs destructors.
    std::vector<char*>().swap(forgotten_);
    if (fragment_ == nullptr)
      return;
    fragment_->cell_bytes = fragment_->cell_count = 0;
    for (Block* block = fragment_->blocks; block != nullptr; block = block->next) {
      fragment_->cell_bytes += std::size_t{block->live_cells} * block->cell_size;
      fragment_->cell_count += block->live_cells;
    }
  }

  // Marks the cells the cursor handed out in its block (the first ones,
  // in a block that was empty) as allocated, and records their count.
  static void seal(Cursor& cursor) {
    Block* block = cursor.block;
    auto count = static_cast<std::uint32_t>(static_cast<std::size_t>(cursor.next - block->cells()) /
                                            cursor.cell_size);
    for (std::size_t word = 0; word < count / 64; ++word)
      block->allocated[word] = ~std::uint64_t{0};
    if (count % 64 != 0)
      block->allocated[count / 64] |= (std::uint64_t{1} << (count % 64)) - 1;
    block->live_cells = count;
    block->may_finalise = block->may_finalise || cursor.may_finalise;
  }

  MessageFragment& fragment() {
    if (fragment_ == nullptr)
      fragment_ = new MessageFragment;
    return *fragment_;
  }

  // A large object, or a cell of a new block.
  [[gnu::noinline]] char* allocate_slow(std::size_t size, bool buffer, bool finalisable) {
    if (size > largest_cell)
      return allocate_large(size, buffer, finalisable);
    std::size_t size_class = size_class_of(size);
    if (!new_block(cursors_[buffer][size_class], size_class, buffer))
      return nullptr;
    return allocate(size, buffer, finalisable);
  }

  char* allocate_large(std::size_t size, bool buffer, bool finalisable) {
    LargeObject* object = LargeObjects::allocate_detached(size, buffer, finalisable);
    if (object == nullptr)
      return nullptr;
    fragment().large.push_back(object);
    return object->payload();
  }

  bool new_block(Cursor& cursor, std::size_t size_class, bool buffer) {
    Block* block = acquire_fragment_block(size_class, buffer);
    if (block == nullptr)
      return false;
    poison(block->cells(), heap_block_size - Block::cells_offset());
    MessageFragment& owner = fragment();
    block->next = owner.blocks;
    owner.blocks = block;
    if (cursor.block != nullptr)
      seal(cursor);
    cursor = Cursor{block->cells(), block->end(), block, block->cell_size, false};
    used_[buffer] |= std::uint32_t{1} << size_class;
    return true;
  }

  CursorSet* own_; // when the thread's set was in use (never expected)
  Cursor (*cursors_)[size_class_count];
  MessageFragment* fragment_ = nullptr;
  std::uint32_t used_[2] = {0, 0}; // [buffer]: bit n when cursors_[buffer][n] was set
  std::vector<char*> forgotten_;   // cells given back by forget (rare)
  static_assert(size_class_count <= 32);
};

} // namespace inko
