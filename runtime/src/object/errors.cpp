// Runtime errors raised on behalf of generated code: messages nothing
// implements, and throws or returns that escape a process.
#include "object/class.h"
#include "panic/panic.h"
#include "process/process.h"

#include <cstdio>
#include <string>

extern "C" {

void inko_message_not_understood(InkoProcess* process, InkoValue receiver, const char* name,
                                 uint64_t size) {
  const char* type =
      (receiver & 1) != 0 ? "Integer" : reinterpret_cast<const InkoHeader*>(receiver)->klass->name;
  std::string message = "The type ";
  message += type;
  message += " does not respond to the message ";
  message.append(name, size);
  inko::panic(process, message);
}

void inko_process_check_return(InkoProcess* process, uint64_t token) {
  // Live home frames are linked innermost first with decreasing tokens.
  auto* hot = reinterpret_cast<InkoProcessHot*>(process);
  for (auto* frame = reinterpret_cast<const InkoHomeFrame*>(hot->home_frames);
       frame != nullptr && frame->token >= token;
       frame = reinterpret_cast<const InkoHomeFrame*>(frame->outer)) {
    if (frame->token == token)
      return;
  }
  // [DECISION] L92: the method the closure would return from is gone.
  inko::panic(process, "A closure tried to return from a method that has already returned");
}

void inko_process_unhandled_unwind(InkoProcess* process, InkoValue, int64_t status) {
  if (status == INKO_STATUS_RETURN) {
    // [DECISION] L92: the method the closure would return from is gone.
    inko::panic(process, "A closure tried to return from a method that has already returned");
  }
  char message[96];
  std::snprintf(message, sizeof(message), "A thrown value reached the top-level in process 0x%llx",
                static_cast<unsigned long long>(inko_process_identifier(process)));
  inko::panic(process, message);
}

} // extern "C"
