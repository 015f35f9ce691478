// Advisory data as the feeds state it, normalised into one shape (DESIGN.md 1.3): plain data, no
// I/O. OSV is the model (https://ossf.github.io/osv-schema/); distro feeds (Alpine secdb, Debian
// DSA/DLA lists and tracker JSON, Wolfi) and the native RubySec / FriendsOfPHP formats map onto it:
//
//   - AffectedRange holds one OSV `affected[].ranges[]` entry (events introduced / fixed /
//     last_affected / limit), the distro "fixed in V" form ({introduced 0, fixed V}), or a
//     conjunction of comparisons (kConstraints) for requirement-style feeds (">= 7, < 7.4.4").
//   - AffectedPackage is one (ecosystem, package) with its ranges, explicit versions, the
//     versions excluded from them (RubySec patched/unaffected), and the distro's fix state.
//   - Ecosystems are OSV ecosystem strings: "Debian:12", "Alpine:v3.20", "AlmaLinux:9", "PyPI",
//     "npm", "Go", "Maven", "crates.io", "RubyGems", "Packagist", "NuGet", "Wolfi".
//   - Package names are stored normalised (NormalizePackageName) so that lookups are exact.
// Evaluated by version::RangeContains / version::AffectedContains. Thread-safety: plain values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hullscan::model {

struct RangeEvent {
  enum class Kind { kIntroduced, kFixed, kLastAffected, kLimit };
  Kind kind = Kind::kIntroduced;
  std::string version;  ///< "0" for kIntroduced means "from the beginning"
  bool operator==(const RangeEvent&) const = default;
};

/// One comparison of a requirement: "< 7.4.4", ">= 2.2.8.1". RubyGems' "~> X" is expanded by its
/// importer into ">= X" and "< bump(X)".
struct VersionConstraint {
  enum class Op { kLt, kLe, kGt, kGe, kEq, kNe };
  Op op = Op::kEq;
  std::string version;
  bool operator==(const VersionConstraint&) const = default;
};

struct AffectedRange {
  enum class Type {
    kEcosystem,    ///< OSV ECOSYSTEM: events under the ecosystem's scheme
    kSemver,       ///< OSV SEMVER: events under semver
    kConstraints,  ///< every constraint in `all_of` holds (empty `all_of`: every version)
  };
  Type type = Type::kEcosystem;
  std::vector<RangeEvent> events;           ///< kEcosystem, kSemver
  std::vector<VersionConstraint> all_of;    ///< kConstraints
  bool operator==(const AffectedRange&) const = default;
};

/// What the data source says about a package in a release.
enum class FixState {
  kFixed,        ///< a fixed version exists (the ranges say which)
  kAffected,     ///< affected, no fix yet (OSV range without `fixed`, Debian <unfixed>, Wolfi pending)
  kWillNotFix,   ///< the vendor will not fix it (Debian <end-of-life>/no-dsa ignored, Wolfi fix-not-planned)
  kNotAffected,  ///< never affected (Alpine secfixes "0", Debian <not-affected>, Wolfi false positive)
};
std::string_view FixStateName(FixState s);  ///< "fixed" "affected" "will_not_fix" "not_affected"

struct AffectedPackage {
  std::string ecosystem;  ///< OSV ecosystem string (see top of file)
  std::string name;       ///< normalised with NormalizePackageName(ecosystem, name)
  std::string purl;       ///< as the feed gives it, may be empty
  std::vector<AffectedRange> ranges;        ///< affected when inside any range ...
  std::vector<std::string> versions;        ///< ... or equal to one of these
  std::vector<AffectedRange> unaffected;    ///< ... and not inside any of these
  FixState state = FixState::kFixed;
  std::string note;                          ///< free text the feed attaches ("no-dsa", reason)
  bool operator==(const AffectedPackage&) const = default;
};

/// One severity statement. `score` < 0 when the feed gives none and it cannot be computed.
struct SeverityScore {
  std::string type;    ///< "CVSS_V2", "CVSS_V3", "CVSS_V4", or "" for a bare label
  std::string vector;  ///< "CVSS:3.1/AV:N/..." (empty for a bare label)
  double score = -1;
  std::string label;   ///< "CRITICAL" "HIGH" "MEDIUM" "LOW" "NONE" "UNKNOWN"
  std::string source;  ///< who says so: "ghsa", "nvd", "osv", "debian", ...
  bool operator==(const SeverityScore&) const = default;
};

struct Advisory {
  std::string id;                    ///< "GHSA-…", "GO-2024-0001", "DSA-5380-1", "CVE-…"
  std::vector<std::string> aliases;  ///< other ids, sorted, without `id`
  std::string summary;               ///< one line
  std::string details;               ///< longer text, may be truncated by the importer
  std::string published;             ///< RFC 3339 as given ("" when absent)
  std::string modified;
  std::string withdrawn;             ///< non-empty: withdrawn at that time (never matched)
  std::vector<SeverityScore> severity;
  std::vector<AffectedPackage> affected;
  std::vector<std::string> references;  ///< URLs, at most a few
  bool operator==(const Advisory&) const = default;
};

/// The best statement among several: a scored CVSS v3 first, then v4, then a bare label (GHSA,
/// Debian urgency), then v2; the first of equals. Null when none carries a label or score.
const SeverityScore* PickSeverity(const std::vector<SeverityScore>& scores);

/// "CRITICAL" for 9.0-10.0, "HIGH" 7.0-8.9, "MEDIUM" 4.0-6.9, "LOW" 0.1-3.9, "NONE" 0 (CVSS v3.1 §5),
/// "UNKNOWN" below 0.
std::string_view SeverityLabel(double score);

/// PickSeverity's order: lower is better; 99 for a statement without label or score.
int SeverityRank(const SeverityScore& s);
/// The same rank from the fields it reads.
int SeverityRank(std::string_view type, double score, std::string_view label);

/// FIRST EPSS daily score for a CVE.
struct EpssScore {
  std::string cve;
  double score = 0;
  double percentile = 0;
  bool operator==(const EpssScore&) const = default;
};

/// CISA Known Exploited Vulnerabilities entry.
struct KevEntry {
  std::string cve;
  std::string date_added;  ///< YYYY-MM-DD
  std::string due_date;
  std::string vendor;
  std::string product;
  std::string name;        ///< vulnerabilityName
  bool known_ransomware = false;
  bool operator==(const KevEntry&) const = default;
};

/// The name as stored and queried, per ecosystem: PEP 503 for PyPI (lower case, runs of
/// "-_." become "-"), lower case for npm/NuGet/Packagist/Alpine/Debian/Wolfi, unchanged
/// otherwise (Go module paths, Maven "group:artifact", crates, gems, rpm names).
std::string NormalizePackageName(std::string_view ecosystem, std::string_view name);

/// The part of an OSV ecosystem before ':' ("Debian:12" -> "Debian").
std::string_view EcosystemBase(std::string_view ecosystem);

}  // namespace hullscan::model
