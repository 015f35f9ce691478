// Alpine secdb importer (format "alpine-secdb"): one JSON document per release and repository, as
// served by https://secdb.alpinelinux.org/<release>/<repo>.json (README of the shared feeds,
// section 2). Each document names the release in `distroversion` ("v3.20", "edge") and lists
// `packages[].pkg = {name, secfixes: {"<fixed apk version>": ["CVE-…", …]}}`.
//
// Mapping (feed-brief "Mapping rules"): one Advisory per (document, vulnerability id) with one
// AffectedPackage per package that lists it, ecosystem "Alpine:<distroversion>". A package's fix is
// the lowest of its secfixes keys naming the id under apk version ordering (keys are sorted as
// strings upstream, not as versions), as {introduced 0, fixed V}; the key "0" means "never
// vulnerable in Alpine" (kNotAffected, no ranges). Ids are read from each secfixes entry by
// ExtractSecfixIds (see there). Versions the apk scheme rejects are skipped and counted.
// Stateless: thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "feed/feed_importer.h"

namespace hullscan::feed {

std::unique_ptr<FeedImporter> NewAlpineSecdbImporter();

/// The ids of one secfixes entry ("CVE-2016-6258 XSA-182", "CVE-2018-14468 (FrameRelay)").
struct SecfixIds {
  std::vector<std::string> cves;    ///< every CVE-YYYY-NNNN… token, in order, unique
  std::vector<std::string> others;  ///< other id-shaped tokens (XSA-182, GHSA-…, ZBX-11023), unique
  uint64_t malformed = 0;           ///< CVE-like tokens that are not CVE ids (CVE_2019-2426, CVE-46838)
};

/// Splits an entry on whitespace and stops at the first token starting with '(' (free text
/// follows). A token starting with "CVE" is a CVE id when it begins with CVE-\d{4}-\d{4,} followed
/// by its end or a non-alphanumeric character ("CVE-2017-17434-1" and "CVE-2021-35940.patch" read
/// as CVE-2017-17434 and CVE-2021-35940); otherwise it is malformed. Any other token of letters,
/// digits and '-', starting with a letter and holding a digit, is an id; the rest is free text.
SecfixIds ExtractSecfixIds(std::string_view entry);

/// What one document held, in the units of the shared README's table.
struct AlpineSecdbStats {
  uint64_t packages = 0;    ///< packages[] entries
  uint64_t fixed_keys = 0;  ///< secfixes keys, "0" included
  uint64_t entries = 0;     ///< strings in the secfixes lists
};

/// Imports one secdb document held in memory (`what` names it in errors). Used by Import() and
/// the fuzz target.
Status ImportAlpineSecdbDocument(std::string_view text, std::string_view what, store::AdvisorySink& sink,
                                 FeedMeta& meta, AlpineSecdbStats* stats = nullptr);

}  // namespace hullscan::feed
