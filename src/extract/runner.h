// ExtractRunner: drives one pass over a layer's entries through the extractors (DESIGN.md 0).
//
// For each entry: whiteouts become deleted_paths / opaque_dirs; regular files are counted and,
// when an extractor Wants() them, handed to it as a FileInput over the entry's body (read once;
// when several extractors want the same file it is read once for all of them: into memory up to
// 8 MiB, spilled to the temp dir above that). A hard link whose path an extractor wants gets the
// results of its target (hard links cannot cross layers). Extractor
// errors become Diagnostics; a reader error (corrupt stream, digest mismatch, limit) fails the
// layer. Bodies nobody wants are never copied. Not thread-safe: one runner call per layer.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/limits.h"
#include "base/temp_dir.h"
#include "extract/extractor.h"
#include "layer/entry.h"
#include "model/layer_result.h"

namespace hullscan::extract {

using ExtractorList = std::vector<std::unique_ptr<PackageExtractor>>;

/// The extractors of a default scan, freshly made (one list per layer).
ExtractorList DefaultExtractors();

/// Which packages a scan looks for: OS packages ("os/..." extractors), language packages
/// ("lang/..."), or both. The OS identification ("os/release") is always kept.
struct PackageTypes {
  bool os = true;
  bool library = true;
};
/// DefaultExtractors() restricted to `types`.
ExtractorList DefaultExtractors(PackageTypes types);

/// A stable key for the set: sha256 over every extractor's "name@version" and the cache row
/// format, so a parser fix invalidates cached layers (DESIGN.md anti-pattern 7).
std::string ExtractorSetKey(const ExtractorList& extractors);

struct RunOptions {
  Limits limits;
  TempDir* temp_dir = nullptr;  ///< where Materialize() spills; required
  int layer_index = -1;         ///< copied into diagnostics
};

/// Runs one pass. Returns the layer's result (diff_id and cache_key left for the caller), or the
/// reader's error (kCorrupt, kLimitExceeded, kIo).
Result<model::LayerResult> RunExtractors(layer::EntryReader& reader, ExtractorList& extractors,
                                         const RunOptions& opts);

}  // namespace hullscan::extract
