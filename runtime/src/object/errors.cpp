// Runtime errors raised on behalf of generated code: messages nothing
// implements or sent with the wrong arity, and throws or returns that
// escape a process or a call that can not pass them on.
#include "object/class.h"
#include "panic/panic.h"
#include "process/process.h"

#include <cstdio>
#include <string>

namespace {

const char* type_name(InkoValue receiver) {
  return (receiver & 1) != 0 ? "Integer"
                             : reinterpret_cast<const InkoHeader*>(receiver)->klass->name;
}

} // namespace

extern "C" {

void inko_message_not_understood(InkoProcess* process, InkoValue receiver, const char* name,
                                 uint64_t size) {
  std::string message = "The type ";
  message += type_name(receiver);
  message += " does not respond to the message ";
  message.append(name, size);
  inko::panic(process, message);
}

void inko_message_wrong_arity(InkoProcess* process, InkoValue receiver, const char* name,
                              uint64_t size, uint64_t required, uint64_t given) {
  std::string message = "The message ";
  message.append(name, size);
  message += " sent to the type ";
  message += type_name(receiver);
  message += " requires " + std::to_string(required) + " arguments but " + std::to_string(given) +
             " were given";
  inko::panic(process, message);
}

void inko_message_unwound(InkoProcess* process, InkoValue receiver, const char* name, uint64_t size,
                          int64_t status) {
  std::string message = "The message ";
  message.append(name, size);
  message += " sent to the type ";
  message += type_name(receiver);
  message += status == INKO_STATUS_RETURN
                 ? " returned from a closure's method where the caller expects no non-local return"
                 : " threw a value where the caller expects no error";
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
