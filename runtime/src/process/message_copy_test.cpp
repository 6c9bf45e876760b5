// Tests of the deep copy of messages (PROCESSES P7, P8, D5): what is copied
// and what is shared, mutation after send, nesting, sharing and cycles
// inside one message, closures, unreceived messages, and a randomised
// comparison of object graphs with their copies.
#include "builtins/test_support.h"
#include "builtins/value.h"
#include "memory/process_heap.h"
#include "memory/test_objects.h"
#include "process/message_copy.h"

#include <cstdint>
#include <cstring>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <map>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

namespace inko {
namespace {

using namespace inko::testing;

// Sends `message` to the calling process itself and receives the copy.
InkoValue self_send(InkoProcess* process, InkoValue message) {
  CHECK(inko_process_send(process, process, message) == message);
  return inko_process_receive(process);
}

const InkoClass wide_class = {"Wide", INKO_KIND_OBJECT, 5, 0, nullptr, INKO_COPY_DEEP, 0};

TEST_CASE("integers, singletons and permanent objects are shared, never copied") {
  run_main(test_config(1), [](InkoProcess* process) {
    static const InkoHeader permanent_object = {&node_class, INKO_HEADER_PERMANENT};
    static InkoSharedBytes* literal_bytes = [] {
      auto* bytes = new_shared_bytes("literal", 7);
      bytes->references = -1;
      return bytes;
    }();
    static const InkoString literal = {{&inko_class_string, INKO_HEADER_PERMANENT}, literal_bytes};
    InkoValue permanent = reinterpret_cast<InkoValue>(&permanent_object);
    InkoValue literal_value = reinterpret_cast<InkoValue>(&literal);
    CHECK(self_send(process, integer(42)) == integer(42));
    CHECK(self_send(process, nil()) == nil());
    CHECK(self_send(process, permanent) == permanent);
    CHECK(self_send(process, literal_value) == literal_value);
    // Inside a copied object too.
    InkoObject* holder = node(process, permanent, literal_value);
    InkoObject* copy = as<InkoObject>(self_send(process, value_of(holder)));
    CHECK(copy != holder);
    CHECK(copy->slots[0] == permanent);
    CHECK(copy->slots[1] == literal_value);
    CHECK(literal_bytes->references == -1);
  });
}

TEST_CASE(
    "a flat object (only integers and permanent values) arrives whole in the receiver's heap") {
  run_main(test_config(1), [](InkoProcess* process) {
    auto* original = reinterpret_cast<InkoObject*>(inko_object_allocate(process, &wide_class));
    for (std::int64_t i = 0; i < 4; ++i)
      original->slots[i] = integer(i * 7 - 3);
    original->slots[4] = nil();
    InkoObject* copy = as<InkoObject>(self_send(process, value_of(original)));
    REQUIRE(copy != original);
    CHECK(in_heap(process, value_of(copy)));
    CHECK(copy->header.klass == &wide_class);
    CHECK(copy->header.flags == 0);
    for (std::int64_t i = 0; i < 4; ++i)
      CHECK(copy->slots[i] == integer(i * 7 - 3));
    CHECK(copy->slots[4] == nil());
    copy->slots[0] = integer(1);
    CHECK(original->slots[0] == integer(-3));
  });
}

TEST_CASE("plain objects unpacked from a small message leave their blocks free of finalisers") {
  // Sweeping a block that may hold finalisable objects reads the header
  // of every dead cell in it.
  run_main(test_config(1), [](InkoProcess* process) {
    InkoObject* inner = node(process, integer(1), nil());
    InkoObject* outer = node(process, integer(2), value_of(inner));
    InkoObject* copy = as<InkoObject>(self_send(process, value_of(outer)));
    REQUIRE(copy != outer);
    CHECK_FALSE(Block::of(copy)->may_finalise);
    CHECK_FALSE(Block::of(reinterpret_cast<void*>(copy->slots[1]))->may_finalise);
  });
}

TEST_CASE("the receiver's copy is independent of the sender's object (mutation after send)") {
  run_main(test_config(1), [](InkoProcess* main) {
    struct Shared {
      InkoProcess* main;
    } shared{main};
    InkoProcess* child = inko_process_spawn(
        main,
        [](InkoProcess* self, InkoValue argument) {
          InkoValue message = inko_process_receive(self);
          auto* object = as<InkoObject>(message);
          // Wait until the sender changed its original.
          inko_process_receive(self);
          InkoValue report = integer(integer_of(object->slots[0]) * 1000 +
                                     integer_of(as<InkoObject>(object->slots[1])->slots[0]));
          object->slots[0] = integer(99); // invisible to the sender
          inko_process_send(self, reinterpret_cast<Shared*>(argument)->main, report);
        },
        pointer_value(&shared));
    InkoObject* inner = node(main, integer(2), nil());
    InkoObject* outer = node(main, integer(1), value_of(inner));
    inko_process_send(main, child, value_of(outer));
    outer->slots[0] = integer(5);
    inner->slots[0] = integer(6);
    inko_process_send(main, child, integer(0));
    CHECK(integer_of(inko_process_receive(main)) == 1002);
    CHECK(integer_of(outer->slots[0]) == 5);
    inko_process_release(child);
  });
}

// Longer than copied_string_limit: its bytes are shared, not copied.
const std::string long_text(copied_string_limit + 1, 'x');

TEST_CASE("nested arrays, objects, floats and strings are copied; long string bytes are shared") {
  run_main(test_config(1), [](InkoProcess* process) {
    InkoValue name = string(process, long_text);
    InkoSharedBytes* bytes = reinterpret_cast<InkoString*>(name)->bytes;
    InkoArray* list = array_new(process, 0);
    for (int i = 0; i < 100; ++i) {
      InkoArray* pair = array_new(process, 2);
      array_push(process, pair, inko_float_new(process, i + 0.5));
      array_push(process, pair, value_of(node(process, integer(i), name)));
      array_push(process, list, reinterpret_cast<InkoValue>(pair));
    }
    auto* copy =
        reinterpret_cast<InkoArray*>(self_send(process, reinterpret_cast<InkoValue>(list)));
    // The original string and one copy per reference: strings are leaves,
    // copied per reference (sharing of leaves is unspecified, P7).
    CHECK(bytes->references == 1 + 100);
    REQUIRE(copy != list);
    REQUIRE(copy->length == 100);
    CHECK(copy->values != list->values);
    InkoValue copied_name = 0;
    for (std::uint64_t i = 0; i < copy->length; ++i) {
      auto* pair = reinterpret_cast<InkoArray*>(copy->values[i]);
      CHECK(pair != reinterpret_cast<InkoArray*>(list->values[i]));
      REQUIRE(pair->length == 2);
      auto* number = reinterpret_cast<InkoFloat*>(pair->values[0]);
      CHECK(number->value == static_cast<double>(i) + 0.5);
      CHECK(in_heap(process, pair->values[0]));
      InkoObject* record = as<InkoObject>(pair->values[1]);
      CHECK(integer_of(record->slots[0]) == static_cast<std::int64_t>(i));
      // One string referenced 100 times: a new handle per reference, all
      // sharing the same bytes.
      CHECK(record->slots[1] != copied_name);
      copied_name = record->slots[1];
      CHECK(copied_name != name);
      CHECK(reinterpret_cast<InkoString*>(copied_name)->bytes == bytes);
      CHECK(text_of(copied_name) == long_text);
    }
  });
}

TEST_CASE("short string bytes are copied into the receiver's heap, once per copied string") {
  run_main(test_config(1), [](InkoProcess* process) {
    std::string text(copied_string_limit, 's');
    InkoValue name = string(process, text);
    InkoSharedBytes* bytes = reinterpret_cast<InkoString*>(name)->bytes;
    InkoObject* pair = node(process, name, name);
    InkoObject* copy = as<InkoObject>(self_send(process, value_of(pair)));
    // The original keeps its bytes in its own cell; no count is touched.
    CHECK(bytes->references == heap_bytes_references);
    // Two references, two copies (strings are leaves, see above).
    CHECK(copy->slots[0] != copy->slots[1]);
    CHECK(text_of(copy->slots[1]) == text);
    InkoSharedBytes* copied = reinterpret_cast<InkoString*>(copy->slots[0])->bytes;
    CHECK(copied != bytes);
    CHECK(bytes_in_heap(process, copy->slots[0]));
    CHECK(text_of(copy->slots[0]) == text);
    // Sending the copy again copies its heap-owned bytes again.
    InkoObject* again = as<InkoObject>(self_send(process, value_of(copy)));
    InkoSharedBytes* recopied = reinterpret_cast<InkoString*>(again->slots[0])->bytes;
    CHECK(recopied != copied);
    CHECK(bytes_in_heap(process, again->slots[0]));
    // The bytes live as long as their string, across collections.
    for (int i = 0; i < 3; ++i)
      collect(process);
    CHECK(text_of(again->slots[1]) == text);
    CHECK(text_of(copy->slots[1]) == text);
  });
}

TEST_CASE("a short string promoted in place keeps its bytes in its cell") {
  run_main(test_config(1), [](InkoProcess* process) {
    std::string text(10, 'p');
    InkoValue name = string(process, text);
    REQUIRE(in_process_heap(reinterpret_cast<InkoString*>(name)->bytes));
    CHECK(make_permanent(process, name) == name);
    CHECK(is_permanent(name));
    CHECK(bytes_in_heap(process, name));
    CHECK(self_send(process, name) == name);
    collect(process);
    CHECK(text_of(name) == text);
  });
}

TEST_CASE("sharing and cycles inside one message are preserved; copying terminates") {
  run_main(test_config(1), [](InkoProcess* process) {
    InkoObject* a = node(process, integer(1), nil());
    InkoObject* b = node(process, integer(2), value_of(a));
    a->slots[1] = value_of(b);
    auto* self_cycle = node(process, integer(3), nil());
    self_cycle->slots[1] = value_of(self_cycle);
    auto* holder = reinterpret_cast<InkoObject*>(inko_object_allocate(process, &wide_class));
    holder->slots[0] = value_of(a);
    holder->slots[1] = value_of(b);
    holder->slots[2] = value_of(a);
    holder->slots[3] = value_of(self_cycle);
    InkoObject* copy = as<InkoObject>(self_send(process, value_of(holder)));
    InkoObject* copy_a = as<InkoObject>(copy->slots[0]);
    InkoObject* copy_b = as<InkoObject>(copy->slots[1]);
    CHECK(copy_a != a);
    CHECK(copy_b != b);
    CHECK(copy->slots[2] == copy->slots[0]);
    CHECK(copy_a->slots[1] == value_of(copy_b));
    CHECK(copy_b->slots[1] == value_of(copy_a));
    InkoObject* copy_cycle = as<InkoObject>(copy->slots[3]);
    CHECK(copy_cycle != self_cycle);
    CHECK(copy_cycle->slots[1] == value_of(copy_cycle));
    CHECK(copy->slots[4] == nil());
    // The sender's objects are unchanged (but for the copy's forwarding in
    // their header flags, which no later copy takes for its own).
    CHECK((a->header.flags & INKO_HEADER_PERMANENT) == 0);
    CHECK(a->slots[1] == value_of(b));
    InkoObject* again = as<InkoObject>(self_send(process, value_of(holder)));
    CHECK(again != copy);
    CHECK(again->slots[0] != copy->slots[0]);
    CHECK(as<InkoObject>(again->slots[0])->slots[1] == again->slots[1]);
  });
}

TEST_CASE("a forwarding left by an earlier copy is never taken, even after the epoch wraps") {
  run_main(test_config(1), [](InkoProcess* process) {
    InkoObject* shared = node(process, integer(7), nil());
    InkoObject* pair = node(process, value_of(shared), value_of(shared));
    InkoObject* first = as<InkoObject>(self_send(process, value_of(pair)));
    REQUIRE(first->slots[0] == first->slots[1]);
    // Every other epoch, until the one of the first copy comes round again.
    Heap& heap = heap_of(process);
    for (std::uint64_t i = 0; i < (std::uint64_t{1} << 16) - 1; ++i)
      heap.begin_copy();
    InkoValue second_value = self_send(process, value_of(pair));
    // A stale forwarding would point into the first copy's fragment, which
    // the receiver's heap has no part of.
    REQUIRE(in_heap(process, second_value));
    InkoObject* second = as<InkoObject>(second_value);
    CHECK(second != first);
    REQUIRE(in_heap(process, second->slots[0]));
    CHECK(second->slots[0] == second->slots[1]);
    CHECK(second->slots[0] != first->slots[0]);
    CHECK(integer_of(as<InkoObject>(second->slots[0])->slots[0]) == 7);
  });
}

InkoResult closure_function(InkoProcess*, InkoValue) {
  return InkoResult{0, 0};
}

TEST_CASE("closures are copied with their cells and captured self; the copies are independent") {
  run_main(test_config(1), [](InkoProcess* process) {
    InkoValue self = value_of(node(process, integer(10), nil()));
    InkoValue cell = inko_cell_new(process, integer(1));
    InkoValue block =
        inko_block_new(process, reinterpret_cast<void*>(&closure_function), self, 7, 2);
    auto* original = reinterpret_cast<InkoBlock*>(block);
    original->cells[0] = cell;
    original->cells[1] = cell;
    auto* copy = reinterpret_cast<InkoBlock*>(self_send(process, block));
    CHECK(copy != original);
    CHECK(copy->function == original->function);
    CHECK(copy->home_token == 7);
    CHECK(copy->cell_count == 2);
    CHECK(copy->self != self);
    CHECK(integer_of(as<InkoObject>(copy->self)->slots[0]) == 10);
    CHECK(copy->cells[0] != cell);
    CHECK(copy->cells[0] == copy->cells[1]);
    reinterpret_cast<InkoCell*>(copy->cells[0])->value = integer(2);
    CHECK(reinterpret_cast<InkoCell*>(cell)->value == integer(1));
  });
}

TEST_CASE("messages never received release what they hold") {
  run_main(test_config(1), [](InkoProcess* main) {
    InkoValue text = string(main, long_text);
    InkoSharedBytes* bytes = reinterpret_cast<InkoString*>(text)->bytes;
    InkoProcess* child = inko_process_spawn(
        main, [](InkoProcess* self, InkoValue) { inko_process_suspend(self, 20); }, integer(0));
    inko_process_send(main, child, reinterpret_cast<InkoValue>(node(main, text, text)));
    CHECK(bytes->references == 3); // the original and a copy per reference
    inko_process_release(child);
    // The child ends without receiving: its mailbox is cleared.
    while (bytes->references != 1)
      inko_process_suspend(main, 1);
    CHECK(bytes->references == 1);
  });
}

TEST_CASE("a spawned process gets a copy of its argument") {
  run_main(test_config(1), [](InkoProcess* main) {
    // A raw pointer is not a heap object, so it is passed as it is.
    InkoObject* inner = node(main, integer(5), pointer_value(main));
    InkoObject* argument = node(main, integer(4), value_of(inner));
    InkoProcess* child = inko_process_spawn(
        main,
        [](InkoProcess* self, InkoValue argument) {
          InkoObject* outer = as<InkoObject>(argument);
          InkoObject* inner = as<InkoObject>(outer->slots[1]);
          bool own = in_heap(self, argument) && in_heap(self, outer->slots[1]);
          std::int64_t sum = integer_of(outer->slots[0]) + integer_of(inner->slots[0]);
          auto* parent = value_pointer<InkoProcess>(inner->slots[1]);
          inko_process_send(self, parent, integer(own ? sum : -1));
        },
        value_of(argument));
    CHECK(integer_of(inko_process_receive(main)) == 9);
    inko_process_release(child);
  });
}

TEST_CASE("a process reference in a message is another counted reference") {
  run_main(test_config(1), [](InkoProcess* main) {
    static const InkoClass reference_class = {
        "ProcessReference", INKO_KIND_PROCESS, 0, 0, nullptr, INKO_COPY_DEEP, 0};
    struct Reference {
      InkoHeader header;
      InkoProcess* process;
    };
    InkoProcess* child = inko_process_spawn(
        main, [](InkoProcess*, InkoValue) {}, integer(0));
    auto* reference =
        reinterpret_cast<Reference*>(allocate_object(main, &reference_class, sizeof(Reference)));
    reference->process = child; // owns the handle spawn returned
    std::uint32_t before = child->references.load();
    auto* copy =
        reinterpret_cast<Reference*>(self_send(main, reinterpret_cast<InkoValue>(reference)));
    CHECK(copy != reference);
    CHECK(copy->process == child);
    CHECK(child->references.load() == before + 1);
  });
  // Both references were released with the main process's heap.
}

TEST_CASE("an object that cannot be sent panics in the sender, which is left unchanged") {
  static constexpr std::uint32_t unsendable_kind = 29;
  KindHooks hooks;
  hooks.copied = [](InkoHeader*) -> const char* { return "This object can not be sent"; };
  set_kind_hooks(unsendable_kind, hooks);
  static const InkoClass unsendable_class = {"File",  unsendable_kind, 0, 0,
                                             nullptr, INKO_COPY_DEEP,  0};
  static InkoObject* holder = nullptr;
  std::string message;
  run_main(test_config(1), [&](InkoProcess* process) {
    inko_process_set_panic_handler(
        process,
        [](InkoProcess* process, void* environment, const char* text, uint64_t size) {
          static_cast<std::string*>(environment)->assign(text, size);
          CHECK((holder->header.flags & INKO_HEADER_PERMANENT) == 0);
          CHECK((as<InkoObject>(holder->slots[0])->header.flags & INKO_HEADER_PERMANENT) == 0);
          CHECK_FALSE(process->mailbox.has_messages());
        },
        &message);
    InkoValue file = reinterpret_cast<InkoValue>(
        allocate_object(process, &unsendable_class, sizeof(InkoHeader)));
    holder = node(process, value_of(node(process, integer(1), nil())), file);
    inko_process_send(process, process, value_of(holder));
    FAIL("the send returned");
  });
  set_kind_hooks(unsendable_kind, KindHooks{});
  CHECK(message == "This object can not be sent");
}

TEST_CASE("a socket's copy holds a duplicate descriptor, a closed one -1") {
  static const InkoClass socket_class = {"Socket", INKO_KIND_OBJECT,       2, 0,
                                         nullptr,  INKO_COPY_DUPLICATE_FD, 1};
  int descriptor = ::dup(2);
  REQUIRE(descriptor >= 0);
  run_main(test_config(1), [&](InkoProcess* process) {
    auto* socket = reinterpret_cast<InkoObject*>(
        allocate_object(process, &socket_class, sizeof(InkoObject) + 2 * sizeof(InkoValue)));
    socket->slots[0] = integer(7);
    socket->slots[1] = integer(descriptor);
    InkoObject* copy = as<InkoObject>(self_send(process, value_of(socket)));
    CHECK(integer_of(copy->slots[0]) == 7);
    int duplicate = static_cast<int>(integer_of(copy->slots[1]));
    CHECK(duplicate != descriptor);
    CHECK(::fcntl(duplicate, F_GETFD) >= 0);
    // A closed socket (here: a descriptor number nothing uses) copies as
    // closed.
    ::close(duplicate);
    InkoObject* closed_copy = as<InkoObject>(self_send(process, value_of(copy)));
    CHECK(integer_of(closed_copy->slots[1]) == -1);
  });
  ::close(descriptor);
}

TEST_CASE("a file cannot be sent: the sender panics") {
  static const InkoClass file_class = {"File",  INKO_KIND_OBJECT,      1, 0,
                                       nullptr, INKO_COPY_REFUSE_OPEN, 0};
  std::string message = panic_message([&](InkoProcess* process) {
    auto* file = reinterpret_cast<InkoObject*>(
        allocate_object(process, &file_class, sizeof(InkoObject) + sizeof(InkoValue)));
    file->slots[0] = integer(2);
    inko_process_send(process, process, value_of(file));
    FAIL("the send returned");
  });
  CHECK(message == "An open file can not be sent to another process");
}

// Random object graphs: objects with random fields, arrays (some with
// large buffers), strings, floats, cells and closures, with random edges
// (cycles, self references and shared sub-objects included).
class GraphBuilder {
public:
  GraphBuilder(InkoProcess* process, std::uint32_t seed) : process_(process), random_(seed) {}

  // The root is an array of every object, so the graph stays alive.
  InkoArray* build(std::size_t count) {
    InkoArray* root = array_new(process_, count);
    for (std::size_t i = 0; i < count; ++i)
      array_push(process_, root, make_object(root));
    // Wire random edges now that every object exists.
    for (std::size_t i = 0; i < count; ++i)
      wire(root, root->values[i]);
    return root;
  }

private:
  std::size_t below(std::size_t bound) {
    return std::uniform_int_distribution<std::size_t>(0, bound - 1)(random_);
  }

  InkoValue make_object(InkoArray*) {
    switch (below(7)) {
    case 0:
      return inko_object_allocate(process_, &wide_class);
    case 1: {
      InkoArray* array = array_new(process_, 0);
      std::size_t length = below(10) == 0 ? 300 + below(300) : below(12);
      for (std::size_t i = 0; i < length; ++i)
        array_push(process_, array, integer(static_cast<std::int64_t>(i)));
      return reinterpret_cast<InkoValue>(array);
    }
    case 2:
      return string(process_, std::string(below(4) == 0 ? copied_string_limit : 0, '-') +
                                  std::to_string(below(1000)));
    case 3:
      return inko_float_new(process_, static_cast<double>(below(1000)) / 8);
    case 4:
      return inko_cell_new(process_, integer(1));
    case 5:
      return inko_block_new(process_, reinterpret_cast<void*>(&closure_function), nil(), 0,
                            below(4));
    default:
      return reinterpret_cast<InkoValue>(node(process_, nil(), nil()));
    }
  }

  InkoValue random_value(InkoArray* root) {
    switch (below(4)) {
    case 0:
      return integer(static_cast<std::int64_t>(below(1000)) - 500);
    case 1:
      return nil();
    default:
      return root->values[below(root->length)];
    }
  }

  void wire(InkoArray* root, InkoValue value) {
    auto* header = reinterpret_cast<InkoHeader*>(value);
    switch (header->klass->kind) {
    case INKO_KIND_OBJECT: {
      auto* object = reinterpret_cast<InkoObject*>(value);
      for (std::uint32_t i = 0; i < header->klass->slot_count; ++i)
        object->slots[i] = random_value(root);
      break;
    }
    case INKO_KIND_ARRAY: {
      auto* array = reinterpret_cast<InkoArray*>(value);
      for (std::uint64_t i = 0; i < array->length; ++i)
        array->values[i] = random_value(root);
      break;
    }
    case INKO_KIND_CELL:
      reinterpret_cast<InkoCell*>(value)->value = random_value(root);
      break;
    case INKO_KIND_BLOCK: {
      auto* block = reinterpret_cast<InkoBlock*>(value);
      block->self = random_value(root);
      for (std::uint64_t i = 0; i < block->cell_count; ++i)
        block->cells[i] = random_value(root);
      break;
    }
    default:
      break;
    }
  }

  InkoProcess* process_;
  std::mt19937 random_;
};

// Checks that `copy` is a copy of `original`: the same shape, with a
// one-to-one map between original and copied objects (but for strings and
// floats, copied once per reference), every copy in the
// receiver's heap; integers and permanent values equal; long strings share
// bytes, short ones have equal bytes in the receiver's heap.
bool same_graph(InkoProcess* process, InkoValue original, InkoValue copy) {
  std::map<InkoValue, InkoValue> forward, backward;
  std::vector<std::pair<InkoValue, InkoValue>> work{{original, copy}};
  auto pair_up = [&](InkoValue a, InkoValue b) {
    if ((a & 1) != 0 || a == nil())
      return a == b;
    std::uint32_t kind = reinterpret_cast<InkoHeader*>(a)->klass->kind;
    if (kind == INKO_KIND_STRING || kind == INKO_KIND_FLOAT) {
      // Leaves: a copy per reference, so no one-to-one map.
      if (a == b || !in_heap(process, b))
        return false;
      work.emplace_back(a, b);
      return true;
    }
    auto [it, inserted] = forward.emplace(a, b);
    if (!inserted)
      return it->second == b;
    if (!backward.emplace(b, a).second || a == b || !in_heap(process, b))
      return false;
    work.emplace_back(a, b);
    return true;
  };
  if (!pair_up(original, copy))
    return false;
  work.erase(work.begin());
  work.emplace_back(original, copy);
  while (!work.empty()) {
    auto [a, b] = work.back();
    work.pop_back();
    auto* ha = reinterpret_cast<InkoHeader*>(a);
    auto* hb = reinterpret_cast<InkoHeader*>(b);
    if (ha->klass != hb->klass || hb->flags != 0)
      return false;
    switch (ha->klass->kind) {
    case INKO_KIND_OBJECT:
      for (std::uint32_t i = 0; i < ha->klass->slot_count; ++i)
        if (!pair_up(reinterpret_cast<InkoObject*>(a)->slots[i],
                     reinterpret_cast<InkoObject*>(b)->slots[i]))
          return false;
      break;
    case INKO_KIND_ARRAY: {
      auto* x = reinterpret_cast<InkoArray*>(a);
      auto* y = reinterpret_cast<InkoArray*>(b);
      if (x->length != y->length || (x->length > 0 && x->values == y->values))
        return false;
      for (std::uint64_t i = 0; i < x->length; ++i)
        if (!pair_up(x->values[i], y->values[i]))
          return false;
      break;
    }
    case INKO_KIND_STRING: {
      InkoSharedBytes* x = reinterpret_cast<InkoString*>(a)->bytes;
      InkoSharedBytes* y = reinterpret_cast<InkoString*>(b)->bytes;
      if (x->size <= copied_string_limit) {
        if (x == y || !bytes_in_heap(process, b) || x->size != y->size ||
            std::memcmp(x->data, y->data, x->size + 1) != 0)
          return false;
      } else if (x != y) {
        return false;
      }
      break;
    }
    case INKO_KIND_FLOAT:
      if (reinterpret_cast<InkoFloat*>(a)->value != reinterpret_cast<InkoFloat*>(b)->value)
        return false;
      break;
    case INKO_KIND_CELL:
      if (!pair_up(reinterpret_cast<InkoCell*>(a)->value, reinterpret_cast<InkoCell*>(b)->value))
        return false;
      break;
    case INKO_KIND_BLOCK: {
      auto* x = reinterpret_cast<InkoBlock*>(a);
      auto* y = reinterpret_cast<InkoBlock*>(b);
      if (x->function != y->function || x->cell_count != y->cell_count ||
          !pair_up(x->self, y->self))
        return false;
      for (std::uint64_t i = 0; i < x->cell_count; ++i)
        if (!pair_up(x->cells[i], y->cells[i]))
          return false;
      break;
    }
    default:
      return false;
    }
  }
  return true;
}

TEST_CASE("random object graphs are copied exactly, also across collections") {
  run_main(test_config(1), [](InkoProcess* process) {
    heap(process).set_threshold(256 * 1024); // collect often meanwhile
    for (std::uint32_t seed = 1; seed <= 40; ++seed) {
      GraphBuilder builder(process, seed);
      volatile InkoArray* root = builder.build(1 + seed * 37 % 700);
      InkoValue original = reinterpret_cast<InkoValue>(const_cast<InkoArray*>(root));
      inko_process_send(process, process, original);
      collect(process); // the fragment is not in the heap; the original stays
      volatile InkoValue copy = inko_process_receive(process);
      REQUIRE(same_graph(process, original, copy));
      collect(process);
      REQUIRE(same_graph(process, original, copy));
    }
  });
}

} // namespace
} // namespace inko
