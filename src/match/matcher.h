// Matching: which advisories apply to which packages of an inventory (DESIGN.md 1.3, after
// claircore's Matcher and grype's matchers). A Matcher knows one family of packages, builds the typed
// store query for a package (ecosystem, name), and evaluates the rows under the ecosystem's exact
// version scheme. Matchers never guess: a distro without a known ecosystem, an ecosystem without an
// implemented scheme, or a version the scheme rejects is a Diagnostic, not a finding.
//
//   dpkg      Debian:<major>           by source package name, source version      (dpkg rules)
//   apk       Alpine:v<X.Y> / Wolfi    by origin (source) name                     (apk rules)
//   rpm       AlmaLinux:<major>, ...   by binary and source rpm name, full EVR     (rpm rules)
//   language  PyPI npm Go Maven crates.io RubyGems Packagist NuGet, by normalised name
//
// Each finding carries its advisory's card (store/row_codec.h): id, aliases, title, severity with
// its source (the advisory's own statement, else the best one of the records that name the same
// vulnerability), CVSS, EPSS and KEV, all resolved when the DB generation was built.
//
// Thread-safety: matchers are stateless; MatchInventory matches on several threads, reading the
// store (which serialises its reads) from each.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/diagnostic.h"
#include "model/finding.h"
#include "model/package.h"
#include "store/advisory_db.h"

namespace hullscan::match {

/// One store query a matcher wants for a package.
struct Query {
  std::string ecosystem;  ///< "Debian:12"
  std::string name;       ///< as installed; the store normalises it
  std::string version;    ///< the version to compare (source version for dpkg, "2.0.0" for Go "v2.0.0")
  std::string kind;       ///< "source-name", "binary-name", "package-name"
};

class Matcher {
 public:
  virtual ~Matcher() = default;
  virtual std::string_view name() const = 0;
  /// The queries for a package, or none when this matcher does not handle it. An error is a
  /// diagnostic for that package (e.g. an Alpine release that cannot be read).
  virtual Result<std::vector<Query>> Queries(const model::Package& p, const model::Distro& d) const = 0;
};

std::vector<std::unique_ptr<Matcher>> DefaultMatchers();

/// The OSV ecosystem of a distro's packages: "Debian:12", "Alpine:v3.20", "AlmaLinux:9", "Wolfi";
/// "" when the distro is unknown or has no vulnerability data hullscan reads.
std::string DistroEcosystem(const model::Distro& d);

/// The OSV ecosystem of a language package type ("npm", "PyPI", "Go", ...); "" for OS packages.
std::string LanguageEcosystem(model::PackageType t);

struct MatchResult {
  std::vector<model::Finding> findings;   ///< in MatchInventory's order; enriched (severity, CVSS, EPSS, KEV)
  std::vector<model::Diagnostic> diagnostics;
  uint64_t queries = 0;
};

/// Matches every package (packages[i] -> Finding::package_index i). One finding per (package,
/// vulnerability): records of several feeds that name the same vulnerability (by id or alias) are
/// merged into the first, keeping every alias, the lowest fix, the highest EPSS score, the KEV
/// flag, and (when the first has no severity statement of its own) the best related statement.
///
/// Findings are ordered by (package_rank[package_index], id, package_index): the caller's order
/// of packages, given as a rank per package (below packages.size(); equal ranks allowed), so
/// that each finding is made once, in its place. Without ranks, by (package_index, id).
/// kInternal when package_rank is neither empty nor one rank per package.
Result<MatchResult> MatchInventory(const std::vector<model::Package>& packages, const model::Distro& distro,
                                   store::AdvisoryStore& store, std::span<const uint32_t> package_rank = {});

}  // namespace hullscan::match
