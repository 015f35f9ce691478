// Fuzz target for the "os/dpkg" extractor: the bytes are a /var/lib/dpkg/status file, fed in
// memory through the real extractor (extract/os/dpkg) and the deb822 StanzaReader below it,
// then the same bytes as a file list (info/<pkg>.list and status.d/<pkg>.md5sums).
// Invariants: no crash, no unbounded warnings, every package has a name, a version, the deb
// type, the evidence path and source fields filled; file lists give no package, and every
// owned file is an absolute path owned by the list's package.
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
  for (const char* list : {"/var/lib/dpkg/info/pkg:amd64.list", "/var/lib/dpkg/status.d/pkg.md5sums"}) {
    extract::common::RecordingSink files;
    Status ok = extract::common::ExtractFromMemory(*extractor, list,
                                                   std::string(reinterpret_cast<const char*>(data), size), files);
    if (!ok || !files.packages.empty()) std::abort();
    for (const model::OwnedFile& f : files.owned_files) {
      if (f.path.empty() || f.path[0] != '/' || f.owner != "pkg") std::abort();
    }
  }
  return 0;
}
