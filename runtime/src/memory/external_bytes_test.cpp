// Memory outside the heap drives collections (docs/memory.md, "Memory
// outside the heap"): long strings' bytes are malloc'ed, and a process that
// builds many dead long strings from few heap objects must still collect
// often enough to free them.
#include "memory/test_objects.h"
#include "testing/resident.h"

#include <algorithm>
#include <cstdio>
#include <doctest/doctest.h>
#include <malloc.h>
#include <string>
#include <unistd.h>

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

TEST_CASE("a message charges the receiver for the long string bytes its copies share") {
  run_main(test_config(1), [](InkoProcess* process) {
    Heap& heap = heap_of(process);
    InkoValue text = long_string(process, 1000);
    InkoValue pair = reinterpret_cast<InkoValue>(node(process, text, string(process, "short")));
    std::uint64_t before = heap.statistics().external_bytes;
    // Sent to itself: the receiver's copy of the long string is a second
    // reference to the same bytes, which only the receiver's collections
    // drop; the short string's bytes travel in its cell.
    CHECK(inko_process_send(process, process, pair) == pair);
    CHECK(heap.statistics().external_bytes == before);
    auto* copy = reinterpret_cast<InkoObject*>(inko_process_receive(process));
    CHECK(reinterpret_cast<InkoString*>(copy->slots[0])->bytes ==
          reinterpret_cast<InkoString*>(text)->bytes);
    CHECK(heap.statistics().external_bytes - before == sizeof(InkoSharedBytes) + 1000 + 1);
  });
}

// A process that builds `count` strings of `size` bytes and drops each; the
// most the resident size grew by meanwhile.
std::size_t peak_growth_building(std::size_t count, std::size_t size) {
  std::size_t growth = 0;
  run_main(test_config(1), [&](InkoProcess* process) {
    std::size_t start = resident_bytes();
    InkoValue chunk = long_string(process, size);
    InkoValue tail = string(process, "x");
    std::uint64_t length = 0;
    for (std::size_t i = 0; i < count; ++i) {
      length += text_of(inko_string_concat(process, chunk, tail)).size();
      growth = std::max(growth, resident_bytes() - std::min(start, resident_bytes()));
    }
    CHECK(length == count * (size + 1));
  });
  MESSAGE(count << " strings of " << size << " bytes: resident size grew by at most "
                << growth / 1e6 << " MB");
  return growth;
}

TEST_SUITE("stress") {
  TEST_CASE("2,000 dead strings of 1 MB outside the heap keep the resident size bounded") {
    std::size_t growth = peak_growth_building(2000, 1024 * 1024);
    if (!sanitized())
      CHECK(growth < 50'000'000);
  }
}

} // namespace
} // namespace inko
