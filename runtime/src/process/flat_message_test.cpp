// Tests of flat messages (flat_message.h): a flat object arrives as a new
// object of the receiver's heap with the same class and values; objects that
// are not flat still arrive as deep copies; unreceived flat messages are
// dropped without leaks (the ASan build checks that).
#include "builtins/value.h"
#include "memory/test_objects.h"
#include "process/flat_message.h"
#include "process/send.h"

#include <doctest/doctest.h>

namespace inko {
namespace {

using namespace inko::testing;

InkoValue self_send(InkoProcess* process, InkoValue message) {
  CHECK(send_program_value(process, process, message) == message);
  return inko_process_receive(process);
}

const InkoClass wide_class = {"Wide", INKO_KIND_OBJECT, 16, 0, nullptr, INKO_COPY_DEEP, 0};
const InkoClass too_wide_class = {"TooWide", INKO_KIND_OBJECT, 17, 0, nullptr, INKO_COPY_DEEP, 0};

TEST_CASE("a flat object arrives as a new object with the same class and values") {
  run_main(test_config(1), [](InkoProcess* process) {
    static const InkoHeader permanent = {&node_class, INKO_HEADER_PERMANENT};
    auto permanent_value = reinterpret_cast<InkoValue>(&permanent);
    InkoObject* token = node(process, integer(41), permanent_value);
    MessageNode* carrier = new_flat_message_node(value_of(token));
    REQUIRE(carrier != nullptr);
    CHECK(carries_flat_object(carrier));
    free_message_node(carrier);

    InkoObject* copy = as<InkoObject>(self_send(process, value_of(token)));
    CHECK(copy != token);
    CHECK(copy->header.klass == &node_class);
    CHECK(copy->header.flags == 0);
    CHECK(copy->slots[0] == integer(41));
    CHECK(copy->slots[1] == permanent_value);
    // The copy is the receiver's own: changing it leaves the original alone.
    copy->slots[0] = integer(1);
    CHECK(token->slots[0] == integer(41));
    CHECK(heap_of(process).find_object(value_of(copy)));
  });
}

TEST_CASE("objects holding heap objects, and very wide objects, are not flat") {
  run_main(test_config(1), [](InkoProcess* process) {
    InkoObject* inner = node(process, integer(1), integer(2));
    InkoObject* outer = node(process, value_of(inner), nil());
    CHECK(new_flat_message_node(value_of(outer)) == nullptr);
    CHECK(new_flat_message_node(integer(3)) == nullptr);
    CHECK(new_flat_message_node(nil()) == nullptr);
    auto* wide = reinterpret_cast<InkoObject*>(inko_object_allocate(process, &wide_class));
    MessageNode* carrier = new_flat_message_node(value_of(wide));
    CHECK(carrier != nullptr);
    free_message_node(carrier);
    CHECK(new_flat_message_node(inko_object_allocate(process, &too_wide_class)) == nullptr);

    // Still deep copies when sent.
    InkoObject* copy = as<InkoObject>(self_send(process, value_of(outer)));
    CHECK(copy != outer);
    InkoObject* inner_copy = as<InkoObject>(copy->slots[0]);
    CHECK(inner_copy != inner);
    CHECK(inner_copy->slots[1] == integer(2));
  });
}

TEST_CASE("many flat messages left in a mailbox are dropped with their process") {
  run_main(test_config(1), [](InkoProcess* process) {
    InkoProcess* child = inko_process_spawn(
        process, [](InkoProcess*, InkoValue) {}, integer(0));
    for (int i = 0; i < 5000; ++i)
      send_program_value(process, child, value_of(node(process, integer(i), nil())));
    // Slabs mix node sizes: plain nodes after flat ones.
    for (int i = 0; i < 1000; ++i)
      send_program_value(process, child, integer(i));
    inko_process_release(child);
  });
}

} // namespace
} // namespace inko
