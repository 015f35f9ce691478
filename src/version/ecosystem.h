// Which version scheme an OSV ecosystem's versions follow (https://ossf.github.io/osv-schema/#affectedpackage-field,
// "ecosystem" list and each ecosystem's version rules). Pure; thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "model/advisory.h"
#include "version/version_scheme.h"

namespace hullscan::version {

/// The scheme of an ecosystem ("Debian:12" -> dpkg, "PyPI" -> pep440, ...); nullopt for
/// ecosystems whose rules hullscan does not implement (Hackage, Julia, CRAN, GIT ranges, ...).
std::optional<SchemeId> SchemeForEcosystem(std::string_view ecosystem);

/// The scheme to evaluate one range of an ecosystem: SEMVER ranges use semver, others the
/// ecosystem's scheme.
std::optional<SchemeId> SchemeForRange(std::string_view ecosystem, model::AffectedRange::Type type);
/// The same, from SchemeForEcosystem(ecosystem) computed once by a caller that evaluates many
/// ranges of one ecosystem.
std::optional<SchemeId> SchemeForRange(std::optional<SchemeId> ecosystem_scheme, model::AffectedRange::Type type);

}  // namespace hullscan::version
