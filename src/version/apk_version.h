// The Alpine package version scheme, digit{.digit}...{letter}{_suffix{number}}...{~hash}{-r#}, as
// apk-tools parses and orders it in src/version.c (token_first/token_next/token_cmp and
// apk_version_compare_fuzzy, https://gitlab.alpinelinux.org/alpine/apk-tools/-/blob/master/src/version.c,
// the tokenizer of apk-tools 2.14 and 3.x). Used by the apk matcher for packages from
// lib/apk/db/installed and Alpine secdb "fixed in" versions.
//
// Order, token by token: the first number numerically; later '.'-numbers numerically unless either
// has a leading zero, then as strings ("1.01" < "1.1", "1.0" < "1.00"); one lowercase letter; the
// suffixes _alpha < _beta < _pre < _rc < (none) < _cvs < _svn < _git < _hg < _p, each with an
// optional number; a ~commit hash (lowercase hex) as a string; -rN numerically. When one version
// runs out first it is the lower, unless the other continues with a pre-release suffix.
// Anything apk_version_validate() rejects is an error, with one exception: digits right after the
// letter ("3.3.3p1-r3") are accepted as another number, as apk-tools 2.x does
// (https://gitlab.alpinelinux.org/alpine/apk-tools/-/blob/v2.14.9/src/version.c, next_token),
// because real Alpine 3.14 databases hold such versions and apk-tools 3 would reject them. Where
// 2.x and 3.x order differently (leading zeros: 2.x has "1.0" > "1.00"; numbers of 18 or more
// digits, invalid in 2.x) this follows 3.x. apk reads numbers into a uint64_t; here they compare
// exactly at any length. Stateless singleton: thread-safe.
#pragma once

#include "version/version_scheme.h"

namespace hullscan::version {

/// The apk scheme (SchemeId::kApk).
const VersionScheme& ApkScheme();

}  // namespace hullscan::version
