// Tests of the allocations generated code asks for (object/allocate.cpp):
// their fast path reuses collected cells without zeroing them first, so a
// new object must still hold exactly what a zeroed one would.
#include "memory/test_objects.h"

#include <cstring>
#include <doctest/doctest.h>
#include <vector>

namespace inko {
namespace {

using namespace inko::testing;

// 7 slots: 72 bytes in an 80-byte cell, so 8 bytes of each cell lie past
// the object.
const InkoClass seven_slots = {"Seven", INKO_KIND_OBJECT, 7, 0, nullptr, INKO_COPY_DEEP, 0};
const InkoClass file_like = {"File", INKO_KIND_OBJECT, 1, 0, nullptr, INKO_COPY_REFUSE_OPEN, 0};

constexpr unsigned char dirt = 0xab;

// Allocates `count` values with `make`, fills their cells with `dirt` but
// for the class pointer (a stale stack word may still reach one during the
// collection: the collector reads its class) and returns the cells'
// addresses; nothing refers to them after. Dirt is odd in every word, so
// the collector takes none of it for a pointer.
template <typename Make>
[[gnu::noinline]] std::vector<std::uintptr_t> dirty_cells(InkoProcess* process, int count,
                                                          Make make) {
  std::vector<std::uintptr_t> cells;
  for (int i = 0; i < count; ++i) {
    InkoValue value = make(process);
    Allocation cell = heap_of(process).find(value);
    std::memset(cell.start + sizeof(InkoClass*), dirt, cell.size - sizeof(InkoClass*));
    // The finaliser of a collected string releases its bytes.
    auto* header = reinterpret_cast<InkoHeader*>(value);
    if (header->klass == &inko_class_string)
      reinterpret_cast<InkoString*>(header)->bytes = nullptr;
    cells.push_back(value ^ 1); // hidden from the conservative scan
  }
  return cells;
}

// Whether a new value of `make` took one of a hundred dirty cells freed by
// a collection; each new value is checked by `check(value, cell size)`.
template <typename Make, typename Check>
bool reuses_dirty_cells(InkoProcess* process, Make make, Check check) {
  heap_of(process).set_threshold(Heap::default_threshold);
  std::vector<std::uintptr_t> cells = dirty_cells(process, 100, make);
  clear_stack();
  collect(process);
  // Until one lands in a dirty cell: the allocator may first finish the
  // run it claimed before the collection.
  for (int i = 0; i < 10000; ++i) {
    InkoValue value = make(process);
    Allocation cell = heap_of(process).find(value);
    REQUIRE(cell.start == reinterpret_cast<char*>(value));
    check(value, cell.size);
    for (std::uintptr_t hidden : cells) {
      if ((hidden ^ 1) == value)
        return true;
    }
  }
  return false;
}

// Whether the `size` bytes at `bytes` are all zero.
bool zero(const void* bytes, std::size_t size) {
  const auto* start = static_cast<const unsigned char*>(bytes);
  for (std::size_t i = 0; i < size; ++i) {
    if (start[i] != 0)
      return false;
  }
  return true;
}

TEST_CASE("an object in a reused cell has Nil slots, no flags and a zeroed rest of the cell") {
  run_main(test_config(1), [](InkoProcess* process) {
    auto make = [](InkoProcess* p) { return inko_object_allocate(p, &seven_slots); };
    CHECK(reuses_dirty_cells(process, make, [](InkoValue value, std::size_t cell_size) {
      auto* object = reinterpret_cast<InkoObject*>(value);
      CHECK(cell_size == 80);
      CHECK(object->header.klass == &seven_slots);
      CHECK(object->header.flags == 0);
      for (int i = 0; i < 7; ++i)
        CHECK(object->slots[i] == nil());
      CHECK(zero(&object->slots[7], cell_size - 72));
    }));
  });
}

TEST_CASE("Floats, cells and blocks in reused cells hold only what they were given") {
  run_main(test_config(1), [](InkoProcess* process) {
    auto make_float = [](InkoProcess* p) { return inko_float_new(p, 2.5); };
    CHECK(reuses_dirty_cells(process, make_float, [](InkoValue value, std::size_t) {
      auto* object = reinterpret_cast<InkoFloat*>(value);
      CHECK(object->header.klass == &inko_class_float);
      CHECK(object->header.flags == 0);
      CHECK(object->value == 2.5);
    }));
    auto make_cell = [](InkoProcess* p) { return inko_cell_new(p, nil()); };
    CHECK(reuses_dirty_cells(process, make_cell, [](InkoValue value, std::size_t) {
      auto* cell = reinterpret_cast<InkoCell*>(value);
      CHECK(cell->header.flags == 0);
      CHECK(cell->value == nil());
    }));
    // Three captured cells: 72 bytes in an 80-byte cell.
    auto make_block = [](InkoProcess* p) { return inko_block_new(p, nullptr, nil(), 7, 3); };
    CHECK(reuses_dirty_cells(process, make_block, [](InkoValue value, std::size_t cell_size) {
      auto* block = reinterpret_cast<InkoBlock*>(value);
      CHECK(block->header.klass == &inko_class_block);
      CHECK(block->header.flags == 0);
      CHECK(block->function == nullptr);
      CHECK(block->self == nil());
      CHECK(block->home_token == 7);
      CHECK(block->cell_count == 3);
      CHECK(zero(block->cells, cell_size - sizeof(InkoBlock)));
    }));
  });
}

TEST_CASE("a short string in a reused cell holds its bytes, a NUL and zeros after them") {
  run_main(test_config(1), [](InkoProcess* process) {
    // 24 + 16 + 3 + 1 = 44 bytes in a 48-byte cell.
    auto make = [](InkoProcess* p) { return string(p, "abc"); };
    CHECK(reuses_dirty_cells(process, make, [](InkoValue value, std::size_t cell_size) {
      auto* object = reinterpret_cast<InkoString*>(value);
      CHECK(cell_size == 48);
      CHECK(object->header.klass == &inko_class_string);
      CHECK(object->header.flags == 0);
      CHECK(object->bytes == reinterpret_cast<InkoSharedBytes*>(object + 1));
      CHECK(object->bytes->references == heap_bytes_references);
      CHECK(text_of(value) == "abc");
      CHECK(object->bytes->data[3] == '\0');
      CHECK(zero(object->bytes->data + 4, cell_size - 44));
    }));
  });
}

TEST_CASE("each fast allocation takes a cell of its own and marks it allocated") {
  run_main(test_config(1), [](InkoProcess* process) {
    heap_of(process).set_threshold(Heap::default_threshold);
    std::vector<InkoValue> objects;
    for (int i = 0; i < 1000; ++i)
      objects.push_back(inko_object_allocate(process, &seven_slots));
    for (std::size_t i = 0; i < objects.size(); ++i) {
      Allocation cell = heap_of(process).find_object(objects[i]);
      REQUIRE(cell);
      CHECK(cell.start == reinterpret_cast<char*>(objects[i]));
      if (i > 0)
        CHECK(objects[i] != objects[i - 1]);
    }
  });
}

TEST_CASE("an instance of a class with a descriptor marks its block for finalisation") {
  run_main(test_config(1), [](InkoProcess* process) {
    // The first allocation creates the heap (slow path), the second bumps.
    inko_object_allocate(process, &seven_slots);
    InkoValue file = inko_object_allocate(process, &file_like);
    CHECK(Block::of(reinterpret_cast<void*>(file))->may_finalise);
    InkoValue plain = inko_object_allocate(process, &seven_slots);
    CHECK_FALSE(Block::of(reinterpret_cast<void*>(plain))->may_finalise);
  });
}

} // namespace
} // namespace inko
