// Flat messages: a message that is one ordinary object whose attributes
// are all shared values (integers, Nil, True, False, other permanent
// objects) travels inside its mailbox node. The sender copies its class
// and slots there, touching no heap and allocating nothing else; the
// receiver allocates one object in its own heap and copies the slots in.
// Tokens and small records, the most common messages, are such objects.
// Every other message goes through copy_message (message_copy.h).
//
// The result is the same as a deep copy (PROCESSES P7): a new object of the
// same class holding the same values, and nothing of the sender's heap.
//
// Threads: as for message_copy.h; a node with a flat object needs nothing
// released when it is dropped unreceived (free_message_node).
#pragma once

#include "inko/abi.h"
#include "process/mailbox.h"

namespace inko {

// A node carrying `message` when it is a flat object, else null.
MessageNode* new_flat_message_node(InkoValue message);
// Whether `node` carries a flat object.
bool carries_flat_object(const MessageNode* node);
// The receiver's copy of the flat object in `node`, allocated in its heap
// (which may collect first). The node is not freed.
InkoValue receive_flat_object(InkoProcess* receiver, const MessageNode* node);

} // namespace inko
