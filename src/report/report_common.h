// Helpers shared by the reporters of this module (not used outside it): the one deterministic
// package order, layer lookups, the host-path-free display form of an image reference, and
// content-derived identifiers (UUIDs, short hashes) for documents that need unique ids but must
// stay byte-identical between runs. Pure functions; thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/byte_io.h"
#include "base/json.h"
#include "base/status.h"
#include "model/image_info.h"

namespace hullscan::report {

/// A total order on packages: model::PackageLess first (type, name, version, arch, path), then
/// every other field, so that the output does not depend on the input order even for packages
/// that PackageLess considers equal.
bool PackageTotalLess(const model::Package& a, const model::Package& b);

/// A copy of `packages` sorted by PackageTotalLess.
std::vector<model::Package> SortedPackages(const std::vector<model::Package>& packages);

/// Layers sorted by LayerInfo::index.
std::vector<model::LayerInfo> SortedLayers(const std::vector<model::LayerInfo>& layers);

/// Diagnostics sorted by (layer_index, stage, path, extractor, code, message).
std::vector<model::Diagnostic> SortedDiagnostics(const std::vector<model::Diagnostic>& diagnostics);

/// Looks layers and layer changes up by their index. REQUIRES: `report` outlives this object.
class LayerIndex {
 public:
  explicit LayerIndex(const model::ScanReport& report);
  /// The layer with LayerInfo::index == index, or nullptr.
  const model::LayerInfo* Layer(int index) const;
  /// The layer made by history entry `history_index`: the entry's layer_index, else the layer
  /// whose history_index points at it. nullptr for empty layers and unknown ones.
  const model::LayerInfo* LayerForHistory(int history_index) const;
  /// The package changes of layer `index`, or nullptr when ApplyLayers recorded none.
  const model::LayerChange* Change(int index) const;
  /// The command that made layer `index`: LayerInfo::created_by, else its history entry's.
  std::string CreatedBy(int index) const;
  /// The diff_id of layer `index`, or "".
  std::string DiffId(int index) const;

 private:
  const model::ScanReport& report_;
  std::map<int, const model::LayerInfo*> layers_;
  std::map<int, const model::LayerChange*> changes_;
};

/// The image reference with any absolute host path replaced by its last component:
/// "/home/me/img.tar" -> "img.tar", "oci-archive:/tmp/x/img.tar:v1" -> "oci-archive:img.tar:v1".
/// Registry references ("docker.io/library/debian:12") are returned unchanged.
std::string DisplayRef(std::string_view ref);

/// A name for the image: DisplayRef(ref), else the first repo tag, else "image".
std::string ImageName(const model::ImageInfo& image);

/// An RFC 4122 UUID string ("xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx") made from the SHA-256 of
/// `content`, with the version bits set to 5 and the variant bits to 10 (name-based, like v5,
/// but with SHA-256 in place of SHA-1).
std::string UuidFromContent(std::string_view content);

/// The first `n` (<= 64) lowercase hex digits of the SHA-256 of `content`.
std::string ShortHash(std::string_view content, size_t n);

/// The hex part of "sha256:<hex>" (anything after the first ':'), or "" when there is none.
std::string DigestHex(std::string_view digest);

/// Serialises `doc` (2-space indent, "\n" at the end) and writes it. kInternal if nlohmann
/// throws (it should not: invalid UTF-8 is replaced, not rejected).
Status WriteJson(const OrderedJson& doc, ByteSink& out);

/// Serialises `doc` like WriteJson, into a string.
Result<std::string> DumpOrdered(const OrderedJson& doc);

}  // namespace hullscan::report
