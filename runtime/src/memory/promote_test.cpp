// Tests of promotion in place (memory/promote.cpp, P8): a value made
// permanent keeps its identity and everything it reaches, survives
// collections and the end of its process, is shared by messages, and an
// array promoted keeps permanent buffers as it grows.
#include "builtins/array.h"
#include "builtins/value.h"
#include "memory/permanent_store.h"
#include "memory/process_memory.h"
#include "memory/test_objects.h"

#include <doctest/doctest.h>

namespace inko {
namespace {

using namespace inko::testing;

// A list of `length` nodes: slot 0 is the index, slot 1 the next node,
// built in a frame that is gone when the caller collects.
[[gnu::noinline]] InkoValue make_list(InkoProcess* process, std::int64_t length) {
  InkoValue list = nil();
  for (std::int64_t i = length - 1; i >= 0; --i)
    list = reinterpret_cast<InkoValue>(node(process, integer(i), list));
  return list;
}

// The length of a list of make_list, or -1 when a node is not permanent or
// holds the wrong index.
std::int64_t permanent_list_length(InkoValue list) {
  std::int64_t length = 0;
  while (list != nil()) {
    auto* object = reinterpret_cast<InkoObject*>(list);
    if (!is_permanent(list) || integer_of(object->slots[0]) != length)
      return -1;
    ++length;
    list = object->slots[1];
  }
  return length;
}

[[gnu::noinline]] void make_garbage(InkoProcess* process, int count) {
  for (int i = 0; i < count; ++i)
    make_list(process, 10);
}

// Hides a pointer from the conservative stack scan.
constexpr std::uintptr_t hidden = 0x5555;

// A promoted list of `length` nodes, its address hidden: only the
// promotion keeps it.
[[gnu::noinline]] std::uintptr_t promoted_list(InkoProcess* process, std::int64_t length) {
  InkoValue list = make_list(process, length);
  CHECK(make_permanent(process, list) == list);
  CHECK(in_heap(process, list)); // promoted where it is
  CHECK(permanent_list_length(list) == length);
  return static_cast<std::uintptr_t>(list) ^ hidden;
}

TEST_CASE("a promoted value keeps its identity and what it reaches, across collections") {
  run_main(test_config(1), [](InkoProcess* process) {
    std::uintptr_t address = promoted_list(process, 1000);
    clear_stack();
    for (int round = 0; round < 5; ++round) {
      make_garbage(process, 20000);
      collect(process);
    }
    CHECK(heap(process).statistics().collections >= 5);
    CHECK(permanent_list_length(static_cast<InkoValue>(address ^ hidden)) == 1000);
    CHECK(make_permanent(process, integer(3)) == integer(3));
  });
}

TEST_CASE("promoted objects are never finalised, and messages share them") {
  CountedKind kind;
  run_main(test_config(1), [](InkoProcess* process) {
    InkoObject* holder = node(process, counted(process), nil());
    make_permanent(process, value_of(holder));
    CHECK(is_permanent(holder->slots[0]));
    CHECK(inko_process_send(process, process, value_of(holder)) == value_of(holder));
    CHECK(inko_process_receive(process) == value_of(holder));
    InkoObject* fresh = node(process, value_of(holder), integer(1));
    InkoValue copy = inko_process_send(process, process, value_of(fresh));
    CHECK(copy == value_of(fresh));
    InkoValue received = inko_process_receive(process);
    CHECK(received != value_of(fresh));
    CHECK(as<InkoObject>(received)->slots[0] == value_of(holder));
    clear_stack();
    collect(process);
    CHECK(finalised_objects == 0);
  });
  CHECK(finalised_objects == 0); // not even when the heap went
}

TEST_CASE("message copy epochs wrapping around leave permanent flags alone") {
  run_main(test_config(1), [](InkoProcess* process) {
    InkoObject* object = node(process, integer(1), nil());
    make_permanent(process, value_of(object));
    for (int i = 0; i < 70000; ++i)
      heap(process).begin_copy();
    CHECK(object->header.flags == INKO_HEADER_PERMANENT);
  });
}

TEST_CASE("values a finished process promoted stay readable") {
  run_main(test_config(2), [](InkoProcess* main) {
    std::size_t kept = kept_permanent_memory();
    InkoProcess* child = inko_process_spawn(
        main,
        [](InkoProcess* self, InkoValue argument) {
          InkoValue list = make_permanent(self, make_list(self, 5000));
          inko_process_send(self, reinterpret_cast<InkoProcess*>(argument), list);
        },
        reinterpret_cast<InkoValue>(main));
    InkoValue list = inko_process_receive(main);
    inko_process_release(child);
    // Until the worker freed the child's heap.
    for (int i = 0; i < 1000 && kept_permanent_memory() == kept; ++i)
      inko_process_suspend(main, 1);
    CHECK(kept_permanent_memory() > kept);
    // The child's other blocks went back to the pool; take them again.
    make_garbage(main, 20000);
    collect(main);
    CHECK(permanent_list_length(list) == 5000);
  });
}

TEST_CASE("other processes read promoted values while their owner allocates and collects") {
  run_main(test_config(2), [](InkoProcess* main) {
    InkoValue list = make_permanent(main, make_list(main, 2000));
    constexpr int readers = 3;
    for (int i = 0; i < readers; ++i) {
      InkoProcess* reader = inko_process_spawn(
          main,
          [](InkoProcess* self, InkoValue argument) {
            auto* parent = reinterpret_cast<InkoProcess*>(argument);
            InkoValue shared = inko_process_receive(self);
            bool intact = true;
            for (int round = 0; round < 50; ++round) {
              intact = intact && permanent_list_length(shared) == 2000;
              make_garbage(self, 100);
            }
            inko_process_send(self, parent, intact ? shared : integer(0));
          },
          reinterpret_cast<InkoValue>(main));
      inko_process_send(main, reader, list);
      inko_process_release(reader);
    }
    for (int round = 0; round < 20; ++round) {
      make_garbage(main, 2000);
      collect(main);
    }
    for (int i = 0; i < readers; ++i)
      CHECK(inko_process_receive(main) == list);
  });
}

TEST_CASE("a promoted array grows into permanent buffers and keeps the old ones") {
  run_main(test_config(1), [](InkoProcess* process) {
    InkoArray* array = array_new(process, 2);
    InkoValue first = value_of(node(process, integer(7), nil()));
    array_push(process, array, first);
    make_permanent(process, reinterpret_cast<InkoValue>(array));
    InkoValue* old_values = array->values;
    CHECK(heap(process).find_buffer(old_values).permanent);
    for (std::int64_t i = 1; i < 100000; ++i) {
      InkoValue item = value_of(node(process, integer(i), nil()));
      inko_array_set(process, reinterpret_cast<InkoValue>(array), integer(i), item);
    }
    CHECK(old_values[0] == first); // still readable by other processes
    Allocation buffer = heap(process).find_buffer(array->values);
    CHECK((!buffer || buffer.permanent));
    clear_stack();
    make_garbage(process, 20000);
    collect(process);
    bool all = true;
    for (std::int64_t i = 0; i < 100000; ++i) {
      InkoValue item = array->values[i];
      all = all && is_permanent(item) &&
            integer_of(as<InkoObject>(item)->slots[0]) == (i == 0 ? 7 : i);
    }
    CHECK(all);
  });
}

} // namespace
} // namespace inko
