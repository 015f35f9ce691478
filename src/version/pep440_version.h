// PEP 440 versions of Python distributions (https://peps.python.org/pep-0440/), as parsed and
// ordered by pypa/packaging's `packaging.version.Version` (VERSION_PATTERN and _cmpkey in
// https://github.com/pypa/packaging/blob/main/src/packaging/version.py), which pip uses.
// Matchers compare installed Python packages with advisory ranges through it (DESIGN.md 1.3).
//
// Accepted: the normalisations of PEP 440 "Normalization" — any letter case, surrounding
// whitespace, a leading 'v', '-', '_' or '.' separators, alpha/beta/c/pre/preview spellings of
// a/b/rc, rev/r for post, implicit post releases ("1.0-1"), implicit numbers ("1.0a" = "1.0a0").
// Ordering: epoch, release (trailing zeros insignificant: 1.0 == 1.0.0), then
// dev < pre < release < post, e.g. 1.0.dev1 < 1.0a1.dev1 < 1.0a1 < 1.0a1.post1.dev1 < 1.0a1.post1
// < 1.0 < 1.0.post1.dev1 < 1.0.post1, then the local label ("+ubuntu.1"): none < any, segments
// compared in turn, numeric ones above alphanumeric ones. Numbers compare exactly at any length.
// Stateless singleton: thread-safe.
#pragma once

#include "version/version_scheme.h"

namespace hullscan::version {

/// The PEP 440 scheme (SchemeId::kPep440).
const VersionScheme& Pep440Scheme();

}  // namespace hullscan::version
