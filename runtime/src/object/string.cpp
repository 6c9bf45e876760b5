// The String class object that string literals emitted by the compiler
// point at.
#include "object/class.h"

extern "C" const InkoClass inko_class_string = {"String", INKO_KIND_STRING, 0, 0, nullptr};
