// A worker's own short list of recently released process stacks, in front
// of the shared StackPool: a process that starts right after another one
// ended on the same worker gets that stack, pages still resident, without
// a lock, a syscall or a page fault.
//
// Thread safety: one owner thread (the worker's) calls everything.
#pragma once

#include "stack/stack_pool.h"

#include <cstddef>
#include <vector>

namespace inko {

class StackCache {
public:
  explicit StackCache(std::size_t bound = 64) : bound_(bound) { stacks_.reserve(bound); }
  StackCache(const StackCache&) = delete;
  StackCache& operator=(const StackCache&) = delete;

  // The most recently released stack, else one from `pool`; a null-low
  // stack only when the address space is exhausted.
  Stack acquire(StackPool& pool) {
    if (stacks_.empty())
      return pool.acquire();
    Stack stack = stacks_.back();
    stacks_.pop_back();
    return stack;
  }

  void release(StackPool& pool, Stack stack) {
    if (stacks_.size() < bound_) {
      pool.forget_frames(stack);
      stacks_.push_back(stack);
      return;
    }
    pool.release(stack);
  }

  // Hands every cached stack back to `pool` (a worker that stops).
  void drain(StackPool& pool) {
    for (Stack stack : stacks_)
      pool.release(stack);
    stacks_.clear();
  }

  std::size_t size() const { return stacks_.size(); }

private:
  const std::size_t bound_;
  std::vector<Stack> stacks_;
};

} // namespace inko
