// std::ffi in a statically linked executable (inkoc build --static). The
// program carries its own copy of the C library, so dlopen("libc.so.6")
// would load a second one with its own heap, environment, errno and stdio
// buffers: memory from one copy's malloc freed by the other, or a setenv
// that std::env never sees. For the C library's names the functions that
// keep such state therefore resolve to the executable's own copy; every
// other symbol still comes from the loaded library. Without a shared C
// library a table of common functions stands in (docs/stdlib.md).
#pragma once

#include <string_view>

namespace inko::stdlib {

// True when the running executable has no dynamic loader (no PT_INTERP).
bool is_static_executable();

// Whether `library` is a file name of the C library (libc, libm,
// libpthread, libdl, librt), with or without a version.
bool is_c_library_name(std::string_view library);

// The executable's own definition of a C library function of the table
// (the stateful ones such as malloc and setenv, then common stateless ones
// such as strlen), or nullptr when `name` is not one of them.
void* own_c_function(std::string_view name);

} // namespace inko::stdlib
