// Fuzz target for the "os/apk" extractor: the bytes are a /lib/apk/db/installed file, fed in
// memory through the real extractor (extract/os/apk).
// Invariants: no crash, no unbounded warnings, and every package has a name, a version, the
// apk type, the evidence path, and source fields filled.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "extract/common/testing_io.h"
#include "extract/common/warning_budget.h"
#include "extract/os/apk/apk_extractor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hullscan;
  const std::string path = "/lib/apk/db/installed";
  auto extractor = extract::apk::NewApkExtractor();
  extract::common::RecordingSink sink;
  Status st = extract::common::ExtractFromMemory(
      *extractor, path, std::string(reinterpret_cast<const char*>(data), size), sink);
  if (!st && !sink.packages.empty()) std::abort();
  if (sink.warnings.size() > extract::common::WarningBudget::kDefaultMaxWarnings + 1) std::abort();
  for (const model::Package& p : sink.packages) {
    if (p.type != model::PackageType::kApk || p.name.empty() || p.version.empty() || p.path != path ||
        p.source_name.empty() || p.source_version != p.version) {
      std::abort();
    }
  }
  return 0;
}
