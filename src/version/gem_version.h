// RubyGems versions, as Gem::Version (rubygems 3.3, Ruby 3.1 in Debian 12) parses and orders them
// (https://github.com/rubygems/rubygems/blob/v3.3.15/lib/rubygems/version.rb, and
// https://guides.rubygems.org/patterns/#prerelease-gems). Matchers compare installed gems
// (specifications/*.gemspec, Gemfile.lock) with advisory ranges through it (DESIGN.md 1.3).
//
// Acceptance: ANCHORED_VERSION_PATTERN, /\A\s*([0-9]+(?>\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+
// (\.[0-9A-Za-z-]+)*)?)?\s*\z/: surrounding ASCII whitespace, digits first, dot-separated
// alphanumeric segments, then optionally a '-' prerelease whose segments may hold '-'. Rubygems
// reads a blank string as "0"; we reject it (an absent version is not version 0). Texts longer
// than kMaxVersionTextBytes are rejected.
//
// Ordering (Gem::Version#<=>): every '-' becomes ".pre." ("1.0-1" == "1.0.pre.1"); segments are
// the runs of digits or of ASCII letters ("1.0a1" == "1.0.a.1"); a letter segment makes a
// prerelease; trailing zeros are dropped from the numeric part and from the part starting at the
// first letter segment (canonical_segments: "1.0" == "1", "1.0.a" == "1.a"); segments compare in
// turn, a missing one is 0, numbers numerically at any length, letters byte-wise
// (case-sensitive), letters below numbers ("1.a" < "1" < "1.0.1"). Stateless singleton:
// thread-safe.
#pragma once

#include "version/version_scheme.h"

namespace hullscan::version {

/// The RubyGems scheme (SchemeId::kGem).
const VersionScheme& GemScheme();

}  // namespace hullscan::version
