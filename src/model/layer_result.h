// LayerResult: what one streaming pass over one layer found, and the Inventory that
// ApplyLayers builds from all of them. Plain data; persisted by store::LayerCache, so every
// field must survive a JSON round trip (see store/layer_result_json.*).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/diagnostic.h"
#include "model/package.h"

namespace hullscan::model {

/// An OS identification file seen in a layer (os-release, alpine-release, ...).
struct DistroFact {
  std::string path;  ///< "/etc/os-release", "/usr/lib/os-release", "/etc/alpine-release", ...
  Distro distro;
  bool operator==(const DistroFact&) const = default;
};

/// A file that an OS package's file list names, recorded only where a language package's
/// evidence may live (extract::MayHoldLanguagePackage): enough to tell which language packages
/// the OS package manager installed.
struct OwnedFile {
  std::string path;   ///< absolute, normalised
  std::string owner;  ///< the OS package's name ("python3-urllib3")
  bool operator==(const OwnedFile&) const = default;
};

struct LayerResult {
  std::string diff_id;
  std::string cache_key;  ///< diff_id + extractor set (store::LayerCache)
  /// Packages found, each with the path of its evidence.
  std::vector<Package> packages;
  /// Every evidence file an extractor read in this layer, even when it held no packages: a
  /// newer copy of a package DB replaces all packages an older layer had at that path.
  std::vector<std::string> evidence_paths;
  std::vector<DistroFact> distro_facts;
  /// Files owned by OS packages, from the package managers' file lists read in this layer.
  std::vector<OwnedFile> owned_files;
  /// Whiteouts: absolute paths this layer deletes from the layers below (".wh.NAME").
  std::vector<std::string> deleted_paths;
  /// Opaque directories: absolute dirs whose lower-layer content this layer hides.
  std::vector<std::string> opaque_dirs;
  uint64_t entry_count = 0;          ///< tar entries
  uint64_t file_count = 0;           ///< regular files (hard links excluded)
  uint64_t content_bytes = 0;        ///< sum of regular file sizes ("docker history" SIZE)
  uint64_t tar_bytes = 0;            ///< uncompressed tar stream length
  std::vector<Diagnostic> diagnostics;

  bool operator==(const LayerResult&) const = default;
};

/// Per-layer package changes, computed by ApplyLayers from the state after each layer.
struct LayerChange {
  int layer_index = 0;
  int added = 0;    ///< packages visible after this layer that were not before
  int removed = 0;  ///< packages visible before that are gone after
  int changed = 0;  ///< same (type, name, path) at a different version
};

/// The final view of the image: packages present in the top layer's filesystem, each with the
/// layer that introduced it, and the OS.
struct Inventory {
  Distro distro;                      ///< resolved from distro_facts by the scanner
  std::vector<DistroFact> distro_facts;  ///< OS files visible in the final image, by path
  std::vector<Package> packages;  ///< sorted by PackageLess
  std::vector<LayerChange> layer_changes;  ///< one per layer, in layer order
};

}  // namespace hullscan::model
