// C++-level benchmarks of the built-in types, run inside a real process
// (per-process heap and collector included) until the compiler can build
// the equivalent Inko programs. Build and run with bench/run [build-dir].
//
//   factorial   2000! by repeated inko_integer_mul (small, then big)
//   additions   1,000,000 inko_integer_add calls on small integers (the
//               runtime's slow-path entry; generated code inlines the
//               overflow-checked add) plus the inlined equivalent
//   strings     10 MB built from 10-byte pieces with a StringBuffer-style
//               array and one inko_string_concat_array, and 100 KB by
//               repeated inko_string_concat (quadratic, for comparison)
#include "builtins/array.h"
#include "builtins/integer_value.h"
#include "builtins/string_value.h"
#include "testing/harness.h"

#include <chrono>
#include <cstdio>
#include <functional>

namespace inko {
std::string text_of(InkoValue string) {
  return std::string(string_bytes(string));
}
} // namespace inko

namespace {

using Clock = std::chrono::steady_clock;
using inko::small_value;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Best of `rounds` runs of `body`, in seconds.
double best_of(int rounds, const std::function<void()>& body) {
  double best = 1e9;
  for (int i = 0; i < rounds; ++i) {
    auto start = Clock::now();
    body();
    best = std::min(best, seconds_since(start));
  }
  return best;
}

void factorial(InkoProcess* p) {
  InkoValue result = small_value(1);
  double time = best_of(5, [&] {
    result = small_value(1);
    for (int64_t i = 2; i <= 2000; ++i)
      result = inko_integer_mul(p, result, small_value(i));
  });
  std::string digits = inko::text_of(inko_integer_to_string(p, result));
  double to_string_time = best_of(5, [&] { inko_integer_to_string(p, result); });
  InkoValue text = inko_integer_to_string(p, result);
  double parse_time = best_of(5, [&] { inko_integer_parse(p, text, small_value(10)); });
  std::printf("factorial(2000): %zu digits, %.3f ms; to_string %.3f ms; parse %.3f ms\n",
              digits.size(), time * 1e3, to_string_time * 1e3, parse_time * 1e3);
  // 2000! squared: Karatsuba on ~300-limb operands.
  double square_time = best_of(5, [&] { inko_integer_mul(p, result, result); });
  std::printf("factorial(2000) squared: %.3f ms\n", square_time * 1e3);
}

void additions(InkoProcess* p) {
  constexpr int64_t count = 1'000'000;
  InkoValue sum = small_value(0);
  double runtime_time = best_of(5, [&] {
    sum = small_value(0);
    for (int64_t i = 0; i < count; ++i)
      sum = inko_integer_add(p, sum, small_value(i));
  });
  // What generated code does: add tagged words with an overflow check and
  // call the runtime only on overflow.
  double inline_time = best_of(5, [&] {
    InkoValue total = small_value(0);
    for (int64_t i = 0; i < count; ++i) {
      InkoValue result;
      auto tagged = static_cast<int64_t>(small_value(i) ^ 1);
      if (__builtin_add_overflow(static_cast<int64_t>(total), tagged,
                                 reinterpret_cast<int64_t*>(&result)))
        result = inko_integer_add(p, total, small_value(i));
      total = result;
      asm volatile("" : "+r"(total));
    }
    sum = total;
  });
  // Near the top of the small range every other addition overflows into a
  // big integer and comes back.
  double overflow_time = best_of(5, [&] {
    InkoValue value = small_value(inko::kSmallMax - 1);
    for (int64_t i = 0; i < count; ++i)
      value = inko_integer_add(p, value, small_value(i % 2 == 0 ? 2 : -2));
  });
  std::printf("1,000,000 additions: runtime call %.2f ms (%.1f ns/op), inlined fast path "
              "%.2f ms (%.2f ns/op); alternating overflow to big and back %.2f ms (%.1f ns/op); "
              "sum %s\n",
              runtime_time * 1e3, runtime_time * 1e9 / count, inline_time * 1e3,
              inline_time * 1e9 / count, overflow_time * 1e3, overflow_time * 1e9 / count,
              inko::text_of(inko_integer_to_string(p, sum)).c_str());
}

void strings(InkoProcess* p) {
  constexpr int64_t pieces = 1'000'000; // x 10 bytes = 10 MB
  uint64_t size = 0;
  double buffer_time = best_of(3, [&] {
    InkoArray* buffer = inko::array_new(p, 0);
    InkoValue piece = inko::string_value(p, "0123456789");
    for (int64_t i = 0; i < pieces; ++i)
      inko_array_set(p, inko::value_of(buffer), small_value(static_cast<int64_t>(buffer->length)),
                     piece);
    InkoValue result = inko_string_concat_array(p, inko::value_of(buffer));
    size = inko::shared_bytes_of(result)->size;
  });
  double fresh_time = best_of(3, [&] {
    InkoArray* buffer = inko::array_new(p, 0);
    for (int64_t i = 0; i < pieces; ++i) {
      InkoValue piece = inko_integer_to_string(p, small_value(1'000'000'000 + i));
      inko_array_set(p, inko::value_of(buffer), small_value(static_cast<int64_t>(buffer->length)),
                     piece);
    }
    inko_string_concat_array(p, inko::value_of(buffer));
  });
  double concat_time = best_of(3, [&] {
    InkoValue result = inko::string_value(p, "");
    InkoValue piece = inko::string_value(p, "0123456789");
    for (int64_t i = 0; i < 10'000; ++i)
      result = inko_string_concat(p, result, piece);
  });
  std::printf("10 MB string: StringBuffer-style %.1f ms (%llu bytes); with 1,000,000 fresh "
              "Integer.to_string pieces %.1f ms; 100 KB by repeated concatenation %.1f ms\n",
              buffer_time * 1e3, static_cast<unsigned long long>(size), fresh_time * 1e3,
              concat_time * 1e3);
}

} // namespace

int main() {
  inko::Config config = inko::testing::test_config(1);
  return inko::testing::run_main(config, [](InkoProcess* p) {
    factorial(p);
    additions(p);
    strings(p);
  });
}
