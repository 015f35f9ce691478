// Composer (PHP) versions, as composer/semver 3 normalises them (VersionParser::normalize) and
// compares them (Comparator / Constraint::versionCompare, which is PHP's version_compare() on the
// normalised strings). Sources: https://github.com/composer/semver/blob/3.3.2/src/VersionParser.php,
// https://getcomposer.org/doc/articles/versions.md and php-src ext/standard/versioning.c
// (php_version_compare). Matchers compare installed PHP packages (vendor/composer/installed.json)
// with advisory ranges through it (DESIGN.md 1.3).
//
// Accepted as normalize() accepts: surrounding trim() whitespace, "X as Y" aliases (X is kept),
// "@stability" flags and "+build" metadata dropped, an optional 'v'; classical versions of one to
// four numbers (major at most five digits) padded to four ("1.2" -> "1.2.0.0"); date versions
// ("20230101", "2023-01-01.1"); stability modifiers stable, alpha/a, beta/b, RC, patch/pl/p with
// an optional number, any '.', '-' or '_' before them, and a trailing "-dev" ("1.0-beta2-dev" ->
// "1.0.0.0-beta2-dev"); numeric branches "1.x-dev" -> "1.9999999.9999999.9999999-dev".
// Rejected: what normalize() rejects, and named branches ("dev-master", "master", "trunk",
// "default", "dev-foo"): composer never orders those (Constraint::versionCompare), so Parse()
// says so instead of guessing. Control bytes inside the text are rejected too (PCRE's '$' would
// let composer accept some of them), as are texts longer than kMaxVersionTextBytes.
//
// Ordering: version_compare() on the normalised strings: '-', '_', '+' and digit/letter
// transitions separate parts; numbers compare numerically; words by their prefix: dev < alpha, a
// < beta, b < RC < (a number, or the end) < pl, p; any other word below dev; a missing part
// against a number is lower, against a word it counts as "#" (between RC and pl). So
// 1.0.0.0-dev < 1.0.0.0-alpha1 < 1.0.0.0-beta < 1.0.0.0-RC1 < 1.0.0.0 < 1.0.0.0-patch1.
// Unlike PHP, whose strtol() saturates at 2^63-1, numbers compare exactly at any length.
// Stateless singleton: thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "version/version_scheme.h"

namespace hullscan::version {

/// The Composer scheme (SchemeId::kComposer).
const VersionScheme& ComposerScheme();

/// VersionParser::normalize() of `text` ("1.0-beta2" -> "1.0.0.0-beta2"), or the Parse() error.
/// Exposed for tests.
Result<std::string> ComposerNormalize(std::string_view text);

/// PHP's version_compare($a, $b) for texts without empty parts: -1, 0 or 1. Exposed for tests.
int PhpVersionCompare(std::string_view a, std::string_view b);

}  // namespace hullscan::version
