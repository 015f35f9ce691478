// RangeContains: is a version inside an OSV range (DESIGN.md 1.3), for every scheme.
//
// Follows the OSV schema's evaluation ("Evaluation" under affected[].ranges[]): events are
// ordered by version ("introduced: 0" first); walking them, `introduced` <= v starts an affected
// span, `fixed` <= v ends it, `last_affected` < v ends it; `limit` events cap the range: a version
// at or above every limit is not affected. A kConstraints range holds when every comparison in
// `all_of` holds (an empty list: every version). Pure; thread-safe.
#pragma once

#include "base/status.h"
#include "model/advisory.h"
#include "version/version_scheme.h"

namespace hullscan::version {

/// kInvalidArgument when an event version cannot be parsed by `scheme` (the error names it).
Result<bool> RangeContains(const model::AffectedRange& range, const VersionScheme& scheme, const Version& v);

}  // namespace hullscan::version
