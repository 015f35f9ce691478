// RubySec importer (format "rubysec"): github.com/rubysec/ruby-advisory-db as an archive of
// `gems/<gem>/<id>.yml` files (shared feeds README section 9; format
// https://github.com/rubysec/ruby-advisory-db/blob/master/CONTRIBUTING.md).
//
// Mapping: one Advisory per file, ecosystem "RubyGems". id = "CVE-"+cve, else "GHSA-"+ghsa, else
// "OSVDB-"+osvdb, else the file stem; the other ids are aliases. The package is affected in every
// version (one kConstraints range with empty all_of) except those matched by a `patched_versions`
// or `unaffected_versions` requirement (one kConstraints range each in `unaffected`). State kFixed
// when patched_versions is non-empty, else kAffected. cvss_v2/v3/v4 (scores, no vectors) become
// SeverityScores. `rubies/<engine>/` files (advisories for Ruby interpreters, not gems) are not
// imported: they are counted in FeedMeta::skipped. Stateless: thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "feed/feed_importer.h"
#include "model/advisory.h"

namespace hullscan::feed {

std::unique_ptr<FeedImporter> NewRubysecImporter();

/// RubyGems' "~>" upper bound (Gem::Version#bump): drop trailing prerelease (non-numeric)
/// segments, drop the last segment when more than one remains, increment the new last one.
/// "2.2.8" -> "2.3", "2" -> "3", "1.0.0.rc1" -> "1.1". kInvalidArgument when no numeric segment is left.
Result<std::string> GemBump(std::string_view version);

/// One requirement string ("~> 2.2.8, >= 2.2.8.1") as a conjunction; "~> X" expands to ">= X"
/// and "< bump(X)"; no operator means "=". kInvalidArgument for an unknown operator or empty version.
Result<std::vector<model::VersionConstraint>> ParseGemRequirement(std::string_view requirement);

/// Imports one advisory YAML file held in memory; `name` is its archive entry name (gems/ vs
/// rubies/, the file stem). Used by Import() and the fuzz target.
Status ImportRubysecDocument(std::string_view text, std::string_view name, std::string_view what,
                             store::AdvisorySink& sink, FeedMeta& meta);

}  // namespace hullscan::feed
