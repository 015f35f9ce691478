// JsonReporter: hullscan's own JSON document of a scan (format "json"): the image, its layers
// and history, every package with its purl, OSV ecosystem and the layer that introduced it,
// and the diagnostics of a partial scan. It is the complete, lossless view of a ScanReport
// that other tools (and `hullscan diff`) read; the SBOM formats are views of the same data.
//
// Shape (schema_version 1; keys always present, in this order; "" / -1 when unknown):
//   {"schema_version": 1, "tool": {"name", "version"}, "timestamp": RFC 3339,
//    "image": {"ref", "source_kind", "config_digest", "manifest_digest",
//              "os": {"id", "version_id", "codename", "name", "pretty_name", "id_like"},
//              "architecture", "variant", "platform_os", "created", "repo_tags": [...]},
//    "layers": [{"index", "digest", "diff_id", "media_type", "created_by", "history_index",
//                "size_bytes", "tar_bytes", "compressed_size_bytes", "file_count", "empty",
//                "packages_added", "packages_removed", "packages_changed"}],
//    "history": [{"index", "created", "created_by", "author", "comment", "empty_layer",
//                 "layer_index"}],
//    "packages": [{"type", "ecosystem", "name", "version", "arch", "purl", "source_name",
//                  "source_version", "epoch", "release", "source_rpm", "modularity_label",
//                  "license", "vendor", "maintainer", "layer_index", "layer_diff_id",
//                  "created_by", "path", "extractor"}],
//    "diagnostics": [{"stage", "layer_index", "path", "extractor", "code", "message"}],
//    and only for a vulnerability scan (ScanReport::vulnerability_scan, `hullscan scan`):
//    "db": {"schema_version", "feeds": [{"name", "format", "as_of", "records"}]},
//    "vulnerabilities": [{"id", "aliases", "package": {"type", "name", "version", "purl"},
//       "installed_version", "fixed_version", "status", "severity", "severity_source",
//       "cvss": {"vector", "score"} | null, "epss": {"score", "percentile"} | null, "kev",
//       "kev_date_added" (a string when kev, else null), "layer_index", "layer_diff_id",
//       "created_by", "target", "data_source", "title",
//       "match": {"matcher", "kind", "ecosystem", "name", "version", "scheme", "range"}}]}
//    ("package" is null only for a malformed finding whose package_index is out of range).
// Sorted: layers by index, packages by model::PackageLess (ties broken by every other field),
// diagnostics by (layer_index, stage, path, extractor, code, message), repo_tags
// lexicographically, vulnerabilities in the report's order (target, package, id), feeds as given
// (DbInfo keeps them sorted by name); history stays in config order (oldest first), which is its meaning.
// "image.ref" never holds an absolute host path (see DisplayRef). A layer is "empty" when its
// diff_id is the well-known digest of an empty tar (1024 zero bytes). Not included on purpose:
// LayerInfo::from_cache, which differs between a first and a second scan of the same image.
// packages_* are null when ApplyLayers recorded no change for the layer.
// Thread-safety: immutable; Write() is reentrant.
#pragma once

#include "report/reporter.h"

namespace hullscan::report {

/// Digest of a tar stream holding only the two zero end-of-archive blocks: the layer that
/// docker writes for a build step without file changes.
inline constexpr std::string_view kEmptyTarDiffId =
    "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";

class JsonReporter final : public Reporter {
 public:
  Status Write(const model::ScanReport& report, ByteSink& out) const override;
};

}  // namespace hullscan::report
