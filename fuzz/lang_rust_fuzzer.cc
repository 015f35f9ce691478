// Fuzz target for the "lang/rust" parsers (extract/lang/rust/rust_parsers.h), in memory. The
// first byte picks the input: a Cargo.lock, the audit JSON, a zlib stream holding the audit
// JSON, or an ELF file searched for its `.dep-v0` section. Invariants: no crash, no exception
// escapes, errors are kCorrupt or kLimitExceeded, every package has a non-empty name and version.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "extract/common/elf.h"
#include "extract/lang/rust/rust_parsers.h"

using namespace hullscan;
using namespace hullscan::extract::rust;

namespace {

void CheckError(const Error& e) {
  if (e.code() != ErrorCode::kCorrupt && e.code() != ErrorCode::kLimitExceeded) std::abort();
}

void Check(const Result<ParseOutput>& out) {
  if (!out) return CheckError(out.error());
  for (const Found& f : out->packages) {
    if (f.name.empty() || f.version.empty()) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0: Check(ParseCargoLock(bytes)); break;
    case 1: Check(ParseAuditJson(bytes)); break;
    case 2: {
      Result<std::string> json = InflateZlib(bytes, 1u << 20);
      if (!json) {
        CheckError(json.error());
      } else {
        Check(ParseAuditJson(*json));
      }
      break;
    }
    default: {
      extract::common::MemoryElfReader reader(bytes);
      Result<std::optional<ParseOutput>> out = ReadAuditableElf(reader);
      if (!out) {
        CheckError(out.error());
      } else if (*out) {
        Check(std::move(**out));
      }
      break;
    }
  }
  return 0;
}
