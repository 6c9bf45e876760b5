// Helpers for the built-in types' tests: running checks inside a real
// process (allocation belongs to a process), catching a panic's message,
// and making and reading values in a line.
#pragma once

#include "builtins/array.h"
#include "builtins/integer_value.h"
#include "builtins/string_value.h"
#include "testing/harness.h"

#include <doctest/doctest.h>
#include <functional>
#include <string>

namespace inko::testing {

// Runs `body` in the main process of a fresh runtime.
inline void in_process(std::function<void(InkoProcess*)> body) {
  int status = run_main(test_config(1), std::move(body));
  CHECK(status == 0);
}

// Runs `body` in a process and returns the message it panicked with, or
// "" if it returned.
inline std::string panic_message(std::function<void(InkoProcess*)> body) {
  std::string message;
  run_main(test_config(1), [&](InkoProcess* process) {
    inko_process_set_panic_handler(
        process,
        [](InkoProcess*, void* environment, const char* text, uint64_t size) {
          static_cast<std::string*>(environment)->assign(text, size);
        },
        &message);
    body(process);
  });
  return message;
}

inline InkoValue str(InkoProcess* process, std::string_view text) {
  return string_value(process, text);
}

inline std::string text(InkoValue string) {
  return std::string(string_bytes(string));
}

inline InkoValue flt(InkoProcess* process, double value) {
  return inko_float_new(process, value);
}

inline double float_of(InkoValue value) {
  return reinterpret_cast<InkoFloat*>(value)->value;
}

// An Integer from decimal text of any size.
inline InkoValue num(InkoProcess* process, std::string_view decimal) {
  return inko_integer_parse(process, str(process, decimal), small_value(10));
}

// An Integer's decimal text.
inline std::string dec(InkoProcess* process, InkoValue integer) {
  return text(inko_integer_to_string(process, integer));
}

inline bool truthy(InkoValue boolean) {
  CHECK((boolean == true_value() || boolean == false_value()));
  return boolean == true_value();
}

} // namespace inko::testing
