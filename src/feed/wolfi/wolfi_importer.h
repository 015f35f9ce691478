// Wolfi advisory importer (format "wolfi"): the advisory source repository
// https://github.com/wolfi-dev/advisories as an archive of `<package>.advisories.yaml` files
// (shared feeds README section 3; schema https://github.com/wolfi-dev/wolfictl, pkg/configs/advisory/v2).
// Each file names `package.name` and lists `advisories[] = {id: CGA-…, aliases: [CVE-…, GHSA-…],
// events: [{timestamp, type, data}]}`.
//
// Mapping: one Advisory per advisory id with one AffectedPackage (ecosystem "Wolfi"). The event
// with the latest timestamp decides (list order breaks ties):
//   fixed                          -> kFixed, {introduced 0, fixed data.fixed-version} (apk version)
//   false-positive-determination   -> kNotAffected, note = data.type (the sub-type)
//   fix-not-planned                -> kWillNotFix, {introduced 0}, note = data.note
//   pending-upstream-fix, detection, true-positive-determination -> kAffected, {introduced 0}
// published / modified are the earliest / latest event timestamps; FeedMeta::as_of the latest of
// the whole feed. Stateless: thread-safe.
#pragma once

#include <memory>
#include <string_view>

#include "feed/feed_importer.h"

namespace hullscan::feed {

std::unique_ptr<FeedImporter> NewWolfiImporter();

/// Imports one advisory YAML document held in memory; `name` is its archive entry name (used in
/// errors and to skip files that are not `*.advisories.yaml`). Used by Import() and the fuzz target.
Status ImportWolfiDocument(std::string_view text, std::string_view name, std::string_view what,
                           store::AdvisorySink& sink, FeedMeta& meta);

}  // namespace hullscan::feed
