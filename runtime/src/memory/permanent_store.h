// Where the permanent cells of a finished process stay (P8): a heap's block
// that holds a promoted cell (Heap::promote), or a promoted large object,
// outlives the heap. Other processes may still read those cells, so the
// memory is never freed; it stays reachable from here so that leak checkers
// count it as used. The block's other cells are not reused.
//
// Thread safety: any worker that frees a heap may call these.
#pragma once

#include <cstddef>

namespace inko {

struct Block;
struct LargeObject;

void keep_permanent_block(Block* block);
void keep_permanent_large_object(LargeObject* object);
// How many blocks and large objects are kept so far.
std::size_t kept_permanent_memory();

} // namespace inko
