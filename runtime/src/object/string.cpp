// The String class object that string literals emitted by the compiler
// point at.
#include "object/class.h"

extern "C" const InkoClass inko_class_string = {"String"};
