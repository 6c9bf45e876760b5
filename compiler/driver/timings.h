// The phases of one build, timed for `--timings` and named for the progress
// line. Phases follow each other: begin() ends the previous one.
#pragma once

#include <chrono>
#include <ostream>
#include <string>
#include <vector>

namespace inko::driver {

class Progress;

class Timings {
public:
  explicit Timings(Progress* progress = nullptr) : progress_(progress) {}
  ~Timings() { end(); }

  void begin(std::string phase);
  void end();
  // A phase that was skipped because the cache had its result.
  void skipped(std::string phase, std::string reason);
  void print(std::ostream& out) const;

private:
  using Clock = std::chrono::steady_clock;
  struct Phase {
    std::string name;
    double seconds = 0;
    std::string note;
  };

  Progress* progress_;
  std::vector<Phase> phases_;
  bool running_ = false;
  Clock::time_point started_;
  Clock::time_point first_ = Clock::now();
};

} // namespace inko::driver
