// The C entry point of every Inko executable. Nothing else lives in this
// file, so test programs that define their own main never link it.
#include "start/runtime_main.h"

int main(int argc, char** argv) {
  return inko::runtime_main(argc, argv, &inko_program_main);
}
