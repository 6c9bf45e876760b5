// True, False and Nil: permanent objects shared by every process. Nothing
// ever writes to them. Their classes come from generated code (abi.h).
#include "object/class.h"

extern "C" {
const InkoHeader inko_true = {&inko_class_boolean, INKO_HEADER_PERMANENT};
const InkoHeader inko_false = {&inko_class_boolean, INKO_HEADER_PERMANENT};
const InkoHeader inko_nil = {&inko_class_nil, INKO_HEADER_PERMANENT};
}
