// The message writer (see message_writer.h).
//
// Copying visits each reachable object of the sender's heap once: the first
// visit stores the copy's address and the copy's epoch in the original's
// header flags (memory/process_memory.h, header_forwarded), so later
// references to it in the same copy, cycles included, become references to
// the same copy. The flags are left as they are afterwards (the next copy
// has another epoch): restoring them cost a pass over every original.
// Strings and floats are leaves and never forwarded (see copy_string).
// Copies are filled right after they are made while the recursion is
// shallow; deeper ones wait on a stack until they are filled.
#include "process/message_writer.h"

#include "builtins/value.h"
#include "memory/fields.h"
#include "memory/kinds.h"
#include "memory/process_heap.h"
#include "memory/process_memory.h"
#include "panic/panic.h"
#include "process/message_space.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <type_traits>
#include <vector>

namespace inko {
namespace {

constexpr const char* out_of_memory = "Out of memory";

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

// A copy whose references still point into the sender's heap.
struct Pending {
  InkoHeader* copy;
  std::size_t size;
};

// A growing stack of trivially copyable entries whose push is inlined and
// filled field by field (std::vector's out-of-line emplace_back reloaded
// each 16-byte entry from two 8-byte stores, a store-forwarding stall that
// cost the copy workload a third of its time while it pushed every copy).
template <typename Entry> class ScratchList {
public:
  ScratchList() = default;
  ScratchList(const ScratchList&) = delete;
  ScratchList& operator=(const ScratchList&) = delete;
  ~ScratchList() { std::free(entries_); }

  [[gnu::always_inline]] Entry& push() {
    if (size_ == capacity_)
      grow();
    return entries_[size_++];
  }
  bool empty() const { return size_ == 0; }
  Entry pop() { return entries_[--size_]; }
  // Empties the list, and gives its memory back when it grew past `kept`
  // entries (a thread that once sent a huge message keeps no huge list).
  void reset(std::size_t kept) {
    size_ = 0;
    if (capacity_ > kept) {
      std::free(entries_);
      entries_ = nullptr;
      capacity_ = 0;
    }
  }

private:
  [[gnu::noinline]] void grow() {
    std::size_t capacity = capacity_ == 0 ? 1024 : 2 * capacity_;
    auto* entries = static_cast<Entry*>(std::realloc(entries_, capacity * sizeof(Entry)));
    if (entries == nullptr)
      std::abort();
    entries_ = entries;
    capacity_ = capacity;
  }

  static_assert(std::is_trivially_copyable_v<Entry>);
  Entry* entries_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// The writer's pending stack. Each thread keeps one, reused by every
// message; a writer started while that one is in use (never expected)
// gets its own.
struct Scratch {
  ScratchList<Pending> pending;
  bool busy = false;
};

thread_local Scratch thread_scratch;

// Entries kept between messages.
constexpr std::size_t kept_scratch_entries = 256 * 1024;

// Copies a graph out of one heap into a Space.
class Writer {
public:
  Writer(Heap* heap, Space& space)
      : heap_(heap), space_(space), own_(thread_scratch.busy ? new Scratch : nullptr),
        scratch_(own_ != nullptr ? *own_ : thread_scratch),
        forwarded_tag_(heap->begin_copy() << forwarding_epoch_shift | header_forwarded) {
    scratch_.busy = true;
    // Not a block address (those are aligned), so that no value, not even
    // one below the first block, matches an empty slot.
    for (Block*& slot : owned_blocks_)
      slot = reinterpret_cast<Block*>(heap_block_size / 2);
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  ~Writer() {
    scratch_.pending.reset(kept_scratch_entries);
    scratch_.busy = false;
    delete own_;
  }

  // Returns the copied root; on failure sets `error` to the panic message.
  InkoValue write(InkoValue root, const char*& error) {
    InkoValue copy = encode(root);
    fill_pending();
    if (error_ == nullptr && !heap_->added_attributes().empty())
      copy = envelop(copy);
    error = error_;
    return copy;
  }

private:
  void fill_pending() {
    while (error_ == nullptr && !scratch_.pending.empty()) {
      Pending next = scratch_.pending.pop();
      fill(next.copy, next.size);
    }
  }

  bool forwarded(InkoValue value) const {
    return (reinterpret_cast<const InkoHeader*>(value)->flags & ~forwarding_address_mask) ==
           forwarded_tag_;
  }

  // Copies the attributes std::mirror added to the objects copied (which
  // may copy more objects with added attributes), and wraps the copied
  // root in an envelope (message_envelope_class) when there were any.
  InkoValue envelop(InkoValue root) {
    std::vector<InkoValue> contents{root};
    bool copied_more = true;
    while (copied_more && error_ == nullptr) {
      copied_more = false;
      heap_->added_attributes().for_each([&](InkoValue object, InkoValue attributes) {
        if (error_ != nullptr || !forwarded(object) || forwarded(attributes))
          return;
        contents.push_back(reinterpret_cast<const InkoHeader*>(object)->flags &
                           forwarding_address_mask);
        contents.push_back(encode(attributes));
        fill_pending();
        copied_more = true;
      });
    }
    if (contents.size() == 1 || error_ != nullptr)
      return root;
    char* memory = space_.allocate(sizeof(InkoArray), false, false);
    char* values = space_.allocate(contents.size() * sizeof(InkoValue), true, false);
    if (memory == nullptr || values == nullptr) {
      error_ = out_of_memory;
      return root;
    }
    auto* envelope = reinterpret_cast<InkoArray*>(memory);
    envelope->header.klass = &message_envelope_class;
    envelope->header.flags = 0;
    envelope->length = envelope->capacity = contents.size();
    envelope->values = reinterpret_cast<InkoValue*>(values);
    std::memcpy(values, contents.data(), contents.size() * sizeof(InkoValue));
    return reinterpret_cast<InkoValue>(memory);
  }

  // heap_->find_object(value), remembering small-object blocks the heap
  // owns so that their other objects skip every lookup, and answering for
  // permanent objects from their header.
  [[gnu::always_inline]] Allocation locate(InkoValue value) {
    Block* block = Block::of(reinterpret_cast<void*>(value));
    if (block == owned_blocks_[owned_slot(block)]) {
      // An object block of the heap: a value in it is an object (values
      // never point inside objects), so it needs no further check.
      return Allocation{reinterpret_cast<char*>(value), block->cell_size, false};
    }
    return locate_uncached(value);
  }

  [[gnu::noinline]] Allocation locate_uncached(InkoValue value) {
    if (reinterpret_cast<const InkoHeader*>(value)->flags & INKO_HEADER_PERMANENT)
      return {};
    Allocation allocation = heap_->find_object(value);
    if (allocation && allocation.size <= largest_cell) {
      Block* block = Block::of(reinterpret_cast<void*>(value));
      owned_blocks_[owned_slot(block)] = block;
    }
    return allocation;
  }

  // Blocks are aligned, so their addresses differ in the bits above.
  static std::size_t owned_slot(const Block* block) {
    return (reinterpret_cast<std::uintptr_t>(block) / heap_block_size) % owned_block_slots;
  }

  // The copy of `value` (itself when it is shared rather than copied).
  // Inlined into the loops over fields, so that the commonest fields
  // (integers, shared values, strings) cost no call.
  [[gnu::always_inline]] InkoValue encode(InkoValue value) {
    if ((value & 7) != 0 || value == 0 || error_ != nullptr)
      return value;
    Allocation allocation = locate(value);
    if (!allocation)
      return value; // permanent, or not a heap object at all: shared
    auto* original = reinterpret_cast<InkoHeader*>(value);
    std::uint64_t flags = original->flags;
    // Promoted in place (memory/promote.cpp): in the heap's blocks, yet
    // shared like every permanent object.
    if (flags & INKO_HEADER_PERMANENT)
      return value;
    if ((flags & ~forwarding_address_mask) == forwarded_tag_)
      return flags & forwarding_address_mask;
    if (kind_of(original) == INKO_KIND_STRING)
      return copy_string(original, value, allocation.size);
    return copy_object(original, value, allocation);
  }

  // The copy of an object other than a string, not copied yet.
  [[gnu::noinline]] InkoValue copy_object(InkoHeader* original, InkoValue value,
                                          Allocation allocation) {
    const InkoClass* klass = original->klass;
    if (klass->kind == INKO_KIND_OBJECT && klass->copy_rule == INKO_COPY_DEEP &&
        depth_ < max_fill_depth)
      return copy_plain_object(original, value, allocation.size);
    std::uint32_t kind = kind_of(original);
    char* memory = space_.allocate(allocation.size, false, needs_finaliser(original->klass));
    if (memory == nullptr) {
      error_ = out_of_memory;
      return value;
    }
    copy_bytes(memory, reinterpret_cast<const char*>(original), allocation.size);
    auto* copy = reinterpret_cast<InkoHeader*>(memory);
    copy->flags = 0;
    switch (kind) {
    case INKO_KIND_OBJECT:
      if (const char* error = apply_copy_rule(copy, allocation.size)) {
        space_.forget(memory);
        error_ = error;
        return value;
      }
      return fill_now_or_later(original, copy, allocation.size);
    case INKO_KIND_BLOCK:
    case INKO_KIND_CELL:
    case INKO_KIND_ARRAY:
      return fill_now_or_later(original, copy, allocation.size);
    case INKO_KIND_FLOAT:
      // A leaf, like a string: copied per reference (see copy_string).
      return reinterpret_cast<InkoValue>(memory);
    case INKO_KIND_INTEGER:
      break; // forwarded: a big integer may be large
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

  // The commonest object: an instance of an `object` without a copy rule
  // (no finaliser), filled right away, its string and integer fields by the
  // inlined encode.
  InkoValue copy_plain_object(InkoHeader* original, InkoValue value, std::size_t size) {
    char* memory = space_.allocate(size, false, false);
    if (memory == nullptr) {
      error_ = out_of_memory;
      return value;
    }
    copy_bytes(memory, reinterpret_cast<const char*>(original), size);
    auto* copy = reinterpret_cast<InkoHeader*>(memory);
    copy->flags = 0;
    InkoValue result = forward(original, memory);
    ++depth_;
    for_each_field(
        copy,
        size, [&](InkoValue & field) __attribute__((always_inline)) { field = encode(field); });
    --depth_;
    return result;
  }

  // Forwards `original` to its copy, then fills the copy: right away while
  // the recursion is shallow (the original is still in the cache, and most
  // graphs are shallow: records in an array), else from the pending stack
  // (a long list must not overflow the process stack).
  InkoValue fill_now_or_later(InkoHeader* original, InkoHeader* copy, std::size_t size) {
    InkoValue result = forward(original, reinterpret_cast<char*>(copy));
    if (depth_ < max_fill_depth) {
      ++depth_;
      fill(copy, size);
      --depth_;
    } else {
      Pending& entry = scratch_.pending.push();
      entry.copy = copy;
      entry.size = size;
    }
    return result;
  }

  // memcpy of a cell or a short string's bytes: up to 128 bytes as two
  // overlapping fixed-size copies, inlined and without a jump table (which
  // mispredicted alternating record and string sizes), that read and write
  // only [0, size).
  [[gnu::always_inline]] static void copy_bytes(char* to, const char* from, std::size_t size) {
    static_assert(sizeof(InkoString) + sizeof(InkoSharedBytes) + copied_string_limit + 1 <= 128);
    if (size < 16 || size > 128) {
      std::memcpy(to, from, size);
    } else if (size <= 32) {
      std::memcpy(to, from, 16);
      std::memcpy(to + size - 16, from + size - 16, 16);
    } else if (size <= 64) {
      std::memcpy(to, from, 32);
      std::memcpy(to + size - 32, from + size - 32, 32);
    } else {
      std::memcpy(to, from, 64);
      std::memcpy(to + size - 64, from + size - 64, 64);
    }
  }

  // Makes later references to `original` (in this copy) references to
  // `copy`.
  InkoValue forward(InkoHeader* original, char* copy) {
    auto address = reinterpret_cast<std::uint64_t>(copy);
    if ((address & ~forwarding_address_mask) != 0)
      std::abort(); // beyond 48-bit addresses: never on Linux by default
    original->flags = address | forwarded_tag_;
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
  //
  // Strings and floats reference nothing, so they cannot be part of a
  // cycle: they are not forwarded, and one referenced twice in a message is
  // copied twice (PROCESSES P7 leaves that unspecified). Forwarding every
  // string cost the copy workload a seventh of its time; a copy per
  // reference is at most 112 bytes (longer strings share their bytes).
  [[gnu::always_inline]] InkoValue copy_string(InkoHeader* original, InkoValue value,
                                               std::size_t cell_size) {
    auto* string = reinterpret_cast<InkoString*>(original);
    InkoSharedBytes* bytes = string->bytes;
    if (bytes == reinterpret_cast<InkoSharedBytes*>(string + 1)) {
      // The bytes are in the original's own cell: the copy is a copy of
      // that cell (its size known from the block, without waiting for the
      // string's length).
      char* memory = space_.allocate(cell_size, false, false);
      if (memory == nullptr) {
        error_ = out_of_memory;
        return value;
      }
      copy_bytes(memory, reinterpret_cast<const char*>(original), cell_size);
      auto* copy = reinterpret_cast<InkoString*>(memory);
      copy->header.flags = 0;
      copy->bytes = reinterpret_cast<InkoSharedBytes*>(copy + 1);
      return reinterpret_cast<InkoValue>(memory);
    }
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
    copy->header.flags = 0;
    if (own_bytes) {
      auto* own = reinterpret_cast<InkoSharedBytes*>(memory + sizeof(InkoString));
      copy_bytes(reinterpret_cast<char*>(own), reinterpret_cast<const char*>(bytes), bytes_size);
      own->references = heap_bytes_references;
      copy->bytes = own;
    } else {
      copy->bytes = bytes;
      retain_shared_bytes(bytes);
      if (counted)
        space_.share_external(sizeof(InkoSharedBytes) + bytes->size + 1);
    }
    return reinterpret_cast<InkoValue>(memory);
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
    for_each_field(
        copy,
        size, [&](InkoValue & field) __attribute__((always_inline)) { field = encode(field); });
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
  // Copies filled inside the current fill: bounds the recursion.
  static constexpr int max_fill_depth = 32;
  static constexpr std::size_t owned_block_slots = 64;
  Block* owned_blocks_[owned_block_slots];
  int depth_ = 0;
  const char* error_ = nullptr;
  // The flags of an original forwarded by this copy, but for the address.
  std::uint64_t forwarded_tag_;
};

} // namespace

const InkoClass message_envelope_class = {"MessageEnvelope", INKO_KIND_ARRAY, 0, 0,
                                          nullptr,           INKO_COPY_DEEP,  0};

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

} // namespace inko
