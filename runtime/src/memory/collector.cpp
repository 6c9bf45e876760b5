// The collector of one process heap: mark from the roots, sweep by clearing
// allocation bits (see process_heap.h for the heap itself).
//
// It runs on the owning process's own stack, inside an allocation (or an
// explicit Heap::collect), while every other process keeps running: it
// touches nothing but this heap and the global block pool.
//
// Roots are scanned conservatively: generated code keeps values in
// registers and stack slots without stack maps, so every word between the
// collector's frame and the top of the process stack that points into an
// allocated cell keeps that cell alive (interior pointers too). The
// registers of the process are spilled onto its stack first
// (__builtin_unwind_init saves every callee-saved register in collect's
// frame; caller-saved ones are already saved by the calls leading here).
// Objects found are traced precisely from their class's kind and layout;
// kinds without a known layout, and buffers found only from the stack, are
// scanned conservatively.
#include "memory/fields.h"
#include "memory/kinds.h"
#include "memory/poison.h"
#include "memory/process_heap.h"
#include "process/process.h"
#include "stack/segments.h"

#include <algorithm>
#include <time.h>

namespace inko {
namespace {

std::uint64_t now_ns() {
  timespec time{};
  clock_gettime(CLOCK_MONOTONIC, &time);
  return static_cast<std::uint64_t>(time.tv_sec) * 1000000000ull +
         static_cast<std::uint64_t>(time.tv_nsec);
}

constexpr std::uintptr_t scan_tag = 1; // mark-stack entry: scan conservatively

// Objects of kinds that reference nothing the collector must mark need no
// mark-stack entry; trace_object would leave them alone.
bool holds_no_references(const InkoHeader* object) {
  return object->klass != nullptr && kind_references_nothing(object->klass->kind);
}

} // namespace

class Collector {
public:
  explicit Collector(Heap& heap) : heap_(heap), stack_(heap.mark_stack_) { stack_.clear(); }

  void mark_roots();
  void mark();
  void mark_added_attributes();
  void mark_looking_up(const AddedAttributes& table);
  std::size_t sweep();
  // Bytes of stack mark_roots scanned: what the next collection will cost
  // at least, besides the live objects.
  std::size_t root_bytes() const { return root_bytes_; }

private:
  void mark_address(std::uintptr_t address, bool scan_buffers);
  void mark_value(InkoValue value) {
    if ((value & 7) == 0 && value != 0)
      mark_address(value, true);
  }
  void scan_range(const char* low, const char* high);
  void trace_object(InkoHeader* object, std::size_t size);
  void trace_array(InkoArray* array);
  // What marking does with each reference trace_references finds.
  struct Marker {
    Collector& collector;
    void value(InkoValue value) { collector.mark_value(value); }
    void array(InkoArray* array) { collector.trace_array(array); }
    void buffer(void* buffer) { collector.mark_buffer(buffer); }
    void range(const char* low, const char* high) { collector.scan_range(low, high); }
  };
  // A buffer its owner marks: the owner knows what the buffer holds (an
  // array traces its elements), so a scan of it found on the stack is
  // unnecessary.
  void mark_buffer(const void* buffer) {
    if (buffer == nullptr)
      return;
    if (!stack_buffers_.empty())
      forget_stack_buffer(reinterpret_cast<std::uintptr_t>(buffer));
    mark_address(reinterpret_cast<std::uintptr_t>(buffer), false);
  }
  bool is_marked(InkoValue value) const;
  void forget_stack_buffer(std::uintptr_t buffer);
  void drain();
  // A mark-stack entry tagged scan_tag is a range to scan conservatively:
  // scans it and says so (false for an object to trace).
  bool scanned_as_range(std::uintptr_t entry, std::size_t size) {
    if ((entry & scan_tag) == 0)
      return false;
    auto* start = reinterpret_cast<const char*>(entry & ~scan_tag);
    scan_range(start, start + size);
    return true;
  }
  bool scan_stack_buffers();
  void sweep_allocator(Heap::Allocator& allocator, std::size_t& live);

  Heap& heap_;
  std::vector<std::pair<std::uintptr_t, std::size_t>>& stack_;
  // Buffers a stack word (or another conservative scan) reached, not yet
  // scanned: a buffer's owner, if reachable, knows its layout, and scanning
  // a large array's buffer word by word costs far more than tracing it
  // (a map's 2-million-entry array of hashes: 230 ms against 2 ms). Those
  // no owner marked are scanned conservatively once marking ends.
  std::vector<std::pair<std::uintptr_t, std::size_t>> stack_buffers_;
  std::size_t root_bytes_ = 0;
};

void Collector::mark_address(std::uintptr_t address, bool scan_buffers) {
  Block* block = Block::of(reinterpret_cast<void*>(address));
  if (heap_.owns_block(block)) {
    std::ptrdiff_t index = block->index_of(address);
    if (index < 0 || !block->is_allocated(static_cast<std::size_t>(index)) ||
        !block->mark(static_cast<std::size_t>(index)))
      return;
    auto start = reinterpret_cast<std::uintptr_t>(block->cell(index));
    if (!block->holds_buffers) {
      if (!holds_no_references(reinterpret_cast<const InkoHeader*>(start)))
        stack_.emplace_back(start, block->cell_size);
    } else if (scan_buffers)
      stack_buffers_.emplace_back(start, block->cell_size);
    return;
  }
  LargeObject* object = heap_.large_.find(address);
  if (object == nullptr || object->marked)
    return;
  object->marked = true;
  auto start = reinterpret_cast<std::uintptr_t>(object->payload());
  if (!object->holds_buffer)
    stack_.emplace_back(start, object->size);
  else if (scan_buffers)
    stack_buffers_.emplace_back(start, object->size);
}

void Collector::forget_stack_buffer(std::uintptr_t buffer) {
  for (std::size_t i = 0; i < stack_buffers_.size(); ++i) {
    if (stack_buffers_[i].first == buffer) {
      stack_buffers_[i] = stack_buffers_.back();
      stack_buffers_.pop_back();
      return;
    }
  }
}

// Reads words that may be anything (stack slots, redzones, limbs).
__attribute__((no_sanitize("address"))) void Collector::scan_range(const char* low,
                                                                   const char* high) {
  auto word = (reinterpret_cast<std::uintptr_t>(low) + 7) & ~std::uintptr_t{7};
  for (; word + 8 <= reinterpret_cast<std::uintptr_t>(high); word += 8) {
    std::uintptr_t value = *reinterpret_cast<const volatile std::uintptr_t*>(word);
    if (value >= 4096)
      mark_address(value, true);
  }
}

// Never inlined, so its frame lies below collect's, where collect's
// prologue saved the callee-saved registers.
[[gnu::noinline]] void Collector::mark_roots() {
  InkoProcess* process = heap_.owner_;
  if (process == nullptr)
    return;
  const char* low = static_cast<const char*>(__builtin_frame_address(0));
  // Every segment in use: older ones from where their last call left them.
  for_each_live_range(process->context.stack, low, [this](const char* from, const char* to) {
    root_bytes_ += static_cast<std::size_t>(to - from);
    scan_range(from, to);
  });
  mark_value(process->argument);
  mark_value(reinterpret_cast<InkoValue>(process->panic_environment));
}

void Collector::mark() {
  drain();
  // Their scans may reach more (owners included), so until nothing is left.
  while (scan_stack_buffers())
    drain();
}

// Buffers only the stack (or a conservative scan) reached and no owner
// marked: C++ code filling a buffer before its owner has it, a buffer being
// resized. False when there were none.
bool Collector::scan_stack_buffers() {
  if (stack_buffers_.empty())
    return false;
  std::vector<std::pair<std::uintptr_t, std::size_t>> pending;
  pending.swap(stack_buffers_);
  for (auto [start, size] : pending)
    scan_range(reinterpret_cast<const char*>(start), reinterpret_cast<const char*>(start) + size);
  return true;
}

void Collector::drain() {
  // Entries are popped long after they were pushed (an array pushes all its
  // elements first), so their objects have left the cache: fetch the one
  // a few entries down, likely the next but some to be traced.
  constexpr std::size_t kPrefetchDepth = 8;
  while (!stack_.empty()) {
    if (stack_.size() > kPrefetchDepth)
      __builtin_prefetch(reinterpret_cast<const void*>(
          stack_[stack_.size() - 1 - kPrefetchDepth].first & ~scan_tag));
    auto [entry, size] = stack_.back();
    stack_.pop_back();
    if (scanned_as_range(entry, size))
      continue;
    trace_object(reinterpret_cast<InkoHeader*>(entry), size);
  }
}

// Attributes added through std::mirror (stdlib/added_attributes.h) live as
// long as their object, like an ephemeron: the marked objects mark their
// arrays, and tracing those looks up each object it marks, so a chain of
// added attributes costs one lookup per object. Then the entries of
// unmarked objects go. Nothing of this runs while the table is empty.
void Collector::mark_added_attributes() {
  AddedAttributes& table = heap_.added_attributes();
  if (table.empty())
    return;
  table.for_each([this](InkoValue object, InkoValue attributes) {
    if (is_marked(object))
      mark_value(attributes);
  });
  mark_looking_up(table);
  while (scan_stack_buffers())
    mark_looking_up(table);
  table.erase_if([this](InkoValue object) { return !is_marked(object); });
  if (table.empty() && heap_.owner_ != nullptr)
    heap_.owner_->has_added_attributes = false;
}

// mark() for objects marked after the roots' tracing: every object that can
// have added attributes is pushed when marked (holds_no_references lists
// none of their kinds), so looking each popped object up finds them all.
// Arrays are traced without trace_array's shortcut, which traces elements
// it marks without pushing them.
void Collector::mark_looking_up(const AddedAttributes& table) {
  while (!stack_.empty()) {
    auto [entry, size] = stack_.back();
    stack_.pop_back();
    if (scanned_as_range(entry, size))
      continue;
    if (InkoValue attributes = table.find(entry))
      mark_value(attributes);
    auto* object = reinterpret_cast<InkoHeader*>(entry);
    if (object->klass == nullptr || kind_of(object) != INKO_KIND_ARRAY) {
      trace_object(object, size);
      continue;
    }
    auto* array = reinterpret_cast<InkoArray*>(object);
    Allocation buffer = heap_.find_buffer(array->values);
    if (array->values == nullptr || !buffer)
      continue;
    mark_buffer(array->values);
    std::size_t length = std::min<std::size_t>(array->length, buffer.size / sizeof(InkoValue));
    for (std::size_t i = 0; i < length; ++i)
      mark_value(array->values[i]);
  }
}

bool Collector::is_marked(InkoValue value) const {
  Block* block = Block::of(reinterpret_cast<void*>(value));
  if (heap_.owns_block(block)) {
    std::ptrdiff_t index = block->index_of(value);
    return index >= 0 && ((block->marked[index / 64] >> (index % 64)) & 1) != 0;
  }
  const LargeObject* object = heap_.large_.find(value);
  return object != nullptr && object->marked;
}

void Collector::trace_object(InkoHeader* object, std::size_t size) {
  Marker marker{*this};
  trace_references(object, size, marker);
}

void Collector::trace_array(InkoArray* array) {
  if (array->values == nullptr)
    return;
  Allocation buffer = heap_.find_buffer(array->values);
  if (!buffer)
    return; // not this heap's: nothing the collector may free
  mark_buffer(array->values);
  std::size_t length = array->length;
  if (length * sizeof(InkoValue) > buffer.size)
    length = buffer.size / sizeof(InkoValue);
  // Marking reads each element's header: a cache miss when the elements
  // were allocated in another order than the array holds them (a Map's
  // buckets). Fetch some elements ahead; a prefetch never faults.
  constexpr std::size_t kPrefetchDistance = 16;
  for (std::size_t i = 0; i < length; ++i) {
    if (i + kPrefetchDistance < length)
      __builtin_prefetch(reinterpret_cast<const void*>(array->values[i + kPrefetchDistance]));
    std::size_t pending = stack_.size();
    mark_value(array->values[i]);
    // Trace an element marked just now while its cell is in the cache: from
    // the stack it would come back after all the others, a second miss. Not
    // nested arrays, so this never recurses more than once.
    if (stack_.size() > pending) {
      auto [entry, size] = stack_.back();
      auto* object = reinterpret_cast<InkoHeader*>(entry);
      if ((entry & scan_tag) == 0 && object->klass != nullptr &&
          kind_of(object) != INKO_KIND_ARRAY) {
        stack_.pop_back();
        trace_object(object, size);
      }
    }
  }
}

void Collector::sweep_allocator(Heap::Allocator& allocator, std::size_t& live) {
  Block** link = &allocator.blocks;
  // One empty block stays with the allocator: a heap that keeps little
  // alive (a process forwarding messages) then refills the same warm block
  // instead of trading blocks with the pool, whose surplus goes back to
  // the kernel and faults in again.
  bool kept_empty = false;
  while (Block* block = *link) {
    std::uint32_t live_cells = 0;
    bool finalise = block->may_finalise && !block->holds_buffers;
    for (std::size_t w = 0; w < Block::bitmap_words; ++w) {
      std::uint64_t dead = block->allocated[w] & ~block->marked[w];
#ifndef INKO_ASAN
      if (!finalise)
        dead = 0;
#endif
      while (dead != 0) {
        std::size_t index = w * 64 + static_cast<std::size_t>(std::countr_zero(dead));
        dead &= dead - 1;
        char* cell = block->cell(index);
        if (finalise) {
          auto* object = reinterpret_cast<InkoHeader*>(cell);
          if (auto hook = kind_hooks(kind_of(object)).finalise)
            hook(object);
        }
        poison(cell, block->cell_size);
      }
      block->allocated[w] &= block->marked[w];
      // Permanent cells start the next collection marked: never traced,
      // never freed.
      block->marked[w] = block->permanent[w];
      live_cells += static_cast<std::uint32_t>(std::popcount(block->allocated[w]));
    }
    block->live_cells = live_cells;
    if (live_cells == 0 && !kept_empty) {
      kept_empty = true;
      block->may_finalise = false;
      link = &block->next;
      continue;
    }
    if (live_cells == 0) {
      *link = block->next;
      block_pool().release(block);
      continue;
    }
    live += std::size_t{live_cells} * block->cell_size;
    link = &block->next;
  }
  allocator.cursor = allocator.limit = nullptr;
  allocator.current = nullptr;
  allocator.fill = allocator.blocks;
  allocator.scan_index = 0;
  allocator.cursor_index = 0;
}

std::size_t Collector::sweep() {
  std::size_t live = 0;
  heap_.for_each_used_allocator(
      [&](Heap::Allocator& allocator) { sweep_allocator(allocator, live); });
  std::size_t large_live = heap_.large_.sweep([](char* payload) {
    auto* object = reinterpret_cast<InkoHeader*>(payload);
    if (auto hook = kind_hooks(kind_of(object)).finalise)
      hook(object);
  });
  heap_.statistics_.large_bytes = large_live;
  heap_.rebuild_block_set();
  return live + large_live;
}

[[gnu::noinline]] void Heap::collect() {
  if (collecting_)
    return;
  collecting_ = true;
  std::uint64_t start = now_ns();
  __builtin_unwind_init();
  Collector collector(*this);
  collector.mark_roots();
  collector.mark();
  collector.mark_added_attributes();
  std::size_t live = collector.sweep();
  if (mark_stack_.capacity() > 65536)
    decltype(mark_stack_)().swap(mark_stack_);
  // A process that keeps (nearly) nothing, has a shallow stack and
  // allocates only a little per turn (a ring member, a worker answering
  // small requests) keeps its floor: it collects cheaply and seldom per
  // turn, and refills the same few pages instead of touching fresh ones
  // with every doubling (1000 ring members: 50 MB of heap pages before).
  bool nearly_empty = (live + collector.root_bytes()) * nearly_empty_ratio <= policy_.floor();
  bool slow = owner_ != nullptr && owner_->turns - turns_at_collection_ >= slow_allocator_turns;
  if (owner_ != nullptr)
    turns_at_collection_ = owner_->turns;
  policy_.collected(since_collection_, live, nearly_empty && slow);
  since_collection_ = 0;
  std::uint64_t pause = now_ns() - start;
  statistics_.collections += 1;
  statistics_.live_bytes = live;
  statistics_.last_pause_ns = pause;
  statistics_.total_pause_ns += pause;
  if (pause > statistics_.max_pause_ns)
    statistics_.max_pause_ns = pause;
  if (pause_log_ != nullptr)
    pause_log_->push_back(pause);
  collecting_ = false;
}

} // namespace inko
