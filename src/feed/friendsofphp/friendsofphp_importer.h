// FriendsOfPHP importer (format "friendsofphp"): github.com/FriendsOfPHP/security-advisories as an
// archive of `<vendor>/<package>/<id>.yaml` files (shared feeds README section 9; format
// https://github.com/FriendsOfPHP/security-advisories#contributing).
//
// Mapping: one Advisory per file, ecosystem "Packagist", name from `reference:
// composer://vendor/package` (lower case). id = `cve` when set; else the file stem when it is an
// id of its own ("SS-2018-001", "ZF2018-01"); else, for date-named files ("2015-08-06.yaml", not
// unique across packages), "<vendor>/<package>/<stem>". The stem is an alias when it differs from
// the id and is not a date. Each branch becomes one kConstraints range whose `all_of` comes from
// its `versions` (['>=7', '<7.4.4'], or one string with commas). State kFixed when some branch has
// an upper bound, else kAffected. published = the earliest branch `time` (unquoted
// "YYYY-MM-DD HH:MM:SS" with no zone, read as UTC; a "+HHMM" suffix is applied), as RFC 3339.
// Stateless: thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "feed/feed_importer.h"

namespace hullscan::feed {

std::unique_ptr<FeedImporter> NewFriendsOfPhpImporter();

/// Imports one advisory YAML file held in memory; `name` is its archive entry name. Used by
/// Import() and the fuzz target.
Status ImportFriendsOfPhpDocument(std::string_view text, std::string_view name, std::string_view what,
                                  store::AdvisorySink& sink, FeedMeta& meta);

}  // namespace hullscan::feed
