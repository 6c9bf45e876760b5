// The deep copy of messages (see message_copy.h).
//
// A fragment is a set of heap blocks (memory/block.h) taken from the global
// pool and filled by the sender with bump allocation, plus the large objects
// too big for a cell. Every copy is written once, at its final address:
// receiving a message hands the fragment's blocks and large objects to the
// receiver's heap (Heap::adopt) without copying or rewriting anything. A
// small fragment is packed into one malloc'ed buffer before it is sent and
// copied into the receiver's heap when received (see adopted_from).
//
// Copying visits each reachable object of the sender's heap once: the first
// visit stores the copy's address in the original's header flags (the
// collector's `header_forwarded` bit plus the 8-aligned address), so later
// references to it, cycles included, become references to the same copy.
// The flags are restored before the copy returns. Copies whose references
// still point into the sender's heap wait on a stack until they are filled.
#include "process/message_copy.h"

#include "builtins/value.h"
#include "memory/block.h"
#include "memory/fields.h"
#include "memory/heap.h"
#include "memory/kinds.h"
#include "memory/large_objects.h"
#include "memory/poison.h"
#include "memory/process_heap.h"
#include "memory/process_memory.h"
#include "panic/panic.h"

#include <bit>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <utility>
#include <vector>

namespace inko {

// Owned by the mailbox node (or the spawned process) until received.
struct MessageFragment {
  Block* blocks = nullptr; // chained through Block::next
  std::vector<LargeObject*> large;
  std::size_t cell_bytes = 0; // of the cells allocated in `blocks`
  std::size_t cell_count = 0;
  // A small message's cells instead of `blocks`, packed by copy_message:
  // each entry a word (cell size | 1 for a buffer), then the cell.
  char* packed = nullptr;
  std::size_t packed_bytes = 0;
  // Where `packed` points when the entries fit (a flat object, the common
  // small message), sparing a malloc and a free per message.
  static constexpr std::size_t inline_bytes = 80;
  alignas(16) char inline_packed[inline_bytes];
};

namespace {

constexpr const char* out_of_memory = "Out of memory";

// A fragment with at most this many bytes of cells (and no large object) is
// packed into one malloc'ed buffer when sent and copied into the receiver's
// heap when received, instead of being adopted: a small message would
// otherwise hold a mostly empty block while in a mailbox, and cost the
// receiver one.
constexpr std::size_t adopted_from = 4096;

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

// A block with every cell free, initialised for `size_class` and `buffers`.
Block* acquire_block(std::size_t size_class, bool buffers) {
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

// Takes a block back from a fragment (never collected, so nothing is
// marked): cached blocks are left initialised, with every cell free.
void release_block(Block* block) {
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

// Where a Space bump-allocates, per [buffer][size class]: the cells of
// `block` from `next` (cell `index`) to `end` are free. Each thread keeps
// one zeroed set for its Spaces (zeroing them per message would cost
// more than a small message's copy); Space::finish zeroes what it used.
struct Cursor {
  char* next;
  char* end;
  Block* block;
  std::uint32_t index;
};

struct CursorSet {
  Cursor cursors[2][size_class_count] = {};
  bool busy = false;
};

thread_local CursorSet thread_cursors;

// Where copies go: a fragment's blocks, or the permanent space (make_permanent).
class Space {
public:
  explicit Space(bool permanent)
      : permanent_(permanent), own_(thread_cursors.busy ? new CursorSet : nullptr),
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

  bool permanent() const { return permanent_; }

  // Memory for `size` bytes that the caller fills; the rest of a buffer's
  // cell is zeroed (the collector may scan it). Null when memory is
  // exhausted.
  [[gnu::always_inline]] char* allocate(std::size_t size, bool buffer, bool finalisable) {
    if (!permanent_ && size <= largest_cell) {
      std::size_t size_class = size_class_of(size);
      Cursor& cursor = cursors_[buffer][size_class];
      if (cursor.next != cursor.end) {
        Block* block = cursor.block;
        char* cell = cursor.next;
        cursor.next += block->cell_size;
        block->set_allocated(cursor.index++);
        block->may_finalise |= finalisable;
        unpoison(cell, block->cell_size);
        if (buffer && block->cell_size > size)
          std::memset(cell + size, 0, block->cell_size - size);
        return cell;
      }
    }
    return allocate_slow(size, buffer, finalisable);
  }

  // Gives back the cell of a copy that must never be finalised (the sender
  // panics instead of sending it). Permanent memory is never given back.
  void forget(char* cell) {
    if (fragment_ == nullptr)
      return;
    Block* block = Block::of(cell);
    for (Block* owned = fragment_->blocks; owned != nullptr; owned = owned->next) {
      if (owned == block) {
        std::size_t index =
            static_cast<std::size_t>(block->index_of(reinterpret_cast<std::uintptr_t>(cell)));
        block->allocated[index / 64] &= ~(std::uint64_t{1} << (index % 64));
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
        cursor.block->live_cells = cursor.index;
        cursor = Cursor{};
      }
    }
    if (fragment_ == nullptr)
      return;
    fragment_->cell_bytes = fragment_->cell_count = 0;
    for (Block* block = fragment_->blocks; block != nullptr; block = block->next) {
      fragment_->cell_bytes += std::size_t{block->live_cells} * block->cell_size;
      fragment_->cell_count += block->live_cells;
    }
  }

  MessageFragment& fragment() {
    if (fragment_ == nullptr)
      fragment_ = new MessageFragment;
    return *fragment_;
  }

  // Permanent memory, a large object, or a cell of a new block.
  [[gnu::noinline]] char* allocate_slow(std::size_t size, bool buffer, bool finalisable) {
    if (permanent_)
      return static_cast<char*>(allocate_permanent_buffer(size));
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
    Block* block = acquire_block(size_class, buffer);
    if (block == nullptr)
      return false;
    poison(block->cells(), heap_block_size - Block::cells_offset());
    MessageFragment& owner = fragment();
    block->next = owner.blocks;
    owner.blocks = block;
    if (cursor.block != nullptr)
      cursor.block->live_cells = cursor.index;
    cursor = Cursor{block->cells(), block->end(), block, 0};
    used_[buffer] |= std::uint32_t{1} << size_class;
    return true;
  }

  bool permanent_;
  CursorSet* own_; // when the thread's set was in use (never expected)
  Cursor (*cursors_)[size_class_count];
  MessageFragment* fragment_ = nullptr;
  std::uint32_t used_[2] = {0, 0}; // [buffer]: bit n when cursors_[buffer][n] was set
  static_assert(size_class_count <= 32);
};

// Applies the copy rule of an object backed by an OS descriptor (abi.h
// InkoCopyRule) to its fresh copy; returns the panic message when it cannot
// be sent. Files cannot be sent at all, open or closed, as in 0.8.1. A
// socket's copy gets its own duplicate of the descriptor (closing one does
// not close the other), or -1 if the socket was closed already; a duplicate
// leaks if the rest of the message then fails.
const char* apply_copy_rule(InkoHeader* copy, std::size_t size) {
  if (copy->klass->copy_rule == INKO_COPY_DEEP)
    return nullptr;
  if (copy->klass->copy_rule == INKO_COPY_REFUSE_OPEN)
    return "An open file can not be sent to another process";
  std::uint32_t index = copy->klass->descriptor_slot;
  if (sizeof(InkoObject) + (index + 1) * sizeof(InkoValue) > size)
    return nullptr;
  InkoValue& slot = reinterpret_cast<InkoObject*>(copy)->slots[index];
  if (!is_small(slot) || small_of(slot) < 0)
    return nullptr;
  int duplicate = ::fcntl(static_cast<int>(small_of(slot)), F_DUPFD_CLOEXEC, 0);
  if (duplicate < 0 && errno != EBADF)
    return "The socket could not be duplicated for a message";
  slot = small_value(duplicate < 0 ? -1 : duplicate);
  return nullptr;
}

// The buffer field of an object other than an Array, if its kind has one.
void** buffer_field(InkoHeader* object, const KindHooks& hooks, std::size_t size) {
  std::uint32_t offset = hooks.buffer_offset;
  if (offset == 0 || offset + sizeof(void*) > size)
    return nullptr;
  return reinterpret_cast<void**>(reinterpret_cast<char*>(object) + offset);
}

// A copy whose references still point into the sender's heap.
struct Pending {
  InkoHeader* copy;
  std::size_t size;
};

// An original whose header flags hold its copy's address meanwhile.
struct Visited {
  InkoHeader* original;
  std::uint64_t flags;
};

// The writer's growing lists. Each thread keeps one set, reused by every
// message; a writer started while that set is in use (never expected)
// gets its own.
struct Scratch {
  std::vector<Pending> pending;
  std::vector<Visited> visited;
  bool busy = false;
};

thread_local Scratch thread_scratch;

// Entries kept between messages (a thread that once sent a huge message
// does not keep its lists forever).
constexpr std::size_t kept_scratch_entries = 256 * 1024;

// Copies a graph out of one heap into a Space.
class Writer {
public:
  Writer(Heap* heap, Space& space)
      : heap_(heap), space_(space), own_(thread_scratch.busy ? new Scratch : nullptr),
        scratch_(own_ != nullptr ? *own_ : thread_scratch) {
    scratch_.busy = true;
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  ~Writer() {
    if (scratch_.visited.capacity() > kept_scratch_entries)
      std::vector<Visited>().swap(scratch_.visited);
    if (scratch_.pending.capacity() > kept_scratch_entries)
      std::vector<Pending>().swap(scratch_.pending);
    scratch_.pending.clear();
    scratch_.visited.clear();
    scratch_.busy = false;
    delete own_;
  }

  // Returns the copied root; on failure sets `error` to the panic message.
  InkoValue write(InkoValue root, const char*& error) {
    InkoValue copy = encode(root);
    while (error_ == nullptr && !scratch_.pending.empty()) {
      Pending next = scratch_.pending.back();
      scratch_.pending.pop_back();
      fill(next.copy, next.size);
    }
    for (const Visited& visited : scratch_.visited)
      visited.original->flags = visited.flags;
    error = error_;
    return copy;
  }

private:
  // heap_->find_object(value), remembering the last small-object block the
  // heap owns so that its neighbours skip every lookup, and answering for
  // permanent objects from their header.
  Allocation locate(InkoValue value) {
    Block* block = Block::of(reinterpret_cast<void*>(value));
    if (block == cached_block_) {
      // An object block of the heap: a value in it is an object (values
      // never point inside objects), so it needs no further check.
      return Allocation{reinterpret_cast<char*>(value), block->cell_size, false};
    }
    if (reinterpret_cast<const InkoHeader*>(value)->flags & INKO_HEADER_PERMANENT)
      return {};
    Allocation allocation = heap_->find_object(value);
    if (allocation && allocation.size <= largest_cell)
      cached_block_ = block;
    return allocation;
  }

  // The copy of `value` (itself when it is shared rather than copied).
  InkoValue encode(InkoValue value) {
    if ((value & 7) != 0 || value == 0 || error_ != nullptr)
      return value;
    Allocation allocation = locate(value);
    if (!allocation)
      return value; // permanent, or not a heap object at all: shared
    auto* original = reinterpret_cast<InkoHeader*>(value);
    if (original->flags & header_forwarded)
      return original->flags & ~std::uint64_t{7};
    std::uint32_t kind = kind_of(original);
    if (kind == INKO_KIND_STRING)
      return copy_string(original, value);
    char* memory = space_.allocate(allocation.size, false, needs_finaliser(original->klass));
    if (memory == nullptr) {
      error_ = out_of_memory;
      return value;
    }
    std::memcpy(memory, original, allocation.size);
    auto* copy = reinterpret_cast<InkoHeader*>(memory);
    copy->flags = space_.permanent() ? INKO_HEADER_PERMANENT : 0;
    switch (kind) {
    case INKO_KIND_OBJECT:
      if (const char* error = apply_copy_rule(copy, allocation.size)) {
        space_.forget(memory);
        error_ = error;
        return value;
      }
      scratch_.pending.push_back(Pending{copy, allocation.size});
      break;
    case INKO_KIND_BLOCK:
    case INKO_KIND_CELL:
    case INKO_KIND_ARRAY:
      scratch_.pending.push_back(Pending{copy, allocation.size});
      break;
    case INKO_KIND_FLOAT:
    case INKO_KIND_INTEGER:
      break;
    default:
      const KindHooks& hooks = kind_hooks(kind);
      if (hooks.copied != nullptr) {
        if (const char* error = hooks.copied(copy)) {
          // Nothing was taken for this copy: never finalise it.
          space_.forget(memory);
          error_ = error;
          return value;
        }
      }
      copy_buffer(copy, hooks, allocation.size);
      break;
    }
    return forward(original, memory);
  }

  // Makes later references to `original` references to `copy`.
  InkoValue forward(InkoHeader* original, char* copy) {
    scratch_.visited.push_back(Visited{original, original->flags});
    original->flags = reinterpret_cast<std::uint64_t>(copy) | header_forwarded;
    return reinterpret_cast<InkoValue>(copy);
  }

  // Whether a copied string gets its own copy of `bytes` (else it shares
  // them through their count).
  static bool copies_bytes(InkoSharedBytes* bytes) {
    std::int64_t references = references_of(bytes);
    return references == heap_bytes_references ||
           (references >= 0 && bytes->size <= copied_string_limit);
  }

  // A copied string. Short bytes (and bytes owned by the sender's heap) are
  // copied into the same cell, right after the string; literals and longer
  // bytes are shared through their count. A string with its own bytes needs
  // no finaliser, so blocks of such strings are swept without finalising.
  InkoValue copy_string(InkoHeader* original, InkoValue value) {
    InkoSharedBytes* bytes = reinterpret_cast<InkoString*>(original)->bytes;
    bool own_bytes = bytes != nullptr && copies_bytes(bytes);
    std::size_t bytes_size = own_bytes ? sizeof(InkoSharedBytes) + bytes->size + 1 : 0;
    bool counted = bytes != nullptr && !own_bytes && references_of(bytes) >= 0;
    char* memory = space_.allocate(sizeof(InkoString) + bytes_size, false, counted);
    if (memory == nullptr) {
      error_ = out_of_memory;
      return value;
    }
    auto* copy = reinterpret_cast<InkoString*>(memory);
    copy->header.klass = original->klass;
    copy->header.flags = space_.permanent() ? INKO_HEADER_PERMANENT : 0;
    if (own_bytes) {
      auto* own = reinterpret_cast<InkoSharedBytes*>(memory + sizeof(InkoString));
      std::memcpy(own, bytes, bytes_size);
      own->references = space_.permanent() ? -1 : heap_bytes_references;
      copy->bytes = own;
    } else {
      copy->bytes = bytes;
      retain_shared_bytes(bytes);
    }
    return forward(original, memory);
  }

  // Replaces the out-of-object buffer of a copy (ByteArray's) by a copy.
  void copy_buffer(InkoHeader* copy, const KindHooks& hooks, std::size_t size) {
    void** field = buffer_field(copy, hooks, size);
    if (field == nullptr || *field == nullptr)
      return;
    Allocation buffer = heap_->find_buffer(*field);
    if (!buffer)
      return;
    char* memory = space_.allocate(buffer.size, true, false);
    if (memory == nullptr) {
      error_ = out_of_memory;
      *field = nullptr;
      return;
    }
    std::memcpy(memory, buffer.start, buffer.size);
    *field = memory;
  }

  // Replaces the references of a copy by references to copies.
  void fill(InkoHeader* copy, std::size_t size) {
    if (kind_of(copy) == INKO_KIND_ARRAY) {
      fill_array(reinterpret_cast<InkoArray*>(copy));
      return;
    }
    for_each_field(copy, size, [&](InkoValue& field) { field = encode(field); });
  }

  void fill_array(InkoArray* array) {
    InkoValue* values = array->values;
    std::size_t length = values == nullptr ? 0 : array->length;
    array->capacity = length;
    array->length = length;
    array->values = nullptr;
    if (length == 0)
      return;
    char* memory = space_.allocate(length * sizeof(InkoValue), true, false);
    if (memory == nullptr) {
      array->capacity = array->length = 0;
      error_ = out_of_memory;
      return;
    }
    auto* copies = reinterpret_cast<InkoValue*>(memory);
    array->values = copies;
    for (std::size_t i = 0; i < length; ++i)
      copies[i] = encode(values[i]);
  }

  Heap* heap_;
  Space& space_;
  Scratch* own_;
  Scratch& scratch_;
  Block* cached_block_ = nullptr;
  const char* error_ = nullptr;
};

// Copies `value` of `process`'s heap into `space`; panics in `process` when
// something cannot be copied.
InkoValue copy_into(InkoProcess* process, Heap* heap, InkoValue value, Space& space) {
  const char* error = nullptr;
  InkoValue copy;
  {
    Writer writer(heap, space);
    copy = writer.write(value, error);
  }
  if (error != nullptr) {
    // Free the partial copy now: a panic never returns here.
    if (MessageFragment* fragment = space.close())
      discard_fragment(fragment);
    panic(process, error);
  }
  return copy;
}

// Gives the fragment's memory back (its copies hold nothing any more, or
// were copied elsewhere together with what they hold).
void free_fragment(MessageFragment* fragment) {
  while (Block* block = fragment->blocks) {
    fragment->blocks = block->next;
    release_block(block);
  }
  for (LargeObject* object : fragment->large)
    LargeObjects::release_detached(object);
  if (fragment->packed != fragment->inline_packed)
    std::free(fragment->packed);
  delete fragment;
}

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

// Packs the cells of a small fragment into one buffer and gives its blocks
// back; returns the root's new address.
InkoValue pack(MessageFragment& fragment, InkoValue root) {
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
    release_block(block);
  }
  fragment.packed = packed;
  fragment.packed_bytes = used;
  return packed_root;
}

// Copies a packed fragment into `heap`; returns the root's copy.
InkoValue unpack(Heap& heap, MessageFragment& fragment, InkoValue root, InkoProcess* process) {
  heap.inhibit_collection();
  InkoValue value = move_cells(fragment, root, [&](char* old_cell, std::size_t size, bool buffer) {
    bool finalisable = false;
    if (!buffer) {
      auto* object = reinterpret_cast<InkoHeader*>(old_cell);
      if (kind_of(object) == INKO_KIND_STRING) {
        InkoSharedBytes* bytes = reinterpret_cast<InkoString*>(object)->bytes;
        finalisable = bytes != nullptr && references_of(bytes) >= 0;
      } else {
        finalisable = kind_hooks(kind_of(object)).finalise != nullptr;
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

// Whether `value` is shared rather than copied by a message: an Integer,
// nil pointer or permanent object (what Writer::encode leaves alone).
bool is_shared_field(InkoValue value) {
  return (value & 7) != 0 || value == 0 ||
         (reinterpret_cast<const InkoHeader*>(value)->flags & INKO_HEADER_PERMANENT) != 0;
}

// A message that is one ordinary object whose fields are all shared (the
// tokens and small records most messages are) goes straight into a packed
// fragment: one copy, no blocks, no writer. Null for any other message.
MessageFragment* pack_flat_object(Heap& heap, InkoValue message) {
  Allocation allocation = heap.find_object(message);
  if (!allocation || sizeof(std::uint64_t) + allocation.size > MessageFragment::inline_bytes)
    return nullptr;
  auto* original = reinterpret_cast<InkoHeader*>(message);
  if (kind_of(original) != INKO_KIND_OBJECT || original->klass->copy_rule != INKO_COPY_DEEP ||
      (original->flags & header_forwarded) != 0)
    return nullptr;
  bool flat = true;
  for_each_field(original, allocation.size,
                 [&](InkoValue& field) { flat = flat && is_shared_field(field); });
  if (!flat)
    return nullptr;
  auto* fragment = new MessageFragment;
  std::uint64_t word = allocation.size;
  std::memcpy(fragment->inline_packed, &word, sizeof(word));
  char* copy = fragment->inline_packed + sizeof(word);
  std::memcpy(copy, original, allocation.size);
  reinterpret_cast<InkoHeader*>(copy)->flags = 0;
  fragment->packed = fragment->inline_packed;
  fragment->packed_bytes = sizeof(word) + allocation.size;
  fragment->cell_bytes = allocation.size;
  fragment->cell_count = 1;
  return fragment;
}

} // namespace

CopiedMessage copy_message(InkoProcess* sender, InkoValue message) {
  Heap* heap = existing_heap(sender);
  if (heap == nullptr || (message & 7) != 0)
    return CopiedMessage{message, nullptr};
  if (MessageFragment* fragment = pack_flat_object(*heap, message))
    return CopiedMessage{
        reinterpret_cast<InkoValue>(fragment->inline_packed + sizeof(std::uint64_t)), fragment};
  Space space(false);
  InkoValue root = copy_into(sender, heap, message, space);
  MessageFragment* fragment = space.close();
  if (fragment != nullptr && fragment->large.empty() && fragment->cell_bytes <= adopted_from)
    root = pack(*fragment, root);
  return CopiedMessage{root, fragment};
}

InkoValue adopt_message(InkoProcess* receiver, InkoValue root, MessageFragment* fragment) {
  if (fragment == nullptr)
    return root;
  Heap& heap = heap_of(receiver);
  // Before the fragment joins the heap: a process that only receives
  // allocates nothing else, so this is where its garbage gets collected.
  heap.collect_if_due();
  if (fragment->packed != nullptr) {
    InkoValue value = unpack(heap, *fragment, root, receiver);
    free_fragment(fragment);
    return value;
  }
  heap.adopt(fragment->blocks, fragment->large.data(), fragment->large.size());
  delete fragment;
  return root;
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

InkoValue copy_to_permanent(InkoProcess* process, InkoValue value) {
  Heap* heap = existing_heap(process);
  if (heap == nullptr || (value & 7) != 0)
    return value;
  Space space(true);
  return copy_into(process, heap, value, space);
}

} // namespace inko
