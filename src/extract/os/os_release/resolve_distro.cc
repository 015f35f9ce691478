#include "extract/os/os_release/resolve_distro.h"

#include <array>
#include <string_view>

namespace hullscan::extract::os_release {

namespace {

constexpr std::string_view kDebianVersion = "/etc/debian_version";

// Most specific first: os-release is the one file every modern distribution maintains; the
// distribution-specific files are older and, on derivatives, misleading (Oracle Linux's
// redhat-release names Red Hat; Ubuntu ships a debian_version of "trixie/sid").
constexpr std::array<std::string_view, 7> kPrecedence = {
    "/etc/os-release",     "/usr/lib/os-release",  "/etc/alpine-release", "/etc/centos-release",
    "/etc/redhat-release", "/etc/system-release",  kDebianVersion,
};

// The last fact recorded for `path` with a non-empty id, or nullptr.
const model::Distro* LastFactFor(const std::vector<model::DistroFact>& facts, std::string_view path) {
  const model::Distro* found = nullptr;
  for (const model::DistroFact& f : facts) {
    if (f.path == path && !f.distro.id.empty()) found = &f.distro;
  }
  return found;
}

}  // namespace

model::Distro ResolveDistro(const std::vector<model::DistroFact>& facts) {
  model::Distro result;
  for (std::string_view path : kPrecedence) {
    if (const model::Distro* d = LastFactFor(facts, path)) {
      result = *d;
      break;
    }
  }
  if (result.id == "debian") {
    if (const model::Distro* dv = LastFactFor(facts, kDebianVersion)) {
      if (result.version_id.empty()) result.version_id = dv->version_id;
      if (result.codename.empty()) result.codename = dv->codename;
    }
  }
  return result;
}

}  // namespace hullscan::extract::os_release
