#include "match/enrich.h"

#include <map>
#include <optional>
#include <string>

namespace hullscan::match {

namespace {

bool IsCve(const std::string& id) { return id.rfind("CVE-", 0) == 0; }

int Rank(const model::SeverityScore& s) {
  bool has_label = !s.label.empty() && s.label != "UNKNOWN";
  if (s.type == "CVSS_V3" && s.score >= 0) return 0;
  if (s.type == "CVSS_V4" && s.score >= 0) return 1;
  if (s.type.empty() && has_label) return 2;
  if (s.type == "CVSS_V2" && s.score >= 0) return 3;
  if (has_label) return 4;
  return 99;
}

}  // namespace

std::string_view SeverityLabel(double score) {
  if (score >= 9.0) return "CRITICAL";
  if (score >= 7.0) return "HIGH";
  if (score >= 4.0) return "MEDIUM";
  if (score > 0.0) return "LOW";
  if (score == 0.0) return "NONE";
  return "UNKNOWN";
}

const model::SeverityScore* PickSeverity(const std::vector<model::SeverityScore>& scores) {
  const model::SeverityScore* best = nullptr;
  for (const auto& s : scores) {
    if (Rank(s) == 99) continue;
    if (!best || Rank(s) < Rank(*best)) best = &s;
  }
  return best;
}

void SetSeverity(model::Finding& f, const model::SeverityScore& s, std::string_view fallback_source) {
  f.severity = !s.label.empty() ? s.label : std::string(SeverityLabel(s.score));
  if (s.score >= 0 && s.type != "") f.severity = std::string(SeverityLabel(s.score));
  f.severity_source = s.source.empty() ? std::string(fallback_source) : s.source;
  if (!s.vector.empty()) {
    f.cvss_vector = s.vector;
    f.cvss_score = s.score;
  }
}

Status Enrich(std::vector<model::Finding>& findings, store::AdvisoryStore& store) {
  // The same vulnerability is often found in several packages (subpackages, copies of a binary):
  // look each id up once.
  std::map<std::string, std::vector<model::SeverityScore>> severity;
  std::map<std::string, std::optional<model::EpssScore>> epss;
  std::map<std::string, std::optional<model::KevEntry>> kev;
  for (auto& f : findings) {
    std::vector<std::string> ids{f.id};
    ids.insert(ids.end(), f.aliases.begin(), f.aliases.end());
    if (f.severity.empty() || f.severity == "UNKNOWN") {
      std::vector<model::SeverityScore> scores;
      for (const auto& id : ids) {
        auto it = severity.find(id);
        if (it == severity.end()) {
          HS_ASSIGN_OR_RETURN(auto s, store.SeverityFor(id));
          it = severity.emplace(id, std::move(s)).first;
        }
        scores.insert(scores.end(), it->second.begin(), it->second.end());
      }
      if (const auto* best = PickSeverity(scores)) SetSeverity(f, *best, "");
    }
    for (const auto& id : ids) {
      if (!IsCve(id)) continue;
      auto e = epss.find(id);
      if (e == epss.end()) {
        HS_ASSIGN_OR_RETURN(auto v, store.Epss(id));
        e = epss.emplace(id, std::move(v)).first;
      }
      if (e->second && e->second->score > f.epss_score) {
        f.epss_score = e->second->score;
        f.epss_percentile = e->second->percentile;
      }
      auto k = kev.find(id);
      if (k == kev.end()) {
        HS_ASSIGN_OR_RETURN(auto v, store.Kev(id));
        k = kev.emplace(id, std::move(v)).first;
      }
      if (k->second && !f.kev) {
        f.kev = true;
        f.kev_date_added = k->second->date_added;
      }
    }
  }
  return OkStatus();
}

}  // namespace hullscan::match
