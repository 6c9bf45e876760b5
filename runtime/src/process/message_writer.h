// The message writer: copies the graph reachable from a value of one
// process's heap into a Space (message_space.h), each object once, so that
// sharing and cycles are preserved (PROCESSES P7).
#pragma once

#include "inko/abi.h"

namespace inko {

class Heap;
class Space;

// The class of the Array a message is wrapped in when its objects carry
// attributes added through std::mirror (stdlib/added_attributes.h):
// `[message, object, attributes, object, attributes, ...]`, all copies.
// adopt_message unwraps it.
extern const InkoClass message_envelope_class;

// Copies `value` of `process`'s heap into `space`; panics in `process` when
// something cannot be copied (the partial copy is freed first).
InkoValue copy_into(InkoProcess* process, Heap* heap, InkoValue value, Space& space);

} // namespace inko
