// Pause statistics of the collector, printed at exit when the environment
// variable INKO_GC_STATS is set (to anything but "0"): how long collections
// stopped their own process, over every process and for the processes with
// the longest pauses. Off by default: then no pause is recorded anywhere.
//
// A heap records its pauses (Heap::collect); when it is freed (its process
// finished) they join a global summary under a mutex. The program's exit
// adds the exiting process's heap and prints the summary to stderr; heaps
// of processes still running at exit are not included.
#pragma once

#include <cstdint>
#include <vector>

namespace inko {

class Heap;

// Whether pauses are recorded (INKO_GC_STATS, read once).
bool gc_stats_enabled();
// Adds the pauses of a heap that is going away (null `pauses`: none).
void fold_gc_stats(std::uint64_t process_identifier, const std::vector<std::uint64_t>* pauses,
                   std::size_t live_bytes);
// Adds `current`'s heap (may be null) and prints the summary to stderr, once.
void report_gc_stats(Heap* current);

// The value at fraction `rank` (0..1) of `sorted`, nearest rank; 0 if empty.
std::uint64_t percentile(const std::vector<std::uint64_t>& sorted, double rank);

} // namespace inko
