// Where a message is copied from the sender's heap into the receiver's
// (PROCESSES P7). Runs on the sender's thread while the receiver may be
// running, so the copy must not touch the receiver's heap directly.
#pragma once

#include "inko/abi.h"

namespace inko {

// For now messages are passed through unchanged: the deep copy arrives
// with per-process heaps.
InkoValue copy_message(InkoProcess* sender, InkoProcess* receiver, InkoValue message);

} // namespace inko
