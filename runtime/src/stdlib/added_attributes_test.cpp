// Attributes std::mirror adds to objects (stdlib/added_attributes.h): the
// collector keeps them while their object lives and forgets dead objects'
// entries; messages copy them with their objects, cycles included.
#include "memory/test_objects.h"
#include "process/send.h"

#include <doctest/doctest.h>

extern "C" {
InkoValue inko_intrinsic_mirror_set_attribute(InkoProcess* process, InkoValue subject,
                                              InkoValue name, InkoValue value);
InkoValue inko_intrinsic_mirror_get_attribute(InkoProcess* process, InkoValue subject,
                                              InkoValue name);
}

namespace inko {
namespace {

using namespace inko::testing;

InkoValue set_attribute(InkoProcess* process, InkoValue subject, std::string_view name,
                        InkoValue value) {
  return inko_intrinsic_mirror_set_attribute(process, subject, string(process, name), value);
}

InkoValue get_attribute(InkoProcess* process, InkoValue subject, std::string_view name) {
  return inko_intrinsic_mirror_get_attribute(process, subject, string(process, name));
}

InkoValue object(InkoProcess* process) {
  return reinterpret_cast<InkoValue>(node(process, nil(), nil()));
}

// `count` nodes nobody refers to, each with a counted object added.
[[gnu::noinline]] void make_garbage(InkoProcess* process, int count) {
  for (int i = 0; i < count; ++i)
    set_attribute(process, object(process), "@counted", counted(process));
}

InkoValue self_send(InkoProcess* process, InkoValue message) {
  CHECK(inko_process_send(process, process, message) == message);
  return inko_process_receive(process);
}

TEST_CASE("added attributes live as long as their object") {
  CountedKind kind;
  run_main(test_config(1), [](InkoProcess* process) {
    heap(process).set_threshold(Heap::default_threshold);
    volatile InkoValue kept = object(process);
    set_attribute(process, kept, "@counted", counted(process));
    set_attribute(process, kept, "@text", string(process, "kept"));
    make_garbage(process, 1000);
    CHECK(heap(process).added_attributes().size() == 1001);
    clear_stack();
    collect(process);
    if (!sanitized())
      CHECK(finalised_objects.load() >= 990);
    // A stale stack word may keep an object's counted value alive, not the
    // other way round.
    auto entries = static_cast<std::int64_t>(heap(process).added_attributes().size());
    CHECK(entries <= 1001 - finalised_objects.load());
    if (!sanitized())
      CHECK(entries <= 11);
    InkoValue counted_value = get_attribute(process, kept, "@counted");
    CHECK(in_heap(process, counted_value));
    CHECK(text_of(get_attribute(process, kept, "@text")) == "kept");
  });
}

// A node reachable only through `kept`'s added attribute, itself holding
// a counted object only through its own added attribute.
[[gnu::noinline]] void add_chain(InkoProcess* process, InkoValue kept) {
  InkoValue middle = object(process);
  set_attribute(process, middle, "@counted", counted(process));
  set_attribute(process, kept, "@middle", middle);
}

TEST_CASE("objects reachable only through added attributes keep theirs") {
  CountedKind kind;
  run_main(test_config(1), [](InkoProcess* process) {
    heap(process).set_threshold(Heap::default_threshold);
    volatile InkoValue kept = object(process);
    add_chain(process, kept);
    clear_stack();
    collect(process);
    collect(process);
    CHECK(finalised_objects.load() == 0);
    InkoValue middle = get_attribute(process, kept, "@middle");
    CHECK(in_heap(process, get_attribute(process, middle, "@counted")));
    CHECK(heap(process).added_attributes().size() == 2);
  });
  CHECK(finalised_objects.load() == 1);
}

// A chain of `length` nodes from `first`, each reachable only through the
// previous one's added attribute: directly, or (every other link) as the
// element of an Array; the last node holds a counted object.
[[gnu::noinline]] void add_long_chain(InkoProcess* process, InkoValue first, int length) {
  InkoValue previous = first;
  for (int i = 0; i < length; ++i) {
    InkoValue next = object(process);
    InkoValue link = next;
    if (i % 2 == 1) {
      InkoArray* holder = array_new(process, 1);
      array_push(process, holder, next);
      link = reinterpret_cast<InkoValue>(holder);
    }
    set_attribute(process, previous, "@next", link);
    previous = next;
  }
  set_attribute(process, previous, "@counted", counted(process));
}

TEST_CASE("a long chain through added attributes (and arrays) survives") {
  CountedKind kind;
  run_main(test_config(1), [](InkoProcess* process) {
    heap(process).set_threshold(Heap::default_threshold);
    volatile InkoValue first = object(process);
    add_long_chain(process, first, 2000);
    clear_stack();
    collect(process);
    CHECK(finalised_objects.load() == 0);
    CHECK(heap(process).added_attributes().size() == 2001);
    InkoValue at = first;
    for (int i = 0; i < 2000; ++i) {
      InkoValue link = get_attribute(process, at, "@next");
      at = i % 2 == 1 ? reinterpret_cast<InkoArray*>(link)->values[0] : link;
    }
    CHECK(in_heap(process, get_attribute(process, at, "@counted")));
  });
  CHECK(finalised_objects.load() == 1);
}

TEST_CASE("a message copies the added attributes of the objects it copies") {
  run_main(test_config(1), [](InkoProcess* process) {
    InkoValue inner = object(process);
    set_attribute(process, inner, "@self", inner);
    InkoValue outer = reinterpret_cast<InkoValue>(node(process, inner, nil()));
    set_attribute(process, outer, "name", string(process, "outer"));
    InkoValue copy = self_send(process, outer);
    REQUIRE(copy != outer);
    CHECK(text_of(get_attribute(process, copy, "name")) == "outer");
    InkoValue inner_copy = reinterpret_cast<InkoObject*>(copy)->slots[0];
    CHECK(inner_copy != inner);
    CHECK(get_attribute(process, inner_copy, "@self") == inner_copy);
    CHECK(get_attribute(process, inner, "@self") == inner);
    CHECK(heap(process).added_attributes().size() == 4);
  });
}

TEST_CASE(
    "a flat object (shared fields only, packed by copy_message) carries its added attributes") {
  run_main(test_config(1), [](InkoProcess* process) {
    InkoValue flat = reinterpret_cast<InkoValue>(node(process, integer(1), nil()));
    set_attribute(process, flat, "@tag", integer(5));
    InkoValue copy = self_send(process, flat);
    REQUIRE(copy != flat);
    CHECK(get_attribute(process, copy, "@tag") == integer(5));
  });
}

TEST_CASE("a flat object sent from Inko code keeps its added attributes") {
  run_main(test_config(1), [](InkoProcess* process) {
    InkoValue flat = reinterpret_cast<InkoValue>(node(process, integer(1), nil()));
    set_attribute(process, flat, "@tag", integer(5));
    CHECK(process->has_added_attributes);
    send_program_value(process, process, flat);
    InkoValue received = inko_process_receive(process);
    REQUIRE(received != flat);
    CHECK(get_attribute(process, received, "@tag") == integer(5));
  });
}

TEST_CASE("a process whose added attributes were all collected sends flat objects flat again") {
  CountedKind kind;
  run_main(test_config(1), [](InkoProcess* process) {
    heap(process).set_threshold(Heap::default_threshold);
    make_garbage(process, 10);
    clear_stack();
    collect(process);
    if (!sanitized()) {
      CHECK(heap(process).added_attributes().empty());
      CHECK_FALSE(process->has_added_attributes);
    }
  });
}

TEST_CASE("a large message (adopted, not packed) carries added attributes too") {
  run_main(test_config(1), [](InkoProcess* process) {
    InkoArray* list = array_new(process, 0);
    for (int i = 0; i < 500; ++i) {
      InkoValue element = object(process);
      set_attribute(process, element, "@index", integer(i));
      array_push(process, list, element);
    }
    auto* copy =
        reinterpret_cast<InkoArray*>(self_send(process, reinterpret_cast<InkoValue>(list)));
    REQUIRE(copy->length == 500);
    for (int i = 0; i < 500; ++i)
      CHECK(get_attribute(process, copy->values[i], "@index") == integer(i));
  });
}

} // namespace
} // namespace inko
