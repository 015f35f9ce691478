// Fuzz target for the "os/release" extractor: the first byte picks which release file the
// rest of the bytes are (byte % 5: 0 /etc/os-release, 1 /usr/lib/os-release, 2
// /etc/alpine-release, 3 /etc/debian_version, 4 /etc/redhat-release; the seeds use 'A'..'E'), fed in
// memory through the real extractor (extract/os/os_release); then ResolveDistro() runs over
// what was recorded.
// Invariants: no crash; at most one distro fact per file, recorded under the file's path; a
// fact from a one-line release file always has an id.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "extract/common/testing_io.h"
#include "extract/os/os_release/os_release_extractor.h"
#include "extract/os/os_release/resolve_distro.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hullscan;
  static constexpr std::array<std::string_view, 5> kPaths = {
      "/etc/os-release", "/usr/lib/os-release", "/etc/alpine-release", "/etc/debian_version",
      "/etc/redhat-release"};
  if (size == 0) return 0;
  const std::string path(kPaths[data[0] % kPaths.size()]);
  auto extractor = extract::os_release::NewOsReleaseExtractor();
  extract::common::RecordingSink sink;
  Status st = extract::common::ExtractFromMemory(
      *extractor, path, std::string(reinterpret_cast<const char*>(data + 1), size - 1), sink);
  if (sink.distros.size() > 1) std::abort();
  if (!st && !sink.distros.empty()) std::abort();
  for (const model::DistroFact& f : sink.distros) {
    if (f.path != path) std::abort();
    if (path.find("os-release") == std::string::npos && f.distro.id.empty()) std::abort();
  }
  model::Distro resolved = extract::os_release::ResolveDistro(sink.distros);
  if (sink.distros.empty() && !resolved.empty()) std::abort();
  return 0;
}
