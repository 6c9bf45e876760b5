// True, False and Nil: permanent objects shared by every process, and the
// classes of Boolean and NilType. Nothing ever writes to them.
#include "object/class.h"

extern "C" {
const InkoClass inko_class_boolean = {"Boolean", INKO_KIND_BOOLEAN, 0, 0, nullptr};
const InkoClass inko_class_nil = {"NilType", INKO_KIND_NIL, 0, 0, nullptr};

const InkoHeader inko_true = {&inko_class_boolean, INKO_HEADER_PERMANENT};
const InkoHeader inko_false = {&inko_class_boolean, INKO_HEADER_PERMANENT};
const InkoHeader inko_nil = {&inko_class_nil, INKO_HEADER_PERMANENT};
}
