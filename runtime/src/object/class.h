// The runtime's view of classes. Classes are permanent and immutable, so any
// thread may read them at any time.
#pragma once

#include "inko/abi.h"

struct InkoClass {
  const char* name;
};
