// The deep copy of messages (see message_copy.h).
//
// A fragment is a vector of 64-bit words holding entries, each
//   [ (payload bytes << 2) | type, address, payload words... ]
// with type object, raw buffer or value buffer. `address` is the original
// in the sender's heap while copying out, and the new copy's address while
// copying in. Inside a fragment, a reference to an entry is the word
// (entry index * 8) | 2: bit 0 clear and bit 1 set, which neither a small
// Integer nor an (8-byte aligned) object pointer can be.
//
// Copying out visits each reachable object of the sender's heap once: the
// first visit stores the entry index in the object's header flags (the
// collector's `header_forwarded` bit plus the index), so later references
// to it, cycles included, become references to the same entry; the flags
// are restored before copy_message returns. Copying in allocates every
// entry in the receiver's heap with collection inhibited, then rewrites the
// references of the new objects.
#include "process/message_copy.h"

#include "builtins/value.h"
#include "memory/block.h"
#include "memory/heap.h"
#include "memory/kinds.h"
#include "memory/process_heap.h"
#include "memory/process_memory.h"
#include "panic/panic.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <new>
#include <string_view>
#include <vector>

namespace inko {

// One malloc'ed block: the header, then `count` words.
struct MessageFragment {
  std::size_t count;

  std::uint64_t* words() { return reinterpret_cast<std::uint64_t*>(this + 1); }
};

namespace {

// The entries of a fragment, or of the writer's scratch buffer.
struct Words {
  std::uint64_t* data;
  std::size_t count;

  std::uint64_t& operator[](std::size_t i) const { return data[i]; }
  std::size_t size() const { return count; }
};

void free_fragment(MessageFragment* fragment) {
  fragment->~MessageFragment();
  std::free(fragment);
}

Words words_of(MessageFragment& fragment) {
  return Words{fragment.words(), fragment.count};
}

enum EntryType : std::uint64_t { object_entry = 0, raw_buffer_entry = 1, value_buffer_entry = 2 };

constexpr std::uint64_t reference_tag = 2;

bool is_reference(InkoValue value) {
  return (value & 7) == reference_tag;
}
std::size_t entry_of(InkoValue reference) {
  return reference >> 3;
}
InkoValue reference_to(std::size_t entry) {
  return (static_cast<InkoValue>(entry) << 3) | reference_tag;
}

std::size_t payload_bytes(Words words, std::size_t entry) {
  return words[entry] >> 2;
}
EntryType entry_type(Words words, std::size_t entry) {
  return static_cast<EntryType>(words[entry] & 3);
}
char* payload(Words words, std::size_t entry) {
  return reinterpret_cast<char*>(&words[entry + 2]);
}
std::size_t next_entry(Words words, std::size_t entry) {
  return entry + 2 + (payload_bytes(words, entry) + 7) / 8;
}

// Where the InkoValue fields of an object of `kind` are, for both copy
// directions. Array elements live in a separate value buffer entry.
template <typename Visit> void for_each_field(InkoHeader* object, std::size_t size, Visit&& visit) {
  switch (kind_of(object)) {
  case INKO_KIND_OBJECT: {
    auto* instance = reinterpret_cast<InkoObject*>(object);
    std::size_t slots = object->klass->slot_count;
    if (sizeof(InkoObject) + slots * sizeof(InkoValue) > size)
      slots = (size - sizeof(InkoObject)) / sizeof(InkoValue);
    for (std::size_t i = 0; i < slots; ++i)
      visit(instance->slots[i]);
    return;
  }
  case INKO_KIND_BLOCK: {
    auto* block = reinterpret_cast<InkoBlock*>(object);
    visit(block->self);
    std::size_t cells = block->cell_count;
    if (sizeof(InkoBlock) + cells * sizeof(InkoValue) > size)
      cells = (size - sizeof(InkoBlock)) / sizeof(InkoValue);
    for (std::size_t i = 0; i < cells; ++i)
      visit(block->cells[i]);
    return;
  }
  case INKO_KIND_CELL:
    visit(reinterpret_cast<InkoCell*>(object)->value);
    return;
  default:
    return;
  }
}

// Applies the copy rule of an object backed by an OS descriptor (abi.h
// InkoCopyRule) to its fresh copy; returns the panic message when it cannot
// be sent. Files cannot be sent at all, open or closed, as in 0.8.1. A
// socket's copy gets its own duplicate of the descriptor (closing one does
// not close the other), or -1 if the socket was closed already; a duplicate
// leaks if the rest of the message then fails.
const char* apply_copy_rule(InkoHeader* copy, std::size_t size) {
  if (kind_of(copy) != INKO_KIND_OBJECT || copy->klass->copy_rule == INKO_COPY_DEEP)
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
void** buffer_field(InkoHeader* object, std::size_t size) {
  std::uint32_t offset = kind_hooks(kind_of(object)).buffer_offset;
  if (offset == 0 || offset + sizeof(void*) > size)
    return nullptr;
  return reinterpret_cast<void**>(reinterpret_cast<char*>(object) + offset);
}

// A writer's growing buffers. Each thread keeps one set, so that copying a
// message allocates nothing but the finished fragment; a writer started
// while that set is in use (never expected) gets its own.
// A growable array of words whose growth zeroes only the new words
// (std::vector::resize goes through a general fill-insert per entry).
class WordBuffer {
public:
  WordBuffer() = default;
  WordBuffer(const WordBuffer&) = delete;
  WordBuffer& operator=(const WordBuffer&) = delete;
  ~WordBuffer() { std::free(data_); }

  std::uint64_t* data() { return data_; }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }
  std::uint64_t& operator[](std::size_t i) { return data_[i]; }
  void clear() { size_ = 0; }
  void release_memory() {
    std::free(data_);
    data_ = nullptr;
    size_ = capacity_ = 0;
  }
  // Appends `count` zero words.
  void grow(std::size_t count) {
    if (size_ + count > capacity_) {
      std::size_t capacity = capacity_ < 256 ? 256 : capacity_ * 2;
      while (capacity < size_ + count)
        capacity *= 2;
      void* memory = std::realloc(data_, capacity * sizeof(std::uint64_t));
      if (memory == nullptr)
        std::abort();
      data_ = static_cast<std::uint64_t*>(memory);
      capacity_ = capacity;
    }
    std::memset(data_ + size_, 0, count * sizeof(std::uint64_t));
    size_ += count;
  }

private:
  std::uint64_t* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

struct Scratch {
  WordBuffer words;
  std::vector<std::size_t> pending;
  std::vector<std::size_t> offsets;
  bool busy = false;
};

thread_local Scratch thread_scratch;

// Scratch capacity kept between messages, in words (4 MiB: a thread that
// sends large messages keeps at most this much between them; regrowing it
// for every large message costs more than the copy).
constexpr std::size_t kept_scratch_words = 512 * 1024;

// Copies a graph out of one heap into a fragment.
class Writer {
public:
  explicit Writer(Heap* heap)
      : heap_(heap), own_(thread_scratch.busy ? new Scratch : nullptr),
        scratch_(own_ != nullptr ? *own_ : thread_scratch) {
    scratch_.busy = true;
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  ~Writer() {
    if (scratch_.words.capacity() > kept_scratch_words)
      scratch_.words.release_memory();
    scratch_.words.clear();
    scratch_.pending.clear();
    scratch_.offsets.clear();
    scratch_.busy = false;
    delete own_;
  }

  // Returns the encoded root; on failure the panic message (the fragment
  // is then already cleaned up).
  InkoValue write(InkoValue root, const char*& error) {
    InkoValue encoded = encode(root);
    while (error_ == nullptr && !scratch_.pending.empty()) {
      std::size_t entry = scratch_.pending.back();
      scratch_.pending.pop_back();
      fill(entry);
    }
    restore_sources();
    error = error_;
    return encoded;
  }

  // The fragment holding what was written, in one allocation; null when
  // nothing was.
  MessageFragment* release() {
    std::size_t count = scratch_.words.size();
    if (count == 0)
      return nullptr;
    void* memory = std::malloc(sizeof(MessageFragment) + count * sizeof(std::uint64_t));
    if (memory == nullptr)
      std::abort();
    auto* fragment = new (memory) MessageFragment{count};
    std::memcpy(fragment->words(), scratch_.words.data(), count * sizeof(std::uint64_t));
    scratch_.words.clear();
    return fragment;
  }

private:
  Words view() { return Words{scratch_.words.data(), scratch_.words.size()}; }

  std::size_t append(EntryType type, std::size_t bytes, std::uint64_t address) {
    auto& words = scratch_.words;
    std::size_t entry = words.size();
    words.grow(2 + (bytes + 7) / 8);
    words[entry] = (static_cast<std::uint64_t>(bytes) << 2) | type;
    words[entry + 1] = address;
    return entry;
  }

  // heap_->find_object(value), remembering the last small-object block the
  // heap owns so that neighbours skip the heap's block-set probe, and
  // answering for permanent objects from their header.
  Allocation locate(InkoValue value) {
    Block* block = Block::of(reinterpret_cast<void*>(value));
    if (block == cached_block_) {
      std::ptrdiff_t index = block->index_of(value);
      if (index < 0 || block->holds_buffers ||
          !block->is_allocated(static_cast<std::size_t>(index)))
        return {};
      char* start = block->cell(static_cast<std::size_t>(index));
      if (start != reinterpret_cast<char*>(value))
        return {};
      return Allocation{start, block->cell_size, false};
    }
    if (reinterpret_cast<const InkoHeader*>(value)->flags & INKO_HEADER_PERMANENT)
      return {};
    Allocation allocation = heap_->find_object(value);
    if (allocation && allocation.size <= largest_cell)
      cached_block_ = block;
    return allocation;
  }

  InkoValue encode(InkoValue value) {
    if ((value & 7) != 0 || value == 0 || heap_ == nullptr || error_ != nullptr)
      return value;
    Allocation allocation = locate(value);
    if (!allocation)
      return value; // permanent, or not a heap object at all: shared
    auto* original = reinterpret_cast<InkoHeader*>(value);
    if (original->flags & header_forwarded)
      return reference_to(original->flags >> 8);
    std::size_t entry = append(object_entry, allocation.size, value);
    auto* copy = reinterpret_cast<InkoHeader*>(payload(view(), entry));
    std::memcpy(copy, original, allocation.size);
    copy->flags = 0;
    original->flags =
        (static_cast<std::uint64_t>(entry) << 8) | header_forwarded | (original->flags & 0xff);
    auto copied = kind_hooks(kind_of(copy)).copied;
    if (const char* error =
            copied != nullptr ? copied(copy) : apply_copy_rule(copy, allocation.size)) {
      // Nothing was taken for this copy: never finalise it.
      auto& words = scratch_.words;
      words[entry] = (words[entry] & ~std::uint64_t{3}) | raw_buffer_entry;
      words[entry + 1] = 0;
      original->flags &= 0xff & ~header_forwarded;
      error_ = error;
      return value;
    }
    scratch_.pending.push_back(entry);
    return reference_to(entry);
  }

  // Encodes the references of the copy in `entry`.
  void fill(std::size_t entry) {
    std::size_t size = payload_bytes(view(), entry);
    auto copy = [&] { return reinterpret_cast<InkoHeader*>(payload(view(), entry)); };
    std::uint32_t kind = kind_of(copy());
    if (kind == INKO_KIND_ARRAY) {
      fill_array(entry);
      return;
    }
    if (void** field = buffer_field(copy(), size)) {
      if (*field != nullptr) {
        void* original = *field;
        Allocation buffer = heap_->find_buffer(original);
        if (buffer) {
          std::size_t copied = append(raw_buffer_entry, buffer.size, 0);
          std::memcpy(payload(view(), copied), original, buffer.size);
          *buffer_field(copy(), size) = reinterpret_cast<void*>(reference_to(copied));
        }
      }
      return;
    }
    // Encoding may grow the buffer, so fields are addressed by offset.
    auto& offsets = scratch_.offsets;
    std::size_t first = offsets.size(); // encode never nests fill
    char* base = payload(view(), entry);
    for_each_field(copy(), size, [&](InkoValue& field) {
      offsets.push_back(static_cast<std::size_t>(reinterpret_cast<char*>(&field) - base));
    });
    for (std::size_t i = first; i < offsets.size(); ++i) {
      std::size_t offset = offsets[i];
      InkoValue value;
      std::memcpy(&value, payload(view(), entry) + offset, sizeof(value));
      InkoValue encoded = encode(value);
      std::memcpy(payload(view(), entry) + offset, &encoded, sizeof(encoded));
    }
    offsets.resize(first);
  }

  void fill_array(std::size_t entry) {
    auto array = [&] { return reinterpret_cast<InkoArray*>(payload(view(), entry)); };
    InkoValue* values = array()->values;
    std::size_t length = values == nullptr ? 0 : array()->length;
    array()->capacity = length;
    if (length == 0) {
      array()->values = nullptr;
      array()->length = 0;
      return;
    }
    std::size_t elements = append(value_buffer_entry, length * sizeof(InkoValue), 0);
    std::memcpy(payload(view(), elements), values, length * sizeof(InkoValue));
    array()->values = reinterpret_cast<InkoValue*>(reference_to(elements));
    for (std::size_t i = 0; i < length; ++i) {
      auto* slot = reinterpret_cast<InkoValue*>(payload(view(), elements)) + i;
      InkoValue encoded = encode(*slot);
      reinterpret_cast<InkoValue*>(payload(view(), elements))[i] = encoded;
    }
  }

  void restore_sources() {
    Words words = view();
    for (std::size_t entry = 0; entry < words.size(); entry = next_entry(words, entry)) {
      if (entry_type(words, entry) != object_entry)
        continue;
      auto* original = reinterpret_cast<InkoHeader*>(words[entry + 1]);
      original->flags &= 0xff & ~header_forwarded;
    }
  }

  Heap* heap_;
  Scratch* own_;
  Scratch& scratch_;
  Block* cached_block_ = nullptr;
  const char* error_ = nullptr;
};

// Where adopted entries go: a process heap, or the permanent space.
struct Destination {
  Heap* heap; // null: permanent

  char* allocate(std::size_t size, bool buffer, bool finalisable) {
    if (heap != nullptr)
      return heap->allocate(size, buffer, finalisable);
    return static_cast<char*>(allocate_permanent_buffer(size));
  }
};

InkoValue read_into(MessageFragment& fragment, InkoValue root, Destination destination,
                    InkoProcess* process) {
  Words words = words_of(fragment);
  auto decode = [&](InkoValue value) {
    return is_reference(value) ? static_cast<InkoValue>(words[entry_of(value) + 1]) : value;
  };
  // Pass 1: allocate and copy every entry.
  for (std::size_t entry = 0; entry < words.size(); entry = next_entry(words, entry)) {
    std::size_t size = payload_bytes(words, entry);
    EntryType type = entry_type(words, entry);
    bool finalisable = false;
    if (type == object_entry)
      finalisable =
          kind_hooks(kind_of(reinterpret_cast<InkoHeader*>(payload(words, entry)))).finalise !=
          nullptr;
    char* memory = destination.allocate(size, type != object_entry, finalisable);
    if (memory == nullptr)
      panic(process, "Out of memory");
    std::memcpy(memory, payload(words, entry), size);
    if (type == object_entry && destination.heap == nullptr)
      reinterpret_cast<InkoHeader*>(memory)->flags = INKO_HEADER_PERMANENT;
    words[entry + 1] = reinterpret_cast<std::uint64_t>(memory);
  }
  // Pass 2: turn references into the new addresses.
  for (std::size_t entry = 0; entry < words.size(); entry = next_entry(words, entry)) {
    if (entry_type(words, entry) != object_entry)
      continue;
    std::size_t size = payload_bytes(words, entry);
    auto* object = reinterpret_cast<InkoHeader*>(words[entry + 1]);
    if (kind_of(object) == INKO_KIND_ARRAY) {
      auto* array = reinterpret_cast<InkoArray*>(object);
      if (array->values == nullptr)
        continue;
      array->values =
          reinterpret_cast<InkoValue*>(decode(reinterpret_cast<InkoValue>(array->values)));
      for (std::size_t i = 0; i < array->length; ++i)
        array->values[i] = decode(array->values[i]);
      continue;
    }
    if (void** field = buffer_field(object, size)) {
      *field = reinterpret_cast<void*>(decode(reinterpret_cast<InkoValue>(*field)));
      continue;
    }
    for_each_field(object, size, [&](InkoValue& field) { field = decode(field); });
  }
  return decode(root);
}

} // namespace

CopiedMessage copy_message(InkoProcess* sender, InkoValue message) {
  Heap* heap = existing_heap(sender);
  if (heap == nullptr || (message & 7) != 0)
    return CopiedMessage{message, nullptr};
  const char* error = nullptr;
  CopiedMessage copy{};
  {
    Writer writer(heap);
    copy.root = writer.write(message, error);
    copy.fragment = writer.release();
  }
  if (error != nullptr) {
    // The writer is gone: a panic never returns here to destroy it.
    if (copy.fragment != nullptr)
      discard_fragment(copy.fragment);
    panic(sender, error);
  }
  return copy;
}

InkoValue adopt_message(InkoProcess* receiver, InkoValue root, MessageFragment* fragment) {
  if (fragment == nullptr)
    return root;
  Heap& heap = heap_of(receiver);
  heap.inhibit_collection();
  InkoValue value = read_into(*fragment, root, Destination{&heap}, receiver);
  heap.allow_collection();
  free_fragment(fragment);
  return value;
}

void discard_fragment(MessageFragment* fragment) {
  Words words = words_of(*fragment);
  for (std::size_t entry = 0; entry < words.size(); entry = next_entry(words, entry)) {
    if (entry_type(words, entry) != object_entry)
      continue;
    auto* copy = reinterpret_cast<InkoHeader*>(payload(words, entry));
    if (auto finalise = kind_hooks(kind_of(copy)).finalise)
      finalise(copy);
  }
  free_fragment(fragment);
}

InkoValue copy_to_permanent(InkoProcess* process, InkoValue value) {
  Heap* heap = existing_heap(process);
  if (heap == nullptr || (value & 7) != 0)
    return value;
  const char* error = nullptr;
  InkoValue root;
  MessageFragment* fragment;
  {
    Writer writer(heap);
    root = writer.write(value, error);
    fragment = writer.release();
  }
  if (error != nullptr) {
    if (fragment != nullptr)
      discard_fragment(fragment);
    panic(process, error);
  }
  if (fragment == nullptr)
    return root;
  InkoValue permanent = read_into(*fragment, root, Destination{nullptr}, process);
  free_fragment(fragment);
  return permanent;
}

} // namespace inko
