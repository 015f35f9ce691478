// Package, Distro and the small enums that name them: plain data, no I/O (DESIGN.md 1.1).
//
// A Package is one package found at one place in the image: `path` is where its evidence lives
// (the dpkg status file, the apk installed DB, a status.d file, an rpmdb, later a lockfile).
// Extractors fill identity and metadata; ApplyLayers fills `layer_index`.
// Versions are kept exactly as the package manager states them (dpkg with epoch; rpm as
// "[epoch:]version-release"). Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hullscan::model {

/// The purl type of a package; serialised by PackageTypeName() ("deb", "apk", ...).
enum class PackageType { kDeb, kApk, kRpm, kNpm, kPypi, kMaven, kGolang, kCargo, kGem, kComposer, kNuget };

std::string_view PackageTypeName(PackageType t);
std::optional<PackageType> ParsePackageType(std::string_view s);

/// Facts about the operating system of the image, from os-release and friends.
struct Distro {
  std::string id;           ///< os-release ID: "debian", "alpine", "rhel", "amzn", "mariner", ...
  std::string version_id;   ///< "12", "3.20.3", "2023"
  std::string codename;     ///< VERSION_CODENAME: "bookworm" (derived for Debian when absent)
  std::string name;         ///< NAME
  std::string pretty_name;  ///< PRETTY_NAME
  std::string id_like;      ///< ID_LIKE
  bool empty() const { return id.empty(); }
  bool operator==(const Distro&) const = default;
};

/// One more place where the same package was found (a lockfile beside node_modules).
struct PackageLocation {
  std::string path;
  int layer_index = -1;
  bool operator==(const PackageLocation&) const = default;
};

struct Package {
  PackageType type = PackageType::kDeb;
  std::string name;
  std::string version;         ///< as the package manager states it
  std::string arch;
  std::string source_name;     ///< dpkg Source / apk origin / rpm source rpm name
  std::string source_version;  ///< dpkg Source version (defaults to the binary version)
  std::string license;
  std::string vendor;          ///< rpm Vendor
  std::string maintainer;
  std::string modularity_label;  ///< rpm modularitylabel
  // rpm parts, kept apart for matching (version above is the full EVR)
  std::string epoch;
  std::string release;
  std::string source_rpm;      ///< rpm SOURCERPM file name
  std::string path;            ///< absolute path of the evidence inside the image
  std::string extractor;       ///< name of the extractor that found it ("os/dpkg")
  /// A development-only dependency, as its lockfile marks it (npm "dev", composer
  /// "packages-dev", Pipfile "develop"); still reported, so that a policy can drop it.
  bool dev = false;
  /// The project's own manifest (a package.json beside its lockfile or node_modules): listed,
  /// never matched (its name may collide with a published package).
  bool project = false;
  /// Listed by a lockfile whose project has installed packages (node_modules) that lack it (a
  /// later layer deleted it, or it was never installed): listed, never matched. Set by ApplyLayers.
  bool not_installed = false;
  /// The OS package whose file list holds `path` (dpkg info/*.list or status.d md5sums, the apk
  /// DB, the rpm DB): it belongs to that package and is matched only through the distro's data.
  /// Set by ApplyLayers.
  std::string os_owner;
  /// Further places of this package in one project, each with the layer that brought it (the
  /// lockfile entry of a package installed in node_modules). Set by ApplyLayers.
  std::vector<PackageLocation> also_at;
  int layer_index = -1;        ///< layer that introduced it (filled by ApplyLayers)

  bool operator==(const Package&) const = default;
};

/// also_at as one line per location, "LAYER_INDEX:PATH" (SBOM properties and comments).
std::string FormatLocations(const std::vector<PackageLocation>& locations);
/// The inverse of FormatLocations; malformed lines are skipped.
std::vector<PackageLocation> ParseLocations(std::string_view text);

/// Orders packages by (type, name, version, arch, path): the one order of every output.
bool PackageLess(const Package& a, const Package& b);

/// Name and "version-release" of a source rpm file name (SOURCERPM; it carries no epoch):
/// "openssl-3.0.8-1.amzn2023.0.1.src.rpm" -> {"openssl", "3.0.8-1.amzn2023.0.1"}.
/// nullopt when the name does not have the form NAME-VERSION-RELEASE.(src|nosrc).rpm.
struct SourceRpm {
  std::string name;
  std::string version;
};
std::optional<SourceRpm> ParseSourceRpm(std::string_view file_name);

}  // namespace hullscan::model
