// The free lists of a pool of page-backed pieces of memory (heap blocks,
// stacks): warm pieces keep their pages; released beyond the warm bound a
// piece is dirty until a batch of them has its pages returned to the kernel
// (one round of system calls per batch), and then cold, like the pieces
// never used.
//
// Thread safety: the owner's mutex guards the lists (it guards the owner's
// regions too); release and make_cold take it themselves and drop it for
// the system calls, when the pieces they return are on no list.
#pragma once

#include <cstddef>
#include <mutex>
#include <vector>

namespace inko {

template <typename Piece> class PageFreeLists {
public:
  PageFreeLists(std::size_t warm_bound, std::size_t dirty_batch)
      : warm_bound_(warm_bound), dirty_batch_(dirty_batch == 0 ? 1 : dirty_batch) {}

  // With the mutex held: the list to hand a piece out from, warm first,
  // then dirty (its pages are still resident, and reusing it spares the
  // system call), then cold (possibly empty).
  std::vector<Piece>& next_to_hand_out() {
    return !warm.empty() ? warm : !dirty.empty() ? dirty : cold;
  }

  // Files a released piece; a full batch of dirty pieces goes cold, its
  // pages returned by `return_pages(std::vector<Piece>&)`.
  template <typename ReturnPages>
  void release(std::mutex& mutex, Piece piece, ReturnPages&& return_pages) {
    std::vector<Piece> batch;
    {
      std::lock_guard lock(mutex);
      if (warm.size() < warm_bound_) {
        warm.push_back(piece);
        return;
      }
      dirty.push_back(piece);
      if (dirty.size() < dirty_batch_)
        return;
      batch.swap(dirty);
    }
    make_cold(mutex, batch, return_pages);
  }

  // Returns the pages of `batch`, pieces taken off every list, and puts
  // them on the cold list.
  template <typename ReturnPages>
  void make_cold(std::mutex& mutex, std::vector<Piece>& batch, ReturnPages&& return_pages) {
    return_pages(batch);
    std::lock_guard lock(mutex);
    cold.insert(cold.end(), batch.begin(), batch.end());
  }

  std::vector<Piece> warm;  // pages resident
  std::vector<Piece> dirty; // beyond the warm bound, pages not yet returned
  std::vector<Piece> cold;  // never used, or pages returned

private:
  const std::size_t warm_bound_;
  const std::size_t dirty_batch_;
};

} // namespace inko
