// ParallelFor: run fn(i) for i in [0, n) on at most `max_threads` threads (the calling thread
// included). Used to process layers in parallel: each index is one stream on one thread.
// fn must be thread-safe across different i; results are written to per-index slots.
#pragma once

#include <cstddef>
#include <functional>

namespace hullscan {

void ParallelFor(size_t n, size_t max_threads, const std::function<void(size_t)>& fn);

/// The default parallelism: the number of online CPUs (at least 1).
size_t DefaultParallelism();

}  // namespace hullscan
