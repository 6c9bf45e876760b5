// Starting and ending the program: what the C main does, kept out of main.cpp
// so that test binaries with their own main can use everything else.
#pragma once

#include "inko/abi.h"

namespace inko {

// Runs `program` in the main process and returns the exit status.
int runtime_main(int argc, char** argv, void (*program)(InkoProcess*));

} // namespace inko
