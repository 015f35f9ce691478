// ImageInfo and ScanReport: what reporters receive. Plain data; everything a reporter prints
// is in here (tool version and time included), so reporters are pure functions of it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/diagnostic.h"
#include "model/finding.h"
#include "model/layer_result.h"
#include "model/package.h"

namespace hullscan::model {

struct LayerInfo {
  int index = 0;                      ///< 0-based index into the manifest's layers
  std::string digest;                 ///< compressed blob digest
  std::string diff_id;                ///< uncompressed digest
  std::string media_type;
  int64_t compressed_size_bytes = -1; ///< blob size; -1 when unknown
  uint64_t size_bytes = 0;            ///< uncompressed content (sum of regular file sizes)
  uint64_t tar_bytes = 0;             ///< uncompressed tar stream length
  uint64_t file_count = 0;
  int history_index = -1;             ///< the history entry that made it; -1 when unknown
  std::string created_by;
  bool from_cache = false;
};

struct HistoryEntry {
  std::string created;     ///< RFC 3339 as in the config; "" when absent
  std::string created_by;
  std::string author;
  std::string comment;
  bool empty_layer = false;
  int layer_index = -1;    ///< -1 for empty layers
};

struct ImageInfo {
  std::string ref;              ///< the reference as the user gave it
  std::string source_kind;      ///< "docker-archive", "oci", "oci-archive", "dir"
  std::string config_digest;
  std::string manifest_digest;
  std::string os;
  std::string architecture;
  std::string variant;
  std::string created;
  std::vector<std::string> repo_tags;
  std::vector<LayerInfo> layers;
  std::vector<HistoryEntry> history;
};

/// One imported feed, as `db status` and reports show it.
struct FeedStatus {
  std::string name;         ///< "osv:Go/all.zip", "alpine-secdb:v3.20/main.json", "kev", "epss"
  std::string format;       ///< importer format name ("osv", "alpine-secdb", ...)
  std::string as_of;        ///< newest date the data states
  uint64_t records = 0;
  std::string source;       ///< where it was imported from (path or URL)
  std::string fingerprint;  ///< "sha256:…" of the file (or the server's ETag)
  std::string imported_at;  ///< RFC 3339
  uint64_t skipped = 0;     ///< entries the importer left out (unparsable versions, ...)
};

/// The advisory DB a vulnerability scan used.
struct DbInfo {
  int schema_version = 0;
  std::vector<FeedStatus> feeds;  ///< sorted by name
};

struct ScanReport {
  std::string tool_name = "hullscan";
  std::string tool_version;
  int64_t timestamp = 0;  ///< unix seconds, from the injected Clock
  ImageInfo image;
  Distro distro;
  std::vector<Package> packages;  ///< sorted by PackageLess, layer_index filled
  std::vector<LayerChange> layer_changes;
  std::vector<Diagnostic> diagnostics;
  /// Set by a vulnerability scan (`hullscan scan`); an SBOM run leaves it false and findings empty.
  bool vulnerability_scan = false;
  DbInfo db;
  /// Sorted by (target, package, id); package_index points into `packages`.
  std::vector<Finding> findings;
};

}  // namespace hullscan::model
