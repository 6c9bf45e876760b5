// The progress line of a slow build: on a terminal only, and only once the
// build has taken a second, stderr shows `inkoc: building app.inko: check
// (1.4 s)`, redrawn in place and erased when the build ends. Piped or with
// TERM=dumb it prints nothing.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace inko::driver {

class Progress {
public:
  explicit Progress(std::string what);
  ~Progress() { stop(); }

  void phase(const std::string& name);
  // Erases the line; call before printing anything else to stderr.
  void stop();

private:
  void draw_loop();

  std::string what_;
  std::string phase_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool drawn_ = false;
  std::thread thread_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

} // namespace inko::driver
