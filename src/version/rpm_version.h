// The RPM version scheme: [epoch:]version[-release] (EVR), each of version and release ordered by
// rpmvercmp() from rpm's lib/rpmvercmp.c
// (https://github.com/rpm-software-management/rpm/blob/rpm-4.18.0-release/rpmio/rpmvercmp.c):
// runs of ASCII letters or digits compared in turn, digits numerically at any length and above
// letters, every other byte a separator, '~' before everything (even the end), '^' after the end
// but before any further segment. The EVR is split as rpm's rpmverParse() splits it
// (rpmio/rpmver.c: digits then ':' are the epoch, the last '-' starts the release). Used by the
// rpm matcher for packages from the rpm database and Red Hat / SUSE advisory ranges.
//
// Acceptance: epoch decimal digits; version and release non-empty, from ASCII letters, digits and
// `._+~^` (rpmbuild's rpmCharCheck set without the macro characters). Ordering is rpmverCmp()
// (rpmio/rpmver.c, what rpm's Lua `rpm.ver(a) < rpm.ver(b)` uses): epoch (missing is 0), then
// version, then release, where a missing release is below any release ("1.0" < "1.0-~1"). (rpm's
// dependency matching, rpmverMatch, instead ignores a missing release: that is a range question
// for matchers, not an order.) Stateless singleton: thread-safe.
#pragma once

#include <string_view>

#include "version/version_scheme.h"

namespace hullscan::version {

/// The rpm scheme (SchemeId::kRpm).
const VersionScheme& RpmScheme();

/// rpmvercmp() of two version or release strings: -1, 0 or 1. Exposed for tests.
int RpmVerCmp(std::string_view a, std::string_view b);

}  // namespace hullscan::version
