// std::ffi intrinsics: opening libraries with dlopen, finding symbols, and
// calling C functions.
//
// A call passes up to 6 integer-class arguments (integers, pointers,
// strings, byte arrays) and up to 8 floating-point arguments. Both x86-64
// System V and AArch64 assign integer and floating-point arguments to their
// own register sequences in order, so calling every function through one
// pointer type with 6 integer and 8 double parameters puts each argument
// where the callee expects it; unused registers are ignored. An F32
// argument travels in the low half of its register. Variadic functions
// and structs passed by value are not supported.
#include "builtins/array.h"
#include "builtins/float.h"
#include "builtins/integer_value.h"
#include "stdlib/static_libc.h"
#include "stdlib/support.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <dlfcn.h>
#include <limits>
#include <mutex>
#include <string>
#include <vector>

using namespace inko;
using namespace inko::stdlib;

namespace {

// The type ids of std::ffi::types.
enum TypeId : int64_t {
  kVoid = 0,
  kPointer,
  kF64,
  kF32,
  kI8,
  kI16,
  kI32,
  kI64,
  kU8,
  kU16,
  kU32,
  kU64,
  kString,
  kByteArray,
  kSizeT,
};

constexpr int kIntegerRegisters = 6;
constexpr int kFloatRegisters = 8;

using IntegerCall = uint64_t (*)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, double,
                                 double, double, double, double, double, double, double);
using DoubleCall = double (*)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, double,
                              double, double, double, double, double, double, double);
using FloatCall = float (*)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, double,
                            double, double, double, double, double, double, double);

[[noreturn]] void fail(InkoProcess* process, const char* message) {
  inko_process_panic_bytes(process, message, std::strlen(message));
}

// The 64 bits of an Integer from -2^63 up to 2^64 - 1: negative ones in
// two's complement, and those above 2^63 - 1 (big integers) as unsigned, so
// that a u64 or size_t read from C can be written back.
uint64_t integer_bits(InkoProcess* process, InkoValue value) {
  int64_t result = 0;
  if (kind_of(value) != INKO_KIND_INTEGER)
    fail(process, "The FFI argument must be an Integer that fits in 64 bits");
  if (integer_fits_int64(value, result))
    return static_cast<uint64_t>(result);
  const auto* big = as<InkoBigInteger>(value);
  if (big->negative != 0 || big->size != 1)
    fail(process, "The FFI argument must be an Integer that fits in 64 bits");
  return big->limbs[0];
}

// Panics when the Integer `value` does not fit the C integer type `id`, as
// 0.8.1's Pointer.write did (function arguments are truncated instead, as
// in 0.8.1).
void check_integer_range(InkoProcess* process, int64_t id, InkoValue value) {
  struct Range {
    int64_t id;
    const char* name;
    int64_t minimum;
    uint64_t maximum;
  };
  static constexpr Range ranges[] = {
      {kI8, "signed 8 bits integer", INT8_MIN, INT8_MAX},
      {kI16, "signed 16 bits integer", INT16_MIN, INT16_MAX},
      {kI32, "signed 32 bits integer", INT32_MIN, INT32_MAX},
      {kI64, "signed 64 bits integer", INT64_MIN, INT64_MAX},
      {kU8, "unsigned 8 bits integer", 0, UINT8_MAX},
      {kU16, "unsigned 16 bits integer", 0, UINT16_MAX},
      {kU32, "unsigned 32 bits integer", 0, UINT32_MAX},
      {kU64, "unsigned 64 bits integer", 0, UINT64_MAX},
      {kSizeT, "unsigned 64 bits integer", 0, UINT64_MAX},
  };
  for (const Range& range : ranges) {
    if (range.id != id)
      continue;
    int64_t number = 0;
    bool small = integer_fits_int64(value, number);
    // integer_bits accepted it: a big one is above INT64_MAX.
    bool fits = small ? number >= range.minimum &&
                            (number < 0 || static_cast<uint64_t>(number) <= range.maximum)
                      : range.maximum == UINT64_MAX;
    if (fits)
      return;
    std::string message = (small ? std::to_string(number) : std::string("The Integer")) +
                          " can not be converted to a " + range.name;
    inko_process_panic_bytes(process, message.data(), message.size());
  }
}

// The C value of an Inko value converted to a C type.
uint64_t integer_argument(InkoProcess* process, int64_t type, InkoValue value) {
  switch (type) {
  case kString:
    if (kind_of(value) != INKO_KIND_STRING)
      fail(process, "The FFI argument must be a String");
    return reinterpret_cast<uint64_t>(as<InkoString>(value)->bytes->data);
  case kByteArray:
    if (kind_of(value) != INKO_KIND_BYTE_ARRAY)
      fail(process, "The FFI argument must be a ByteArray");
    return reinterpret_cast<uint64_t>(as<InkoByteArray>(value)->bytes);
  default:
    return integer_bits(process, value);
  }
}

double float_argument(InkoProcess* process, int64_t type, InkoValue value) {
  double number = 0;
  if (kind_of(value) == INKO_KIND_FLOAT)
    number = float_of(value);
  else if (is_small(value))
    number = static_cast<double>(small_of(value));
  else
    fail(process, "The FFI argument must be a Float");
  if (type == kF64)
    return number;
  float single = static_cast<float>(number);
  uint64_t bits = 0;
  std::memcpy(&bits, &single, sizeof(single));
  double carrier = 0;
  std::memcpy(&carrier, &bits, sizeof(carrier));
  return carrier;
}

// The Inko value of an integer-class C result.
InkoValue integer_result(InkoProcess* process, int64_t type, uint64_t raw) {
  switch (type) {
  case kVoid:
    return nil_value();
  case kI8:
    return small_value(static_cast<int8_t>(raw));
  case kI16:
    return small_value(static_cast<int16_t>(raw));
  case kI32:
    return small_value(static_cast<int32_t>(raw));
  case kU8:
    return small_value(static_cast<uint8_t>(raw));
  case kU16:
    return small_value(static_cast<uint16_t>(raw));
  case kU32:
    return small_value(static_cast<uint32_t>(raw));
  case kString: {
    const char* text = reinterpret_cast<const char*>(raw);
    return text == nullptr ? nil_value() : string(process, text);
  }
  case kU64:
  case kSizeT:
  case kPointer:
    return integer_value(process, static_cast<__int128>(raw));
  default:
    return integer_value(process, static_cast<int64_t>(raw));
  }
}

int64_t type_of(InkoProcess* process, InkoValue types, uint64_t index) {
  InkoValue type = as<InkoArray>(types)->values[index];
  if (!is_small(type))
    fail(process, "FFI types must be type ids");
  return small_of(type);
}

// The handles of C libraries opened by a static executable, whose stateful
// functions resolve to the executable's own C library (static_libc.h). When
// the shared C library is not installed (a static program in an empty
// container) the handle is own_c_library_only: only those functions exist.
std::mutex c_library_mutex;
std::vector<void*> c_library_handles;
char own_c_library_only;

void* open_library(const std::string& name) {
  void* handle = ::dlopen(name.c_str(), RTLD_LAZY);
  if (!is_static_executable() || !is_c_library_name(name))
    return handle;
  if (handle == nullptr)
    return &own_c_library_only;
  std::lock_guard lock(c_library_mutex);
  c_library_handles.push_back(handle);
  return handle;
}

bool is_c_library_handle(void* handle) {
  if (handle == &own_c_library_only)
    return true;
  std::lock_guard lock(c_library_mutex);
  return std::find(c_library_handles.begin(), c_library_handles.end(), handle) !=
         c_library_handles.end();
}

void* find_symbol(void* handle, const std::string& name) {
  if (is_c_library_handle(handle)) {
    if (void* own = own_c_function(name))
      return own;
    if (handle == &own_c_library_only)
      return nullptr;
  }
  return ::dlsym(handle, name.c_str());
}

// The C value of type T stored at `at`, which may be unaligned.
template <typename T> T read_unaligned(const char* at) {
  T value;
  std::memcpy(&value, at, sizeof(value));
  return value;
}

} // namespace

extern "C" {

// The handle of the first library of `names` (an Array of Strings) that
// loads, or Nil.
InkoValue inko_intrinsic_ffi_library_open(InkoProcess* process, InkoValue names) {
  auto* array = as<InkoArray>(names);
  for (uint64_t i = 0; i < array->length; ++i) {
    void* handle = open_library(c_string(array->values[i]));
    if (handle != nullptr)
      return integer_value(process, static_cast<__int128>(reinterpret_cast<uintptr_t>(handle)));
  }
  return nil_value();
}

// The address of a symbol of the library, or Nil.
InkoValue inko_intrinsic_ffi_symbol(InkoProcess* process, InkoValue library, InkoValue name) {
  void* handle = reinterpret_cast<void*>(integer_bits(process, library));
  void* symbol = find_symbol(handle, c_string(name));
  if (symbol == nullptr)
    return nil_value();
  return integer_value(process, static_cast<__int128>(reinterpret_cast<uintptr_t>(symbol)));
}

InkoValue inko_intrinsic_ffi_library_close(InkoProcess* process, InkoValue library) {
  // A static executable's C library handles stay open: dlopen counts
  // references, and the registry would otherwise keep a stale handle.
  void* handle = reinterpret_cast<void*>(integer_bits(process, library));
  if (!is_c_library_handle(handle))
    ::dlclose(handle);
  return nil_value();
}

// Calls the C function at `address` with `arguments` converted to the
// types of `types` (ids), converting its result from the type `returns`.
InkoValue inko_intrinsic_ffi_call(InkoProcess* process, InkoValue address, InkoValue types,
                                  InkoValue returns, InkoValue arguments) {
  auto* values = as<InkoArray>(arguments);
  if (values->length != as<InkoArray>(types)->length)
    fail(process, "The number of FFI arguments does not match the function's signature");
  uint64_t integers[kIntegerRegisters] = {};
  double floats[kFloatRegisters] = {};
  int integer_count = 0;
  int float_count = 0;
  for (uint64_t i = 0; i < values->length; ++i) {
    int64_t type = type_of(process, types, i);
    if (type == kF64 || type == kF32) {
      if (float_count == kFloatRegisters)
        fail(process, "FFI functions can take at most 8 floating-point arguments");
      floats[float_count++] = float_argument(process, type, values->values[i]);
    } else {
      if (integer_count == kIntegerRegisters)
        fail(process, "FFI functions can take at most 6 integer arguments");
      integers[integer_count++] = integer_argument(process, type, values->values[i]);
    }
  }
  void* function = reinterpret_cast<void*>(integer_bits(process, address));
  int64_t result_type = is_small(returns) ? small_of(returns) : kVoid;
  if (result_type == kF64) {
    double result = reinterpret_cast<DoubleCall>(function)(
        integers[0], integers[1], integers[2], integers[3], integers[4], integers[5], floats[0],
        floats[1], floats[2], floats[3], floats[4], floats[5], floats[6], floats[7]);
    return float_value(process, result);
  }
  if (result_type == kF32) {
    float result = reinterpret_cast<FloatCall>(function)(
        integers[0], integers[1], integers[2], integers[3], integers[4], integers[5], floats[0],
        floats[1], floats[2], floats[3], floats[4], floats[5], floats[6], floats[7]);
    return float_value(process, result);
  }
  uint64_t result = reinterpret_cast<IntegerCall>(function)(
      integers[0], integers[1], integers[2], integers[3], integers[4], integers[5], floats[0],
      floats[1], floats[2], floats[3], floats[4], floats[5], floats[6], floats[7]);
  return integer_result(process, result_type, result);
}

// Reads a C value of type `type` at `address + offset`.
InkoValue inko_intrinsic_ffi_read(InkoProcess* process, InkoValue address, InkoValue type,
                                  InkoValue offset) {
  auto* at =
      reinterpret_cast<const char*>(integer_bits(process, address) + integer_bits(process, offset));
  int64_t id = is_small(type) ? small_of(type) : kVoid;
  switch (id) {
  case kF64:
    return float_value(process, read_unaligned<double>(at));
  case kF32:
    return float_value(process, read_unaligned<float>(at));
  case kI8:
  case kU8:
    return integer_result(process, id, read_unaligned<uint8_t>(at));
  case kI16:
  case kU16:
    return integer_result(process, id, read_unaligned<uint16_t>(at));
  case kI32:
  case kU32:
    return integer_result(process, id, read_unaligned<uint32_t>(at));
  case kVoid:
    return nil_value();
  // As in 0.8.1: the NUL-terminated text at the address itself (a char
  // array), not a char* stored there.
  case kString:
    return string(process, at);
  case kByteArray:
    return reinterpret_cast<InkoValue>(byte_array_new(process, std::string_view(at)));
  default:
    return integer_result(process, id, read_unaligned<uint64_t>(at));
  }
}

// Writes `value` as a C value of type `type` at `address + offset`.
InkoValue inko_intrinsic_ffi_write(InkoProcess* process, InkoValue address, InkoValue type,
                                   InkoValue value, InkoValue offset) {
  auto* at =
      reinterpret_cast<char*>(integer_bits(process, address) + integer_bits(process, offset));
  int64_t id = is_small(type) ? small_of(type) : kVoid;
  if (id == kF64) {
    double number = float_argument(process, kF64, value);
    std::memcpy(at, &number, sizeof(number));
    return value;
  }
  if (id == kF32) {
    double wide = float_argument(process, kF64, value);
    // As 0.8.1: a finite value beyond the f32 range panics (NaN and the
    // infinities are kept).
    if (std::isfinite(wide) && std::fabs(wide) > std::numeric_limits<float>::max()) {
      std::string message =
          float_to_string(wide) + " can not be converted to a 32 bits floating point";
      inko_process_panic_bytes(process, message.data(), message.size());
    }
    float number = static_cast<float>(wide);
    std::memcpy(at, &number, sizeof(number));
    return value;
  }
  // As in 0.8.1: the text (with its NUL) or the bytes are copied to the
  // address, the inverse of reading them.
  if (id == kString) {
    if (kind_of(value) != INKO_KIND_STRING)
      fail(process, "The FFI argument must be a String");
    const InkoSharedBytes* text = as<InkoString>(value)->bytes;
    std::memcpy(at, text->data, text->size + 1);
    return value;
  }
  if (id == kByteArray) {
    if (kind_of(value) != INKO_KIND_BYTE_ARRAY)
      fail(process, "The FFI argument must be a ByteArray");
    const auto* bytes = as<InkoByteArray>(value);
    if (bytes->length > 0)
      std::memcpy(at, bytes->bytes, bytes->length);
    return value;
  }
  uint64_t bits = integer_argument(process, id, value);
  if (id != kPointer)
    check_integer_range(process, id, value);
  std::size_t size = (id == kI8 || id == kU8)     ? 1
                     : (id == kI16 || id == kU16) ? 2
                     : (id == kI32 || id == kU32) ? 4
                                                  : 8;
  std::memcpy(at, &bits, size);
  return value;
}

} // extern "C"
