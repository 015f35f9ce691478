// The Go binary extractor ("lang/golang"): lists the modules compiled into Go executables from
// their build information (go_buildinfo.h), as `go version -m` prints it:
//   - the main module ("mod" line; the "path" line when the binary was built outside module
//     mode, then with an empty version), version kept as stored ("(devel)");
//   - every "dep"; a dependency replaced with "=>" is reported under the replacement's path
//     and version, as Trivy and Syft do;
//   - the toolchain as the package "stdlib" with the Go version ("go1.19.8").
// Every package's path is the executable's path.
//
// Cost: Wants() takes regular files with an executable bit and a plausible size. Extract()
// reads the first 4 KiB; anything not ELF stops there. An ELF file that carries the Go build ID
// note is spilled with Materialize() (the pre-1.18 format points back into read-only data);
// any other ELF file is searched as a stream (forward only, no spill), which finds Go >= 1.18
// binaries built without a build ID. A file the runner already holds in memory
// (FileInput::InMemory(), when other extractors read it too) is read in place.
// Place in the pipeline: one of DefaultExtractors(). Thread-safety: one instance per layer.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "extract/extractor.h"
#include "extract/lang/golang/go_buildinfo.h"
#include "model/package.h"

namespace hullscan::extract::golang {

/// Executables larger than this are not read (kLimitExceeded is never raised: they are skipped).
inline constexpr uint64_t kMaxBinaryBytes = 512 * 1024 * 1024;
/// The smallest file that can hold an ELF header.
inline constexpr uint64_t kMinBinaryBytes = 52;

/// The packages of one decoded build info, in the order main, deps, stdlib; path left empty.
std::vector<model::Package> PackagesOf(const BuildInfo& bi);

class GolangExtractor final : public PackageExtractor {
 public:
  std::string_view name() const override { return "lang/golang"; }
  int version() const override { return 1; }
  /// Regular files with any executable bit, between kMinBinaryBytes and kMaxBinaryBytes, or of
  /// size 0 (hard links: the runner copies their target's results).
  bool Wants(const FileInfo& info) const override;
  Status Extract(FileInput& in, ExtractSink& out) override;

 private:
  static Status Emit(std::optional<RawBuildInfo> raw, const std::string& where, ExtractSink& out);
};

/// A new extractor instance (one per layer).
std::unique_ptr<PackageExtractor> NewGolangExtractor();

}  // namespace hullscan::extract::golang
