// The runtime's process record. Its first member is the InkoProcessHot that
// generated code reads (abi.h), so an InkoProcess* is also an
// InkoProcessHot*.
#pragma once

#include "context/context.h"
#include "inko/abi.h"

#include <cstdint>

struct InkoProcess {
  InkoProcessHot hot;
  inko::Context context;
  std::uint64_t identifier;
};

static_assert(offsetof(InkoProcess, hot) == 0);
