// Storage and the abi.h accessors for the program's arguments (argv[1..]).
#include "start/arguments.h"

#include "inko/abi.h"

namespace inko {
namespace {

int argument_count = 0;
char** argument_values = nullptr;

} // namespace

void set_program_arguments(int argc, char** argv) {
  argument_count = argc > 1 ? argc - 1 : 0;
  argument_values = argc > 1 ? argv + 1 : nullptr;
}

} // namespace inko

extern "C" {

int64_t inko_argument_count(void) {
  return inko::argument_count;
}

const char* inko_argument(int64_t index) {
  if (index < 0 || index >= inko::argument_count)
    return nullptr;
  return inko::argument_values[index];
}
}
