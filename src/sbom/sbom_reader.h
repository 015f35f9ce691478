// SBOM input: a CycloneDX or SPDX JSON document -> the package inventory hullscan scans, so that
// `hullscan scan` of an SBOM gives the same findings as a scan of the image it describes
// (DESIGN.md 0, "an SBOM of an image scans to the same findings as the image"). Level 5: uses
// model and base only.
//
// Formats (detected by content, never by file name):
//   - CycloneDX JSON 1.4, 1.5, 1.6 (https://cyclonedx.org/docs/1.6/json/): "bomFormat":
//     "CycloneDX" + "specVersion". Packages are the components (nested ones included) with a
//     purl; the OS comes from a component of type "operating-system" (or metadata.component).
//   - SPDX JSON 2.2, 2.3 (https://spdx.github.io/spdx-spec/v2.3/): "spdxVersion". Packages are
//     those with an externalRefs purl; the OS is the package whose primaryPackagePurpose is
//     OPERATING-SYSTEM (or OPERATING_SYSTEM, as hullscan writes it).
// Identity comes from the purl (see purl.h): type -> model::PackageType (deb apk rpm npm pypi
// maven golang cargo gem composer nuget; others are a diagnostic and skipped), maven
// "namespace:name", golang/composer/npm "namespace/name", the version as written (rpm: the
// "epoch" qualifier is put back in front: "1:3.0.7-25.el9_3", release = after the last '-'),
// qualifiers arch and distro ("debian-12" -> id debian, version_id 12; split at the last '-'),
// and "upstream" (Syft: deb "name" or "name@version", apk origin, rpm source rpm file name).
// What hullscan itself writes is read back exactly (CycloneDX properties hullscan:layer_index,
// hullscan:package:path, hullscan:source_name, hullscan:source_version, hullscan:extractor,
// hullscan:package:source_rpm, hullscan:package:release, hullscan:package:modularity_label,
// hullscan:vendor, hullscan:maintainer, hullscan:os:*; SPDX package "comment" keys
// layer_index= path= source_name= source_version= source_rpm= and "sourceInfo"), so that a
// hullscan SBOM round-trips to the same packages. Trivy (aquasecurity:trivy:SrcName,
// SrcVersion, SrcRelease, SrcEpoch, FilePath) and Syft (syft:location:0:path,
// syft:metadata:source, syft:metadata:sourceRpm, SPDX sourceInfo "...: /path") properties
// are read too. For documents not written by hullscan, the extractors' defaults apply: a deb
// or apk package without a source name is its own source, at its own version.
//
// Hostile input: every size and count is bounded by the constants below (kLimitExceeded);
// a document that is not JSON, or whose fields have the wrong JSON types, is kCorrupt with the
// JSON path of the field; an unknown spec version is kUnsupported naming it.
// Thread-safety: pure function; safe to call concurrently.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/diagnostic.h"
#include "model/package.h"

namespace hullscan::sbom {

/// Largest SBOM document read.
inline constexpr uint64_t kMaxSbomBytes = 128ull * 1024 * 1024;
/// JSON values (objects, arrays, scalars) in one document: bounds the memory of the parse.
inline constexpr uint64_t kMaxSbomJsonValues = 16'000'000;
/// JSON nesting depth.
inline constexpr uint64_t kMaxSbomDepth = 64;
/// Components (CycloneDX, nested ones included) or packages (SPDX) in one document.
inline constexpr uint64_t kMaxSbomComponents = 250'000;

struct SbomInventory {
  model::Distro distro;
  std::vector<model::Package> packages;  ///< sorted by model::PackageLess (document order on ties)
  std::string format;                    ///< "cyclonedx-1.6", "spdx-2.3", ...
  std::string name;                      ///< CycloneDX metadata.component.name / SPDX document name
  std::vector<model::Diagnostic> diagnostics;  ///< stage "sbom": components skipped, and why
};

/// Reads an SBOM document; `what` names it in messages (a file name).
/// Errors: kCorrupt (not JSON, wrong field types), kLimitExceeded, kUnsupported (another format
/// or spec version).
Result<SbomInventory> ReadSbom(std::string_view bytes, std::string_view what);

}  // namespace hullscan::sbom
