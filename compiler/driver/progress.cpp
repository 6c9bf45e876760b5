#include "driver/progress.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace inko::driver {
namespace {

bool stderr_is_terminal() {
  const char* term = std::getenv("TERM");
  return isatty(2) == 1 && (term == nullptr || std::strcmp(term, "dumb") != 0);
}

} // namespace

Progress::Progress(std::string what) : what_(std::move(what)) {
  if (stderr_is_terminal())
    thread_ = std::thread([this] { draw_loop(); });
}

void Progress::phase(const std::string& name) {
  std::lock_guard lock(mutex_);
  phase_ = name;
}

void Progress::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable())
    thread_.join();
}

void Progress::draw_loop() {
  using namespace std::chrono_literals;
  std::unique_lock lock(mutex_);
  if (wake_.wait_until(lock, started_ + 1s, [this] { return stopping_; }))
    return;
  while (!stopping_) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    std::fprintf(stderr, "\r\x1b[2Kinkoc: %s: %s (%.1f s)", what_.c_str(), phase_.c_str(), seconds);
    std::fflush(stderr);
    drawn_ = true;
    wake_.wait_for(lock, 100ms, [this] { return stopping_; });
  }
  if (drawn_) {
    std::fputs("\r\x1b[2K", stderr);
    std::fflush(stderr);
  }
}

} // namespace inko::driver
