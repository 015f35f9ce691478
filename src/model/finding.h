// Finding: one advisory that applies to one package of the scanned image, with everything a report
// shows about it and the detail of how it matched (`--explain`). Plain data; built and
// enriched by match/, filtered by policy/, printed by report/. Thread-safety: plain values.
#pragma once

#include <string>
#include <vector>

namespace hullscan::model {

/// How a finding was matched: the query sent to the advisory store and the range that held.
struct MatchDetail {
  std::string matcher;    ///< "dpkg", "apk", "rpm", "language"
  std::string kind;       ///< "source-name", "binary-name", "purl"
  std::string ecosystem;  ///< queried ecosystem: "Debian:12", "Alpine:v3.20", "PyPI"
  std::string name;       ///< queried (normalised) package name
  std::string version;    ///< the version compared
  std::string scheme;     ///< version scheme used ("dpkg", "apk", "pep440", ...)
  std::string range;      ///< the range that contained it, as text: "introduced 0, fixed 1.2.3"
  bool operator==(const MatchDetail&) const = default;
};

struct Finding {
  std::string id;                    ///< advisory id as the data source names it
  std::vector<std::string> aliases;  ///< sorted
  size_t package_index = 0;          ///< into ScanReport::packages
  std::string installed_version;
  std::string fixed_version;         ///< lowest fixing version above the installed one; "" if none
  std::string status;                ///< "fixed" "affected" "will_not_fix" (model::FixStateName)
  std::string severity = "UNKNOWN";  ///< CRITICAL HIGH MEDIUM LOW NONE UNKNOWN
  std::string severity_source;       ///< "ghsa", "nvd", "osv:<id>", ...
  std::string cvss_vector;
  double cvss_score = -1;            ///< < 0: none
  double epss_score = -1;            ///< < 0: no EPSS data for any CVE alias
  double epss_percentile = -1;
  bool kev = false;
  std::string kev_date_added;
  int layer_index = -1;
  std::string target;                ///< "os-pkgs" or the manifest path of a language package
  std::string data_source;           ///< feed name: "osv:Go", "alpine-secdb", "debian-dsa", ...
  std::string title;
  MatchDetail detail;
  bool operator==(const Finding&) const = default;
};


}  // namespace hullscan::model
