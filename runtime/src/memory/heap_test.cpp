// Tests of process heaps and their collector, driven from C++ processes:
// what survives a collection (stack roots, interior pointers, everything
// reachable), what is freed and finalised, buffers, large objects, and that
// memory goes back to the block pool.
#include "memory/test_objects.h"

#include <cstring>
#include <doctest/doctest.h>

namespace inko {
namespace {

using namespace inko::testing;

// Allocates `count` counted objects nothing refers to, in a frame that is
// gone when the caller collects.
[[gnu::noinline]] void make_garbage(InkoProcess* process, int count) {
  for (int i = 0; i < count; ++i)
    counted(process);
}

// A list of `length` nodes: slot 0 is the index, slot 1 the next node.
[[gnu::noinline]] InkoValue make_list(InkoProcess* process, std::int64_t length) {
  InkoValue list = nil();
  for (std::int64_t i = length - 1; i >= 0; --i)
    list = reinterpret_cast<InkoValue>(node(process, integer(i), list));
  return list;
}

std::int64_t list_length(InkoValue list) {
  std::int64_t length = 0;
  while (list != nil()) {
    auto* object = reinterpret_cast<InkoObject*>(list);
    if (integer_of(object->slots[0]) != length)
      return -1;
    ++length;
    list = object->slots[1];
  }
  return length;
}

TEST_CASE("unreachable objects are collected and finalised; stack roots survive") {
  CountedKind kind;
  run_main(test_config(1), [](InkoProcess* process) {
    // Only the collection below: the early ones of a young heap aside.
    heap(process).set_threshold(Heap::default_threshold);
    volatile InkoValue kept = counted(process);
    make_garbage(process, 10000);
    clear_stack();
    collect(process);
    // Stale words on the stack may keep a few alive (conservative roots).
    CHECK(finalised_objects.load() >= 9900);
    CHECK(in_heap(process, kept));
    CHECK(heap(process).statistics().collections == 1);
  });
  // The heap of a finished process is finalised entirely.
  CHECK(finalised_objects.load() == 10001);
}

TEST_CASE("a young heap that keeps little alive collects early and refills its first block") {
  run_main(test_config(1), [](InkoProcess* process) {
    make_garbage(process, 1000); // 32 KB of 32-byte objects: a block's worth
    CHECK(heap(process).statistics().collections >= 1);
    CHECK(heap(process).statistics().blocks == 1);
  });
}

// Allocates `count` two-slot objects nothing refers to.
[[gnu::noinline]] void make_nodes(InkoProcess* process, int count) {
  for (int i = 0; i < count; ++i)
    node(process, integer(i), nil());
}

TEST_CASE("a process that keeps nothing and allocates a little per turn keeps its first floor") {
  // 4000 turns of two 32-byte objects: 256 KB. With the floor at 8 KB that
  // is about 32 collections, all in the first pages of one block; a floor
  // doubling at every collection would have collected five times.
  run_main(test_config(1), [](InkoProcess* process) {
    for (int turn = 0; turn < 4000; ++turn) {
      make_nodes(process, 2);
      inko_process_suspend(process, 0);
    }
    if (!sanitized())
      CHECK(heap(process).statistics().collections >= 24);
    CHECK(heap(process).statistics().blocks == 1);
  });
  // The same allocations in one turn: the floor doubles.
  run_main(test_config(1), [](InkoProcess* process) {
    make_nodes(process, 8000);
    CHECK(heap(process).statistics().collections <= 6);
  });
}

TEST_CASE("everything reachable from a root survives, deep lists included") {
  run_main(test_config(1), [](InkoProcess* process) {
    volatile InkoValue list = make_list(process, 200000);
    make_list(process, 100000); // garbage
    clear_stack();
    collect(process);
    CHECK(list_length(list) == 200000);
    std::size_t live = heap(process).statistics().live_bytes;
    CHECK(live >= 200000 * 32);
    if (!sanitized())
      CHECK(live < 200000 * 32 + 100000 * 32 / 2);
    collect(process);
    CHECK(list_length(list) == 200000);
  });
}

// Returns only the address of the second slot of a new node.
[[gnu::noinline]] std::uintptr_t make_interior(InkoProcess* process) {
  InkoObject* object = node(process, counted(process), nil());
  return reinterpret_cast<std::uintptr_t>(&object->slots[1]);
}

TEST_CASE("an interior pointer keeps its object alive") {
  CountedKind kind;
  run_main(test_config(1), [](InkoProcess* process) {
    volatile std::uintptr_t interior = make_interior(process);
    make_garbage(process, 100);
    clear_stack();
    collect(process);
    auto* again = reinterpret_cast<InkoObject*>(interior - 24);
    CHECK(in_heap(process, reinterpret_cast<InkoValue>(again)));
    CHECK(in_heap(process, again->slots[0]));
  });
}

[[gnu::noinline]] void make_cycles(InkoProcess* process) {
  for (int i = 0; i < 1000; ++i) {
    InkoObject* a = node(process, counted(process), nil());
    InkoObject* b = node(process, counted(process), reinterpret_cast<InkoValue>(a));
    a->slots[1] = reinterpret_cast<InkoValue>(b);
  }
}

TEST_CASE("cycles are collected") {
  CountedKind kind;
  run_main(test_config(1), [](InkoProcess* process) {
    make_cycles(process);
    clear_stack();
    collect(process);
    CHECK(finalised_objects.load() >= 1950);
  });
}

// Longer than copied_string_limit, so the bytes are counted (shorter strings
// keep their bytes in their own cell).
const std::string kept_text(copied_string_limit + 1, 'k');

[[gnu::noinline]] void make_dropped_string(InkoProcess* process, InkoSharedBytes** bytes) {
  InkoValue dropped = string(process, std::string(copied_string_limit + 1, 'd'));
  *bytes = reinterpret_cast<InkoString*>(dropped)->bytes;
  shared_bytes_retain(*bytes);
}

TEST_CASE("array elements and buffers are traced; strings release their bytes") {
  run_main(test_config(1), [](InkoProcess* process) {
    InkoSharedBytes* kept_bytes = nullptr;
    InkoSharedBytes* dropped_bytes = nullptr;
    volatile InkoArray* array = array_new(process, 0);
    {
      InkoValue kept = string(process, kept_text);
      kept_bytes = reinterpret_cast<InkoString*>(kept)->bytes;
      shared_bytes_retain(kept_bytes); // so the test can read the count
      for (int i = 0; i < 1000; ++i)
        array_push(process, const_cast<InkoArray*>(array),
                   reinterpret_cast<InkoValue>(node(process, integer(i), kept)));
      make_dropped_string(process, &dropped_bytes);
    }
    make_list(process, 10000);
    clear_stack();
    collect(process);
    CHECK(array->length == 1000);
    for (std::uint64_t i = 0; i < array->length; ++i) {
      auto* element = reinterpret_cast<InkoObject*>(array->values[i]);
      REQUIRE(in_heap(process, array->values[i]));
      CHECK(integer_of(element->slots[0]) == static_cast<std::int64_t>(i));
      CHECK(text_of(element->slots[1]) == kept_text);
    }
    CHECK(kept_bytes->references == 2);
    CHECK(dropped_bytes->references == 1);
    shared_bytes_release(kept_bytes);
    shared_bytes_release(dropped_bytes);
  });
}

// Fills a new buffer of `count` words with counted objects; only the
// returned pointer refers to it.
[[gnu::noinline]] InkoValue* buffer_of_counted(InkoProcess* process, std::size_t count) {
  auto* words = static_cast<InkoValue*>(allocate_buffer(process, count * sizeof(InkoValue)));
  for (std::size_t i = 0; i < count; ++i)
    words[i] = counted(process);
  return words;
}

TEST_CASE("a buffer only the stack refers to keeps what it holds alive, small or large") {
  CountedKind kind;
  run_main(test_config(1), [](InkoProcess* process) {
    for (std::size_t count : {16, 1000}) { // a block's cell, a large object
      finalised_objects = 0;
      InkoValue* volatile words = buffer_of_counted(process, count);
      make_garbage(process, 1000);
      clear_stack();
      collect(process);
      for (std::size_t i = 0; i < count; ++i)
        REQUIRE(in_heap(process, words[i]));
      if (!sanitized())
        CHECK(finalised_objects.load() >= 990);
    }
  });
}

TEST_CASE("an array's buffer on the stack is traced through the array: words past its length "
          "keep nothing alive") {
  CountedKind kind;
  run_main(test_config(1), [](InkoProcess* process) {
    volatile InkoArray* array = array_new(process, 64);
    array_push(process, const_cast<InkoArray*>(array), counted(process));
    // A stale word past the length, as a popped array leaves behind.
    array->values[40] = counted(process);
    InkoValue* volatile buffer = array->values;
    clear_stack();
    collect(process);
    CHECK(buffer == array->values);
    CHECK(in_heap(process, array->values[0]));
    if (!sanitized())
      CHECK(finalised_objects.load() == 1);
  });
}

TEST_CASE("a large mapped buffer grows in place of a copy: contents kept, the rest zero") {
  run_main(test_config(1), [](InkoProcess* process) {
    constexpr std::size_t small = 512 * 1024;
    constexpr std::size_t grown = 4 * small;
    auto* bytes = static_cast<unsigned char*>(allocate_buffer(process, small));
    for (std::size_t i = 0; i < small; ++i)
      bytes[i] = static_cast<unsigned char>(i * 7);
    std::size_t large_before = heap(process).statistics().large_bytes;
    std::uint64_t allocated_before = heap(process).statistics().allocated_bytes;
    auto* after = static_cast<unsigned char*>(resize_buffer(process, bytes, small, grown));
    bool kept = true;
    for (std::size_t i = 0; i < small; ++i)
      kept = kept && after[i] == static_cast<unsigned char>(i * 7);
    CHECK(kept);
    bool zero = true;
    for (std::size_t i = small; i < grown; ++i)
      zero = zero && after[i] == 0;
    CHECK(zero);
    Allocation allocation = heap(process).find_buffer(after);
    REQUIRE(allocation);
    CHECK(allocation.size == grown);
    if (after != bytes)
      CHECK_FALSE(heap(process).find(reinterpret_cast<std::uintptr_t>(bytes)));
    // Only the growth counts as allocated, and one buffer is held.
    CHECK(heap(process).statistics().large_bytes == large_before + grown - small);
    CHECK(heap(process).statistics().allocated_bytes == allocated_before + grown - small);
    after[grown - 1] = 1;
  });
}

TEST_CASE("short strings keep their bytes in their own cell, longer ones count them") {
  run_main(test_config(1), [](InkoProcess* process) {
    InkoValue longest_short = string(process, std::string(copied_string_limit, 's'));
    CHECK(bytes_in_heap(process, longest_short));
    CHECK(text_of(longest_short) == std::string(copied_string_limit, 's'));
    InkoValue empty = string(process, "");
    CHECK(bytes_in_heap(process, empty));
    CHECK(text_of(empty).empty());
    InkoValue shortest_long = string(process, std::string(copied_string_limit + 1, 'l'));
    CHECK_FALSE(bytes_in_heap(process, shortest_long));
    CHECK(reinterpret_cast<InkoString*>(shortest_long)->bytes->references == 1);
  });
}

[[gnu::noinline]] void make_big(InkoProcess* process) {
  for (int i = 0; i < 20; ++i) {
    InkoArray* array = array_new(process, 100000); // an 800 KB buffer
    array->length = 100000;
    for (std::uint64_t j = 0; j < array->length; ++j)
      array->values[j] = integer(static_cast<std::int64_t>(j));
  }
}

TEST_CASE("large objects and large buffers are collected and returned") {
  run_main(test_config(1), [](InkoProcess* process) {
    volatile InkoArray* kept = array_new(process, 50000);
    kept->length = 50000;
    for (std::uint64_t j = 0; j < kept->length; ++j)
      kept->values[j] = reinterpret_cast<InkoValue>(node(process, integer(7), nil()));
    make_big(process);
    clear_stack();
    collect(process);
    if (!sanitized())
      CHECK(heap(process).statistics().large_bytes == 50000 * sizeof(InkoValue));
    for (std::uint64_t j = 0; j < kept->length; ++j)
      REQUIRE(integer_of(reinterpret_cast<InkoObject*>(kept->values[j])->slots[0]) == 7);
  });
}

TEST_CASE("resize_buffer keeps the contents; the old buffer is freed") {
  run_main(test_config(1), [](InkoProcess* process) {
    auto* buffer = static_cast<char*>(allocate_buffer(process, 16));
    std::memcpy(buffer, "0123456789abcdef", 16);
    for (std::size_t size = 32; size <= 65536; size *= 2) {
      buffer = static_cast<char*>(resize_buffer(process, buffer, size / 2, size));
      CHECK(std::memcmp(buffer, "0123456789abcdef", 16) == 0);
    }
    CHECK(heap(process).statistics().large_bytes == 65536);
  });
}

TEST_CASE("empty blocks go back to the pool; a collected heap is reused") {
  run_main(test_config(1), [](InkoProcess* process) {
    make_list(process, 100000);
    std::size_t blocks = heap(process).statistics().blocks;
    CHECK(blocks >= 100);
    clear_stack();
    collect(process);
    if (!sanitized())
      CHECK(heap(process).statistics().blocks < 10);
    for (int round = 0; round < 20; ++round)
      make_list(process, 100000);
    // Collections kept the heap near its threshold (64 MB allocated with at
    // most ~3.2 MB live: a collection at least every 6.4 MB).
    if (!sanitized())
      CHECK(heap(process).statistics().collections >= 10);
    if (!sanitized())
      CHECK(heap(process).statistics().blocks <= 3 * blocks);
  });
}

} // namespace
} // namespace inko
