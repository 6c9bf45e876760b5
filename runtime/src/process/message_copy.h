// Deep copies of messages (PROCESSES P7): the sender copies the message out
// of its own heap into a MessageFragment, memory no heap owns yet that
// travels with the mailbox node: heap blocks the receiver's heap adopts as
// they are when it takes the message, or, for a small message, one packed
// buffer the receiver copies into its heap. So the sender never touches the
// receiver's heap (the receiver may be running or collecting meanwhile),
// and a process never sees another's memory.
//
// What is copied: every object and buffer of the sender's heap reachable
// from the message, once each (sharing and cycles inside one message are
// preserved) but for strings and floats, which reference nothing and are
// copied once per reference (message_writer.cpp), and the bytes of
// strings of at most 64 bytes. What is shared:
// integers, everything outside the sender's heap — permanent objects
// (True/False/Nil, literals, modules, prototypes, module constants, P8) —
// and the bytes of longer strings (reference counted).
//
// Threads: copy_message runs on the sender, adopt_message on the receiver;
// a fragment in between is owned by the mailbox node. discard_fragment may
// run on any thread.
#pragma once

#include "inko/abi.h"

namespace inko {

struct MessageFragment;

struct CopiedMessage {
  InkoValue root;            // the message itself, or a reference into fragment
  MessageFragment* fragment; // null when nothing had to be copied
};

// Copies `message` out of the sender's heap (`sender` may be null: then
// nothing is copied). Panics in the sender for objects that cannot be sent.
CopiedMessage copy_message(InkoProcess* sender, InkoValue message);
// Hands a message to the receiver's heap (collecting first when due) and
// frees the fragment.
InkoValue adopt_message(InkoProcess* receiver, InkoValue root, MessageFragment* fragment);
// Frees a fragment that will never be received, releasing what its copies
// hold (string bytes, process handles).
void discard_fragment(MessageFragment* fragment);

} // namespace inko
