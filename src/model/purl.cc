#include "model/purl.h"

#include <map>

namespace hullscan::model {

std::string PercentEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
        c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

namespace {
std::string MajorMinor(const std::string& v) {
  size_t dot = v.find('.');
  if (dot == std::string::npos) return v;
  size_t dot2 = v.find('.', dot + 1);
  return dot2 == std::string::npos ? v : v.substr(0, dot2);
}
std::string Major(const std::string& v) { return v.substr(0, v.find('.')); }
}  // namespace

std::string RpmNamespace(const Distro& d) {
  const std::string& id = d.id;
  if (id == "rhel") return "redhat";
  if (id == "amzn") return "amazon";
  if (id == "opensuse-leap" || id == "opensuse-tumbleweed" || id == "opensuse") return "opensuse";
  if (id == "sles" || id == "sle-micro") return "suse";
  if (id == "ol") return "oracle";
  if (id.empty()) return "rpm";
  return id;  // centos, fedora, almalinux, rocky, mariner, azurelinux, photon
}

std::string Purl(const Package& p, const Distro& d) {
  std::string ns;
  std::map<std::string, std::string> q;
  std::string version = p.version;
  switch (p.type) {
    case PackageType::kDeb:
      ns = d.id.empty() ? "debian" : d.id;
      if (!p.arch.empty()) q["arch"] = p.arch;
      if (!d.id.empty()) q["distro"] = d.id + "-" + d.version_id;
      break;
    case PackageType::kApk:
      ns = d.id.empty() ? "alpine" : d.id;
      if (!p.arch.empty()) q["arch"] = p.arch;
      if (!d.id.empty()) q["distro"] = d.id + "-" + d.version_id;
      break;
    case PackageType::kRpm:
      ns = RpmNamespace(d);
      if (!p.arch.empty()) q["arch"] = p.arch;
      if (!d.id.empty()) q["distro"] = d.id + "-" + d.version_id;
      if (!p.epoch.empty() && p.epoch != "0") q["epoch"] = p.epoch;
      // The purl version is version-release; the epoch is a qualifier.
      if (!p.epoch.empty()) {
        size_t colon = version.find(':');
        if (colon != std::string::npos) version = version.substr(colon + 1);
      }
      break;
    default:
      break;
  }
  std::string out = "pkg:";
  out += PackageTypeName(p.type);
  out += '/';
  if (!ns.empty()) {
    out += PercentEncode(ns);
    out += '/';
  }
  out += PercentEncode(p.name);
  if (!version.empty()) {
    out += '@';
    out += PercentEncode(version);
  }
  char sep = '?';
  for (const auto& [k, v] : q) {
    out += sep;
    out += k;
    out += '=';
    out += PercentEncode(v);
    sep = '&';
  }
  return out;
}

std::string OsvEcosystem(const Package& p, const Distro& d) {
  switch (p.type) {
    case PackageType::kDeb:
      if (d.id == "debian" && !d.version_id.empty()) return "Debian:" + Major(d.version_id);
      if (d.id == "ubuntu" && !d.version_id.empty()) return "Ubuntu:" + d.version_id;
      return "";
    case PackageType::kApk:
      if (d.id == "alpine" && !d.version_id.empty()) return "Alpine:v" + MajorMinor(d.version_id);
      if (d.id == "wolfi") return "Wolfi";
      if (d.id == "chainguard") return "Chainguard";
      return "";
    case PackageType::kRpm:
      if (d.id == "almalinux") return "AlmaLinux:" + Major(d.version_id);
      if (d.id == "rocky") return "Rocky Linux:" + Major(d.version_id);
      if (d.id == "rhel") return "Red Hat";
      if (d.id == "mariner") return "Mariner:" + d.version_id;
      if (d.id == "azurelinux") return "Azure Linux:" + d.version_id;
      if (d.id == "opensuse-leap") return "openSUSE:Leap " + d.version_id;
      if (d.id == "sles") return "SUSE:Linux Enterprise Server " + d.version_id;
      return "";
    case PackageType::kNpm: return "npm";
    case PackageType::kPypi: return "PyPI";
    case PackageType::kMaven: return "Maven";
    case PackageType::kGolang: return "Go";
    case PackageType::kCargo: return "crates.io";
    case PackageType::kGem: return "RubyGems";
    case PackageType::kComposer: return "Packagist";
    case PackageType::kNuget: return "NuGet";
  }
  return "";
}

}  // namespace hullscan::model
