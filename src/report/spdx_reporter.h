// SpdxReporter: the image inventory as an SPDX 2.3 JSON document (format "spdx").
// Spec: https://spdx.github.io/spdx-spec/v2.3/ ; checked in the tests against both official
// 2.3 schemas (`../shared/schemas/validate.py spdx-2.3` and `spdx-2.3.1`).
//
// What goes where:
//   - documentNamespace: "https://hullscan.invalid/spdx/<percent-encoded image name>-<uuid>", the
//     UUID (version 5 bits) made from the SHA-256 of the document serialised without it. The
//     host is a made-up namespace under the project's name; SPDX only needs it to be unique.
//   - creationInfo.created: ScanReport::timestamp; creators: "Tool: <tool>-<version>".
//   - packages: the image (primaryPackagePurpose CONTAINER, versionInfo = config digest), the
//     OS (OPERATING_SYSTEM, name = os-release ID, versionInfo = VERSION_ID), then one package
//     per package in model::PackageLess order with a purl externalRef (category
//     "PACKAGE-MANAGER": the 2.3 release schema knows only the hyphenated form, the 2.3.1
//     errata accept both). licenseConcluded/licenseDeclared are "NOASSERTION": package
//     managers do not promise valid SPDX expressions, so the declared string goes to
//     licenseComments instead. sourceInfo names the extractor and evidence path; comment
//     carries "layer_index=N layer_diff_id=... path=... created_by=..." plus the source
//     package, for the layer attribution SPDX has no field for.
//   - SPDXIDs: "SPDXRef-Package-<type>-<name with every character outside [A-Za-z0-9.-]
//     replaced by '-'>-<8 hex of sha256(purl, path, layer, extractor)>", with "-N" appended in
//     the unlikely case of a collision; "SPDXRef-Image-<12 hex>" and "SPDXRef-OperatingSystem-...".
//   - relationships: DOCUMENT DESCRIBES image; image CONTAINS the OS and every package.
//     (No documentDescribes: the 2.3.1 errata deprecate it in favour of the relationship.)
// Thread-safety: immutable; Write() is reentrant.
#pragma once

#include "report/reporter.h"

namespace hullscan::report {

class SpdxReporter final : public Reporter {
 public:
  Status Write(const model::ScanReport& report, ByteSink& out) const override;
};

}  // namespace hullscan::report
