// Promotion in place (Heap::promote, PROCESSES P8): a value stored into a
// module constant, or into anything reachable from one, becomes permanent
// where it is, with everything of the heap it reaches. Its cells get their
// permanent bit (memory/block.h) and objects INKO_HEADER_PERMANENT, so
//   * the collector never traces or frees them (they start every
//     collection marked) and the heap keeps their blocks, also after the
//     process finished (memory/permanent_store.h);
//   * message copies share them (the writer tests the header flag);
//   * the value keeps its identity: what the storing process mutates later
//     is what every process sees through the constant.
// Tracing follows the collector's: precise by kind, conservative for kinds
// of unknown layout. A cell already permanent is not traced again: what it
// reaches was promoted with it.
#include "memory/fields.h"
#include "memory/kinds.h"
#include "memory/process_heap.h"

#include <algorithm>
#include <vector>

namespace inko {

class Promoter {
public:
  explicit Promoter(Heap& heap) : heap_(heap) {}

  void promote_value(InkoValue value) {
    if ((value & 7) == 0 && value != 0)
      promote_address(value, true);
  }

  void drain() {
    while (!pending_.empty()) {
      auto [start, size, scan] = pending_.back();
      pending_.pop_back();
      if (scan)
        scan_range(reinterpret_cast<const char*>(start),
                   reinterpret_cast<const char*>(start) + size);
      else
        trace(reinterpret_cast<InkoHeader*>(start), size);
    }
  }

private:
  struct Pending {
    std::uintptr_t start;
    std::size_t size;
    bool scan; // a range to scan conservatively rather than an object
  };

  // Promotes the allocation of this heap containing `address`, if any and
  // not permanent yet. A buffer reached from its owner is not scanned (the
  // owner knows its contents); one reached otherwise is, conservatively.
  void promote_address(std::uintptr_t address, bool scan_buffers) {
    Block* block = Block::of(reinterpret_cast<void*>(address));
    if (heap_.owns_block(block)) {
      std::ptrdiff_t index = block->index_of(address);
      if (index < 0)
        return;
      auto cell = static_cast<std::size_t>(index);
      if (!block->is_allocated(cell) || block->is_permanent(cell))
        return;
      block->set_permanent(cell);
      found(reinterpret_cast<std::uintptr_t>(block->cell(cell)), block->cell_size,
            block->holds_buffers, scan_buffers);
      return;
    }
    LargeObject* object = heap_.large_.find(address);
    if (object == nullptr || object->permanent)
      return;
    object->permanent = true;
    object->marked = true; // as the sweep leaves permanent objects
    found(reinterpret_cast<std::uintptr_t>(object->payload()), object->size, object->holds_buffer,
          scan_buffers);
  }

  void found(std::uintptr_t start, std::size_t size, bool buffer, bool scan_buffers) {
    if (!buffer) {
      // Stale forwarding bits of earlier message copies go too.
      reinterpret_cast<InkoHeader*>(start)->flags = INKO_HEADER_PERMANENT;
      pending_.push_back({start, size, false});
    } else if (scan_buffers) {
      pending_.push_back({start, size, true});
    }
  }

  // Reads words that may be anything (redzones of unknown kinds' objects).
  __attribute__((no_sanitize("address"))) void scan_range(const char* low, const char* high) {
    auto word = (reinterpret_cast<std::uintptr_t>(low) + 7) & ~std::uintptr_t{7};
    for (; word + 8 <= reinterpret_cast<std::uintptr_t>(high); word += 8) {
      std::uintptr_t value = *reinterpret_cast<const volatile std::uintptr_t*>(word);
      if (value >= 4096)
        promote_address(value, true);
    }
  }

  // What promotion does with each reference trace_references finds.
  struct Tracer {
    Promoter& promoter;
    void value(InkoValue value) { promoter.promote_value(value); }
    void array(InkoArray* array) { promoter.trace_array(array); }
    void buffer(void* buffer) {
      promoter.promote_address(reinterpret_cast<std::uintptr_t>(buffer), false);
    }
    void range(const char* low, const char* high) { promoter.scan_range(low, high); }
  };

  void trace(InkoHeader* object, std::size_t size) {
    Tracer tracer{*this};
    trace_references(object, size, tracer);
  }

  void trace_array(InkoArray* array) {
    if (array->values == nullptr)
      return;
    std::size_t length = array->length;
    if (Allocation buffer = heap_.find_buffer(array->values)) {
      length = std::min(length, buffer.size / sizeof(InkoValue));
      promote_address(reinterpret_cast<std::uintptr_t>(array->values), false);
    }
    for (std::size_t i = 0; i < length; ++i)
      promote_value(array->values[i]);
  }

  Heap& heap_;
  std::vector<Pending> pending_;
};

void Heap::promote(InkoValue value) {
  Promoter promoter(*this);
  promoter.promote_value(value);
  promoter.drain();
}

} // namespace inko
