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
  policy.collected(8 * MiB, 8 * MiB);
  CHECK(policy.patience() == CollectionPolicy::max_patience);
  CHECK(policy.threshold() == 4 * 4 * 8 * MiB);
  // Still growing, now large: factor 2, still patient.
  policy.collected(128 * MiB, 136 * MiB);
  CHECK(policy.patience() == 4);
  CHECK(policy.threshold() == 2 * 4 * 136 * MiB);
}

TEST_CASE("the patience is allocated / freed between 1 and max_patience") {
  CollectionPolicy policy;
  policy.collected(32 * MiB, 8 * MiB); // 24 of 32 freed: 1
  CHECK(policy.patience() == 1);
  policy.collected(32 * MiB, 24 * MiB); // 16 of 32 freed: 2
  CHECK(policy.patience() == 2);
  CHECK(policy.threshold() == 4 * 2 * 24 * MiB);
  policy.collected(9 * MiB, 30 * MiB); // 3 of 9 freed: 3
  CHECK(policy.patience() == 3);
  policy.collected(8 * MiB, 36 * MiB); // 2 of 8 freed: a quarter, the most patience
  CHECK(policy.patience() == 4);
  CHECK(policy.threshold() == 2 * 4 * 36 * MiB); // large from 32 MiB on
  policy.collected(8 * MiB, 43 * MiB);           // 1 of 8 freed: capped at 4
  CHECK(policy.patience() == 4);
  // A productive collection after fruitless ones returns to the base rule.
  policy.collected(100 * MiB, 5 * MiB);
  CHECK(policy.patience() == 1);
  CHECK(policy.threshold() == 4 * 5 * MiB);
}

TEST_CASE("heaps under patient_live_bytes keep the base rule") {
  CollectionPolicy policy;
  policy.collected(3 * MiB, 3 * MiB); // nothing freed, but small
  CHECK(policy.patience() == 1);
  CHECK(policy.threshold() == 4 * 3 * MiB);
  policy.collected(12 * MiB, 15 * MiB); // nothing freed, now 15 MiB live
  CHECK(policy.patience() == 4);
  CHECK(policy.threshold() == 4 * 4 * 15 * MiB);
}

TEST_CASE("set_floor fixes the floor; the factor still applies above it") {
  CollectionPolicy policy;
  policy.set_floor(256 * KiB);
  CHECK(policy.threshold() == 256 * KiB);
  policy.collected(256 * KiB, 16 * KiB); // 240 of 256 KiB freed
  CHECK(policy.threshold() == 256 * KiB);
  policy.collected(256 * KiB, 200 * KiB); // little freed, but a small heap
  CHECK(policy.patience() == 1);
  CHECK(policy.threshold() == 4 * 200 * KiB);
}

} // namespace
} // namespace inko
