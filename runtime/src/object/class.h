// The runtime's view of classes: the layout is part of the ABI (abi.h).
// Classes are permanent and immutable, so any thread may read them at any
// time.
#pragma once

#include "inko/abi.h"
