// CollectionPolicy: the floor, the growth factor by live size, and the
// patience after collections that freed little.
#include "memory/collection_policy.h"

#include <doctest/doctest.h>

namespace inko {
namespace {

constexpr std::size_t KiB = 1024;
constexpr std::size_t MiB = 1024 * KiB;

TEST_CASE("the floor doubles from 8 KiB to 1 MiB while nothing survives") {
  CollectionPolicy policy;
  CHECK(policy.threshold() == 8 * KiB);
  std::size_t expected[] = {16 * KiB,  32 * KiB,  64 * KiB, 128 * KiB,
                            256 * KiB, 512 * KiB, 1 * MiB,  1 * MiB};
  for (std::size_t floor : expected) {
    policy.collected(policy.threshold(), 0);
    CHECK(policy.threshold() == floor);
    CHECK(policy.patience() == 1);
  }
}

TEST_CASE("a heap that frees what it allocated waits for its growth factor times its live size") {
  CollectionPolicy policy;
  policy.collected(10 * MiB, 3 * MiB); // 7 of 10 MiB freed
  CHECK(policy.patience() == 1);
  CHECK(policy.threshold() == 4 * 3 * MiB);
  policy.collected(120 * MiB, 40 * MiB); // 3 + 120 - 40 = 83 of 120 MiB freed
  CHECK(policy.patience() == 1);
  CHECK(policy.threshold() == 2 * 40 * MiB); // large heap: factor 2
}

TEST_CASE("a collection that freed nothing makes the heap wait max_patience times longer") {
  CollectionPolicy policy;
  policy.collected(4 * MiB, 4 * MiB);
  CHECK(policy.patience() == CollectionPolicy::max_patience);
  CHECK(policy.threshold() == 4 * 4 * 4 * MiB);
  // Still growing, now large: factor 2, still patient.
  policy.collected(64 * MiB, 68 * MiB);
  CHECK(policy.patience() == 4);
  CHECK(policy.threshold() == 2 * 4 * 68 * MiB);
}

TEST_CASE("the patience is allocated / freed between 1 and max_patience") {
  CollectionPolicy policy;
  policy.collected(8 * MiB, 2 * MiB); // 6 of 8 freed: 1
  CHECK(policy.patience() == 1);
  policy.collected(8 * MiB, 6 * MiB); // 4 of 8 freed: 2
  CHECK(policy.patience() == 2);
  CHECK(policy.threshold() == 4 * 2 * 6 * MiB);
  policy.collected(9 * MiB, 12 * MiB); // 3 of 9 freed: 3
  CHECK(policy.patience() == 3);
  policy.collected(8 * MiB, 18 * MiB); // 2 of 8 freed: a quarter, the most patience
  CHECK(policy.patience() == 4);
  policy.collected(8 * MiB, 25 * MiB); // 1 of 8 freed: capped at 4
  CHECK(policy.patience() == 4);
  // A productive collection after fruitless ones returns to the base rule.
  policy.collected(100 * MiB, 5 * MiB);
  CHECK(policy.patience() == 1);
  CHECK(policy.threshold() == 4 * 5 * MiB);
}

TEST_CASE("set_floor fixes the floor; the factor still applies above it") {
  CollectionPolicy policy;
  policy.set_floor(256 * KiB);
  CHECK(policy.threshold() == 256 * KiB);
  policy.collected(256 * KiB, 16 * KiB); // 240 of 256 KiB freed
  CHECK(policy.threshold() == 256 * KiB);
  policy.collected(256 * KiB, 200 * KiB); // 72 of 256 KiB freed: patience 3
  CHECK(policy.patience() == 3);
  CHECK(policy.threshold() == 4 * 3 * 200 * KiB);
}

} // namespace
} // namespace inko
