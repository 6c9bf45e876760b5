#include "driver/timings.h"

#include "driver/progress.h"

#include <cstdio>

namespace inko::driver {

void Timings::begin(std::string phase) {
  end();
  if (progress_ != nullptr)
    progress_->phase(phase);
  phases_.push_back({std::move(phase), 0, ""});
  running_ = true;
  started_ = Clock::now();
}

void Timings::end() {
  if (!running_)
    return;
  phases_.back().seconds = std::chrono::duration<double>(Clock::now() - started_).count();
  running_ = false;
}

void Timings::skipped(std::string phase, std::string reason) {
  end();
  phases_.push_back({std::move(phase), 0, std::move(reason)});
}

void Timings::print(std::ostream& out) const {
  double total = std::chrono::duration<double>(Clock::now() - first_).count();
  char line[160];
  for (const Phase& phase : phases_) {
    if (phase.note.empty())
      std::snprintf(line, sizeof line, "  %-18s %8.3f s\n", phase.name.c_str(), phase.seconds);
    else
      std::snprintf(line, sizeof line, "  %-18s %8s   (%s)\n", phase.name.c_str(), "-",
                    phase.note.c_str());
    out << line;
  }
  std::snprintf(line, sizeof line, "  %-18s %8.3f s\n", "total", total);
  out << line;
}

} // namespace inko::driver
