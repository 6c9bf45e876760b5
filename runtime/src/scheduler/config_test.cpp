// Config::from_environment: bad values keep the defaults, huge ones are
// clamped, and a tiny stack is raised to the minimum.
#include "scheduler/config.h"

#include <cstdlib>
#include <doctest/doctest.h>
#include <initializer_list>

namespace inko {
namespace {

struct ScopedVariable {
  const char* name;
  ScopedVariable(const char* name, const char* value) : name(name) { ::setenv(name, value, 1); }
  ~ScopedVariable() { ::unsetenv(name); }
};

TEST_CASE("negative, empty and non-numeric settings keep the defaults") {
  Config defaults = Config::from_environment();
  for (const char* value : {"-5", "", "abc", "12abc", "0", " 3"}) {
    ScopedVariable threads("INKO_PRIMARY_THREADS", value);
    ScopedVariable reductions("INKO_REDUCTIONS", value);
    Config config = Config::from_environment();
    CHECK(config.primary_threads == defaults.primary_threads);
    CHECK(config.reductions == defaults.reductions);
  }
}

TEST_CASE("huge settings are clamped, tiny stacks raised") {
  {
    ScopedVariable threads("INKO_PRIMARY_THREADS", "99999999999999999999999");
    ScopedVariable blocking("INKO_BLOCKING_THREADS", "99999999999");
    Config config = Config::from_environment();
    CHECK(config.primary_threads == 1024);
    CHECK(config.blocking_threads == 1024);
  }
  {
    ScopedVariable stack("INKO_STACK_SIZE", "1");
    CHECK(Config::from_environment().stack_size == 64 * 1024);
  }
  {
    ScopedVariable threads("INKO_PRIMARY_THREADS", "3");
    CHECK(Config::from_environment().primary_threads == 3);
  }
}

} // namespace
} // namespace inko
