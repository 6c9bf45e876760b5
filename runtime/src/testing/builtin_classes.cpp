// Stand-ins for the built-in classes that generated code defines in real
// programs (abi.h), so the runtime's own tests link without a compiler.
#include "object/class.h"

extern "C" {
const InkoClass inko_class_object = {"Object", INKO_KIND_OBJECT, 0, 0, nullptr, INKO_COPY_DEEP, 0};
const InkoClass inko_class_boolean = {"Boolean", INKO_KIND_BOOLEAN, 0, 0,
                                      nullptr,   INKO_COPY_DEEP,    0};
const InkoClass inko_class_nil = {"NilType", INKO_KIND_NIL, 0, 0, nullptr, INKO_COPY_DEEP, 0};
const InkoClass inko_class_integer = {"Integer", INKO_KIND_INTEGER, 0, 0,
                                      nullptr,   INKO_COPY_DEEP,    0};
const InkoClass inko_class_float = {"Float", INKO_KIND_FLOAT, 0, 0, nullptr, INKO_COPY_DEEP, 0};
const InkoClass inko_class_string = {"String", INKO_KIND_STRING, 0, 0, nullptr, INKO_COPY_DEEP, 0};
const InkoClass inko_class_array = {"Array", INKO_KIND_ARRAY, 0, 0, nullptr, INKO_COPY_DEEP, 0};
const InkoClass inko_class_byte_array = {"ByteArray", INKO_KIND_BYTE_ARRAY, 0, 0,
                                         nullptr,     INKO_COPY_DEEP,       0};
const InkoClass inko_class_block = {"Block", INKO_KIND_BLOCK, 0, 0, nullptr, INKO_COPY_DEEP, 0};
const InkoClass inko_class_module = {"Module", INKO_KIND_MODULE, 0, 0, nullptr, INKO_COPY_DEEP, 0};
const uint64_t inko_builtin_hash_is_object = 1;
}
