// Debian security-tracker importers (DESIGN.md 1.3, feed-brief section "feed/debian"):
//   - "debian-dsa-list" / "debian-dla-list": the tracker's text lists data/DSA/list and
//     data/DLA/list (https://salsa.debian.org/security-tracker-team/security-tracker/-/tree/master/data;
//     shared feeds README section 4). One Advisory per entry: id DSA-NNNN-N / DLA-NNNN-N, aliases
//     the CVEs in `{…}`, summary the header's description, published the header date; one
//     AffectedPackage per `[codename] - <source> <fixed version | <tag> (reason)>` line.
//   - "debian-tracker-json": https://security-tracker.debian.org/tracker/data/json, the whole
//     tracker as {"<source>": {"<CVE-…|TEMP-…>": {description, scope, debianbug, releases:
//     {"<codename>": {status, fixed_version, urgency, nodsa, nodsa_reason, repositories}}}}}.
//     One Advisory per (source package, CVE).
// Ecosystems are "Debian:<number>" (codename table in debian_importer.cc; sid -> "Debian:unstable";
// an unknown codename is skipped and counted). Versions are checked with the dpkg scheme.
// Stateless: thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "feed/feed_importer.h"

namespace hullscan::feed {

std::unique_ptr<FeedImporter> NewDebianDsaListImporter();
std::unique_ptr<FeedImporter> NewDebianDlaListImporter();
std::unique_ptr<FeedImporter> NewDebianTrackerJsonImporter();

/// "bookworm" -> "Debian:12", "sid" -> "Debian:unstable"; nullopt for an unknown codename.
std::optional<std::string> DebianEcosystem(std::string_view codename);

/// Imports a DSA/DLA list held in memory (`what` names it in errors). Used by the list importers
/// (which stream the file line by line) and the fuzz target.
Status ImportDebianListText(std::string_view text, std::string_view what, store::AdvisorySink& sink,
                            FeedMeta& meta);

/// Largest tracker JSON document read (the live export is ~80 MB; the whole text is held in
/// memory while each source package is parsed, handed over, and discarded).
inline constexpr uint64_t kMaxTrackerJsonBytes = 1ull << 30;

/// Imports a tracker JSON document held in memory. Used by the importer and the fuzz target.
Status ImportDebianTrackerJsonText(std::string_view text, std::string_view what, store::AdvisorySink& sink,
                                   FeedMeta& meta);

}  // namespace hullscan::feed
