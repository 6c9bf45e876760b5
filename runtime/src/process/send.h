// Sending a message from Inko code (std::process's Process.send).
#pragma once

#include "inko/abi.h"

namespace inko {

// inko_process_send (abi.h) for a value of the running Inko program: an
// integer, a permanent object or an object of the sender's heap, never a
// foreign pointer. That lets a flat object travel inside its mailbox node
// (process/flat_message.h); inko_process_send itself accepts any value and
// copies through message_copy.h.
InkoValue send_program_value(InkoProcess* sender, InkoProcess* receiver, InkoValue message);

} // namespace inko
