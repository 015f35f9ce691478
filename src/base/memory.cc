#include "base/memory.h"

#include <cstdint>
#include <cstring>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace hullscan {

void AdviseHugePages(void* data, size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr uintptr_t kHugePage = uintptr_t{2} << 20;
  uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + kHugePage - 1) & ~(kHugePage - 1);
  uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(kHugePage - 1);
  if (end <= begin) return;
  // Advice: a kernel without THP says EINVAL, and the buffer works the same.
  (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

namespace {

constexpr size_t kBlockBytes = size_t{4} << 20;
constexpr std::align_val_t kBlockAlign{size_t{2} << 20};

}  // namespace

void ByteArena::Free::operator()(char* p) const { ::operator delete[](p, kBlockAlign); }

std::string_view ByteArena::Copy(std::string_view bytes) {
  if (bytes.empty()) return {};
  if (bytes.size() > left_) {
    size_t n = bytes.size() > kBlockBytes ? bytes.size() : kBlockBytes;
    char* block = static_cast<char*>(::operator new[](n, kBlockAlign));
    blocks_.emplace_back(block);
    AdviseHugePages(block, n);
    if (n > kBlockBytes) {
      // A string of its own: the current block keeps its free space.
      std::memcpy(block, bytes.data(), bytes.size());
      return {block, bytes.size()};
    }
    next_ = block;
    left_ = n;
  }
  char* out = next_;
  std::memcpy(out, bytes.data(), bytes.size());
  next_ += bytes.size();
  left_ -= bytes.size();
  return {out, bytes.size()};
}

}  // namespace hullscan
