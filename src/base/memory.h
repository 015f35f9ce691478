// Filling megabytes of fresh memory: a hint for large buffers, and an arena for many small byte
// strings kept together until a job ends.
//
// A page of fresh memory costs a page fault on first touch; filling a large buffer 4 KiB at a time
// makes thousands of them, and on a virtual machine each one is a trip through the hypervisor
// (about 15 µs on the 2-core development VM, where the findings of a 5,000-package scan, 10 MB,
// took 2,600 faults). Transparent huge pages fault 2 MiB at a time.
// Thread-safety: AdviseHugePages is a plain function; a ByteArena is used by one thread at a time.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace hullscan {

/// Asks the kernel to back the whole 2 MiB-aligned pages inside [data, data + bytes) with
/// transparent huge pages (Linux madvise(MADV_HUGEPAGE); honoured when
/// /sys/kernel/mm/transparent_hugepage/enabled is "always" or "madvise"). Only advice: the
/// contents are untouched, and nothing happens elsewhere, for small buffers, or when the kernel
/// declines. Worth it only for a buffer of several MiB that will be written soon, entirely.
void AdviseHugePages(void* data, size_t bytes);

/// Copies of byte strings, packed into 4 MiB blocks (2 MiB-aligned, advised for huge pages) and
/// freed together with the arena: for the many entries one job reads and keeps (a scan's match
/// index entries). A string larger than a block gets a block of its own.
class ByteArena {
 public:
  ByteArena() = default;
  ByteArena(const ByteArena&) = delete;
  ByteArena& operator=(const ByteArena&) = delete;
  ByteArena(ByteArena&& other) noexcept { *this = std::move(other); }
  ByteArena& operator=(ByteArena&& other) noexcept {
    blocks_ = std::move(other.blocks_);
    next_ = std::exchange(other.next_, nullptr);
    left_ = std::exchange(other.left_, 0);
    return *this;
  }

  /// A copy of `bytes`, valid until the arena is destroyed (a moved-to arena keeps it valid; a
  /// moved-from one starts empty).
  std::string_view Copy(std::string_view bytes);

 private:
  struct Free {
    void operator()(char* p) const;
  };
  std::vector<std::unique_ptr<char, Free>> blocks_;
  char* next_ = nullptr;  // free space of the last block
  size_t left_ = 0;
};

}  // namespace hullscan
