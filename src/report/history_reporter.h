// History reporters: `hullscan history`, the image's build steps with what each layer added.
//
// "table" (HistoryTableReporter) prints what `docker image history` prints, plus three columns:
//   IMAGE  CREATED  CREATED BY  SIZE  COMPRESSED  FILES  PKGS  COMMENT
// - rows newest first (reverse config history order), one per history entry (empty_layer
//   entries included); an image without history gets one row per layer;
// - IMAGE: the short config id (12 hex digits of the config digest) on the first row and
//   "<missing>" on the others, as docker shows a pulled image;
// - CREATED: go-units HumanDuration(now - created) + " ago"; "N/A" when the entry has no
//   parseable created time;
// - CREATED BY: tabs (and every other control character) replaced by spaces, cut to 45
//   display columns with "…" (docker's Ellipsis) unless no_trunc;
// - SIZE: the layer's uncompressed content bytes (LayerInfo::size_bytes, what docker's SIZE
//   shows) as go-units HumanSizeWithPrecision(size, 3): "74.8MB"; "0B" for empty layers;
// - COMPRESSED: the blob size the same way; "-" when unknown or for an empty layer;
// - FILES: regular files in the layer; "0" for empty layers; "-" when the layer is unknown;
// - PKGS: "+added -removed ~changed" from ScanReport::layer_changes; "-" for empty layers;
// - COMMENT: last column, not padded.
// Columns are padded like docker's tabwriter (min width 10, padding 3); trailing spaces are
// trimmed from each line.
//
// "json" (HistoryJsonReporter) keeps config order (oldest first, the order of the config's
// "history" array, so "index" is the position there), never truncates, and gives exact
// numbers:
//   {"schema_version": 1, "image": {"ref", "config_digest"},
//    "history": [{"index", "created", "created_by", "author", "comment", "empty_layer",
//                 "layer_index", "digest", "diff_id", "size_bytes", "compressed_size_bytes",
//                 "file_count", "packages_added", "packages_removed", "packages_changed"}]}
// An image without history gets one entry per layer, with "index" null. Layer fields
// (digest ... file_count) are null for entries without a layer;
// compressed_size_bytes is null when unknown; packages_* are null when ApplyLayers recorded
// no change for the layer.
// Thread-safety: immutable; Write() is reentrant.
#pragma once

#include "report/reporter.h"

namespace hullscan::report {

class HistoryTableReporter final : public Reporter {
 public:
  explicit HistoryTableReporter(HistoryOptions options) : options_(options) {}
  Status Write(const model::ScanReport& report, ByteSink& out) const override;

 private:
  HistoryOptions options_;
};

class HistoryJsonReporter final : public Reporter {
 public:
  Status Write(const model::ScanReport& report, ByteSink& out) const override;
};

}  // namespace hullscan::report
