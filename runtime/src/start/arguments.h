// The program's command-line arguments, recorded once by runtime_main
// before any process runs and read-only afterwards.
#pragma once

namespace inko {

void set_program_arguments(int argc, char** argv);

} // namespace inko
