// The out-of-line half of argument.h: the panic message.
#include "builtins/argument.h"

#include "builtins/panic_message.h"

#include <string>

namespace inko {

const char* type_name(InkoValue value) {
  if (is_small(value))
    return "Integer";
  return as<const InkoHeader>(value)->klass->name;
}

void argument_type_panic(InkoProcess* process, InkoValue value, std::string_view what,
                         std::string_view expected) {
  std::string message = "The ";
  message += what;
  message += " must be ";
  message += expected;
  message += ", not a value of type ";
  message += type_name(value);
  panic_with(process, std::move(message));
}

} // namespace inko
