// CycloneDxReporter: the image inventory as a CycloneDX 1.6 JSON BOM (format "cyclonedx").
// Spec and schema: https://cyclonedx.org/docs/1.6/json/ ; checked in the tests against the
// official bom-1.6.schema.json (`../shared/schemas/validate.py cyclonedx-1.6`).
//
// What goes where:
//   - metadata.timestamp: ScanReport::timestamp; metadata.tools.components: the tool (1.6
//     object form; the 1.4 array form is deprecated).
//   - metadata.component: the image, type "container", name = image reference without host
//     paths, version = config digest, hashes = the config digest's SHA-256, properties
//     hullscan:image:* (source kind, manifest digest, platform, repo tags, layer diff_ids).
//   - components: the OS first (type "operating-system", name = os-release ID, version =
//     VERSION_ID), then one "library" component per package in model::PackageLess order, with
//     purl, licenses ({"license": {"name": ...}}: package managers do not promise valid SPDX
//     expressions, and a name is never rejected) and properties hullscan:package:type,
//     hullscan:ecosystem, hullscan:layer_index, hullscan:layer_diff_id, hullscan:created_by,
//     hullscan:package:path, hullscan:extractor, hullscan:source_name, hullscan:source_version,
//     hullscan:package:source_rpm, hullscan:package:release, hullscan:package:modularity_label,
//     hullscan:vendor, hullscan:maintainer (each only when not empty).
//   - bom-ref: the purl; when the same purl occurs more than once (one package at two
//     evidence paths), each copy gets "package-id=<16 hex of sha256(path, layer, extractor)>"
//     appended as one more qualifier, which keeps it unique and stable.
//   - serialNumber: "urn:uuid:" + a UUID (version 5 bits) from the SHA-256 of the document
//     serialised without it: unique per content, identical across runs.
//   - vulnerabilities (only for a vulnerability scan, ScanReport::vulnerability_scan): one per
//     finding, in the report's order: bom-ref "vulnerability:<id>@<component bom-ref>", id,
//     source.name = data source, one rating {source.name = severity source, score = CVSS base
//     score, severity (lowercase), method from the vector prefix (CVSSv31, CVSSv3, CVSSv4,
//     CVSSv2, other), vector}, description = title, recommendation when a fix exists,
//     affects[].ref = the package's component bom-ref, and properties hullscan:alias,
//     hullscan:installed_version, hullscan:fixed_version, hullscan:status, hullscan:epss:score,
//     hullscan:epss:percentile, hullscan:kev ("true"/"false"), hullscan:kev:date_added,
//     hullscan:target, hullscan:layer_index and hullscan:match:* (the --explain detail).
//   - No "dependencies": hullscan does not know package-to-package edges, and the spec reads an
//     absent graph as "unknown", which is the truth.
// Thread-safety: immutable; Write() is reentrant.
#pragma once

#include "report/reporter.h"

namespace hullscan::report {

class CycloneDxReporter final : public Reporter {
 public:
  Status Write(const model::ScanReport& report, ByteSink& out) const override;
};

}  // namespace hullscan::report
