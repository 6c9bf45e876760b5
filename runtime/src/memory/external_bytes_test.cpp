// Memory outside the heap drives collections (docs/memory.md, "Memory
// outside the heap"): long strings' bytes are malloc'ed, and a process that
// builds many dead long strings from few heap objects must still collect
// often enough to free them.
#include "memory/test_objects.h"

#include <algorithm>
#include <doctest/doctest.h>
#include <malloc.h>
#include <string>

namespace inko {
namespace {

using namespace inko::testing;

// A long string of `size` bytes (its bytes outside the heap).
InkoValue long_string(InkoProcess* process, std::size_t size) {
  return string(process, std::string(size, 'x'));
}

// Bytes malloc has handed out and not taken back.
std::size_t malloc_in_use() {
  struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

// `rounds` times `text = text + piece`, as an Inko loop does; returns text
// and the most malloc_in_use grew by.
[[gnu::noinline]] InkoValue grow(InkoProcess* process, InkoValue piece, std::size_t rounds,
                                 std::size_t& peak_growth) {
  std::size_t start = malloc_in_use();
  peak_growth = 0;
  InkoValue text = string(process, "");
  for (std::size_t i = 0; i < rounds; ++i) {
    text = inko_string_concat(process, text, piece);
    std::size_t now = malloc_in_use();
    peak_growth = std::max(peak_growth, now > start ? now - start : 0);
  }
  return text;
}

TEST_CASE("a long string's bytes are charged to the heap that makes them") {
  run_main(test_config(1), [](InkoProcess* process) {
    Heap& heap = heap_of(process);
    std::uint64_t before = heap.statistics().external_bytes;
    InkoValue text = long_string(process, 1000);
    CHECK(text_of(text).size() == 1000);
    CHECK(heap.statistics().external_bytes - before == sizeof(InkoSharedBytes) + 1000 + 1);
    // A short string keeps its bytes in its cell: nothing to charge.
    before = heap.statistics().external_bytes;
    string(process, "short");
    CHECK(heap.statistics().external_bytes == before);
  });
}

TEST_CASE("concatenating long strings collects as their bytes accumulate") {
  run_main(test_config(1), [](InkoProcess* process) {
    Heap& heap = heap_of(process);
    heap.set_threshold(1024 * 1024);
    InkoValue piece = long_string(process, 100);
    // 2,000 rounds: the live string ends at 200 KB, but 200 MB of bytes were
    // made along the way; their 24-byte string objects alone fill less
    // than 64 KB of cells, which would never reach a 1 MB threshold.
    std::uint64_t collections = heap.statistics().collections;
    std::uint64_t charged = heap.statistics().external_bytes;
    std::size_t peak_growth = 0;
    InkoValue text = grow(process, piece, 2000, peak_growth);
    CHECK(text_of(text).size() == 200000);
    charged = heap.statistics().external_bytes - charged;
    CHECK(charged > 200'000'000);
    collections = heap.statistics().collections - collections;
    // About one collection per MB charged (some of the threshold goes to
    // the string cells), and the bytes of dead strings alive at once stay
    // below a few MB.
    CHECK(collections >= 150);
    CHECK(collections <= charged / (512 * 1024));
    // Sanitizers replace malloc, which then reports nothing useful.
    if (!sanitized())
      CHECK(peak_growth < 8'000'000);
  });
}

} // namespace
} // namespace inko
