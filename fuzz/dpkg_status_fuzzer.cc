// Fuzz target for the "os/dpkg" extractor: the bytes are a /var/lib/dpkg/status file, fed in
// memory through the real extractor (extract/os/dpkg) and the deb822 StanzaReader below it.
// Invariants: no crash, no unbounded warnings, and every package has a name, a version, the
// deb type, the evidence path and source fields filled.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "extract/common/testing_io.h"
#include "extract/common/warning_budget.h"
#include "extract/os/dpkg/dpkg_extractor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hullscan;
  const std::string path = "/var/lib/dpkg/status";
  auto extractor = extract::dpkg::NewDpkgExtractor();
  extract::common::RecordingSink sink;
  Status st = extract::common::ExtractFromMemory(
      *extractor, path, std::string(reinterpret_cast<const char*>(data), size), sink);
  if (!st && !sink.packages.empty()) std::abort();  // an error is for files with no stanza at all
  if (sink.warnings.size() > extract::common::WarningBudget::kDefaultMaxWarnings + 1) std::abort();
  for (const model::Package& p : sink.packages) {
    if (p.type != model::PackageType::kDeb || p.name.empty() || p.version.empty() || p.path != path ||
        p.source_name.empty() || p.source_version.empty()) {
      std::abort();
    }
  }
  return 0;
}
