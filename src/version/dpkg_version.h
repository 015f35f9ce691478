// The Debian package version scheme: [epoch:]upstream_version[-debian_revision], ordered as
// deb-version(5) (https://manpages.debian.org/bookworm/dpkg-dev/deb-version.5.en.html) and as
// dpkg's own code: lib/dpkg/parsehelp.c parseversion() for what parses, lib/dpkg/version.c
// verrevcmp() for the order (https://git.dpkg.org/cgit/dpkg/dpkg.git/tree/lib/dpkg/). Used by
// the dpkg matcher for packages from /var/lib/dpkg/status and Debian tracker ranges.
//
// Acceptance follows `dpkg --compare-versions`: what dpkg rejects with an error is an error here
// (empty, embedded blanks, bad or negative epoch, epoch above INT_MAX, nothing after the colon,
// empty upstream or revision); what dpkg only warns about (upstream not starting with a digit,
// characters outside the policy set) is accepted and ordered exactly as dpkg orders it. Digit
// runs compare numerically at any length. Stateless singleton: thread-safe.
#pragma once

#include "version/version_scheme.h"

namespace hullscan::version {

/// The dpkg scheme (SchemeId::kDpkg).
const VersionScheme& DpkgScheme();

}  // namespace hullscan::version
