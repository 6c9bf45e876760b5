// See gc_stats.h.
#include "memory/gc_stats.h"

#include "memory/process_heap.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace inko {
namespace {

// The processes listed by name: those with the longest pauses.
constexpr std::size_t listed_processes = 5;

struct ProcessSummary {
  std::uint64_t identifier;
  std::size_t collections;
  std::uint64_t p99_ns;
  std::uint64_t longest_ns;
  std::uint64_t total_ns;
  std::size_t live_bytes;
};

struct Summary {
  std::mutex lock;
  std::vector<std::uint64_t> pauses; // of every process
  std::size_t heaps = 0;
  std::vector<ProcessSummary> longest; // at most listed_processes, longest first
  bool reported = false;
};

Summary& summary() {
  static Summary instance;
  return instance;
}

double ms(std::uint64_t ns) {
  return static_cast<double>(ns) / 1e6;
}

} // namespace

bool gc_stats_enabled() {
  // Read once, by the first heap created: early, before Inko code could
  // change the environment (getenv races with setenv).
  static const bool enabled = [] {
    const char* value = std::getenv("INKO_GC_STATS");
    return value != nullptr && *value != '\0' && std::strcmp(value, "0") != 0;
  }();
  return enabled;
}

std::uint64_t percentile(const std::vector<std::uint64_t>& sorted, double rank) {
  if (sorted.empty())
    return 0;
  auto index = static_cast<std::size_t>(std::ceil(rank * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(index, 1, sorted.size()) - 1];
}

void fold_gc_stats(std::uint64_t process_identifier, const std::vector<std::uint64_t>* pauses,
                   std::size_t live_bytes) {
  Summary& all = summary();
  std::lock_guard guard(all.lock);
  all.heaps += 1;
  if (pauses == nullptr || pauses->empty())
    return;
  std::vector<std::uint64_t> sorted = *pauses;
  std::sort(sorted.begin(), sorted.end());
  all.pauses.insert(all.pauses.end(), sorted.begin(), sorted.end());
  std::uint64_t total = 0;
  for (std::uint64_t pause : sorted)
    total += pause;
  ProcessSummary process{process_identifier, sorted.size(), percentile(sorted, 0.99),
                         sorted.back(),      total,         live_bytes};
  auto position = std::find_if(all.longest.begin(), all.longest.end(), [&](const auto& other) {
    return other.longest_ns < process.longest_ns;
  });
  if (position - all.longest.begin() < static_cast<std::ptrdiff_t>(listed_processes)) {
    all.longest.insert(position, process);
    if (all.longest.size() > listed_processes)
      all.longest.pop_back();
  }
}

void report_gc_stats(Heap* current) {
  if (!gc_stats_enabled())
    return;
  if (current != nullptr)
    current->fold_gc_stats();
  Summary& all = summary();
  std::lock_guard guard(all.lock);
  if (all.reported)
    return;
  all.reported = true;
  std::sort(all.pauses.begin(), all.pauses.end());
  std::fprintf(stderr,
               "gc: %zu heaps, %zu collections; pause median %.3f ms, p99 %.3f ms, longest "
               "%.3f ms\n",
               all.heaps, all.pauses.size(), ms(percentile(all.pauses, 0.5)),
               ms(percentile(all.pauses, 0.99)), ms(all.pauses.empty() ? 0 : all.pauses.back()));
  for (const ProcessSummary& process : all.longest)
    std::fprintf(stderr,
                 "gc: process %llu: %zu collections, pause p99 %.3f ms, longest %.3f ms, "
                 "total %.3f ms; live %zu KB\n",
                 static_cast<unsigned long long>(process.identifier), process.collections,
                 ms(process.p99_ns), ms(process.longest_ns), ms(process.total_ns),
                 process.live_bytes / 1024);
  std::fflush(stderr);
}

} // namespace inko
