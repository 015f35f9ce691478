// Scanner: wires source -> layers -> extract -> apply into a ScanReport (DESIGN.md 1.1: the only
// module that sees every stage). Matching and policy join here in later stages.
//
// Layers run in parallel, one stream per thread (at most `parallelism` at once). A layer whose
// cache key (diffID + extractor set) is in the LayerCache is not read at all. A layer that
// fails to read (corrupt, truncated, digest mismatch, limit) fails the scan with the layer
// named; per-file problems are Diagnostics in the report. Thread-safety: BuildInventory may
// be called concurrently with different options.
#pragma once

#include <cstddef>
#include <string>

#include "base/status.h"
#include "extract/runner.h"
#include "image/image_source.h"
#include "model/image_info.h"

namespace hullscan::scan {

struct InventoryOptions {
  image::SourceOptions source;
  /// Layer cache directory; empty disables the cache.
  std::string cache_dir;
  size_t parallelism = 2;
  /// Parent of our temp dir (empty: $TMPDIR or /tmp).
  std::string temp_parent;
  std::string tool_version;
  int64_t now_unix_seconds = 0;
  /// OS packages, language packages or both (--pkg-types).
  extract::PackageTypes package_types;
};

struct InventoryStats {
  int layers_total = 0;
  int layers_from_cache = 0;
  std::string cache_warning;  ///< why the cache was not used, if it was not
};

/// Reads the image and returns its inventory report (packages with their layers, OS, layers,
/// history, per-layer changes, diagnostics). Errors: those of ImageSource::Open and of reading a
/// layer, with context "layer I/N DIGEST".
Result<model::ScanReport> BuildInventory(const image::ImageRef& ref, const InventoryOptions& opts,
                                         InventoryStats* stats = nullptr);

}  // namespace hullscan::scan
