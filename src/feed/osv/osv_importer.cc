#include "feed/osv/osv_importer.h"

#include <algorithm>
#include <string>
#include <unordered_set>
#include <vector>

#include "feed/common/cvss.h"
#include "feed/common/record_json.h"
#include "feed/common/record_text.h"
#include "version/ecosystem.h"
#include "version/version_scheme.h"

namespace hullscan::feed {
namespace {

constexpr size_t kMaxReferences = 8;
constexpr size_t kMaxNotes = 8;
constexpr std::string_view kGoZeroTime = "0001-01-01T00:00:00Z";  // golang/vulndb unset `modified`

void AddNote(FeedMeta& meta, std::string note) { AppendNote(meta.notes, std::move(note), kMaxNotes); }

// Orders RFC 3339 timestamps by their seconds part first, so "...:00Z" and "...:00.123Z" compare
// by time rather than by the byte after the seconds.
bool NewerTime(std::string_view a, std::string_view b) {
  std::string_view a19 = a.substr(0, 19), b19 = b.substr(0, 19);
  if (a19 != b19) return a19 > b19;
  return a > b;
}

Result<model::AffectedRange> MapRange(const Json& r, const std::string& ecosystem, std::string_view what,
                                      const std::string& path, FeedMeta& meta, bool* keep) {
  model::AffectedRange range;
  *keep = false;
  if (!r.is_object()) return RecordCorrupt(what, path, "not an object");
  auto type_it = r.find("type");
  if (type_it == r.end() || !type_it->is_string()) return RecordCorrupt(what, path + ".type", "missing or not a string");
  std::string type = type_it->get<std::string>();
  HS_ASSIGN_OR_RETURN(const Json* events, OptArrayAt(r, "events", what, path));
  if (events == nullptr) return RecordCorrupt(what, path + ".events", "missing");
  if (type == "GIT") {
    ++meta.skipped;  // commit ranges: hullscan matches package versions only
    return range;
  }
  if (type == "ECOSYSTEM") {
    range.type = model::AffectedRange::Type::kEcosystem;
  } else if (type == "SEMVER") {
    range.type = model::AffectedRange::Type::kSemver;
  } else {
    ++meta.skipped;
    AddNote(meta, std::string(what) + ": " + path + ": unknown range type '" + TruncateUtf8(type, 40) + "'");
    return range;
  }
  for (size_t i = 0; i < events->size(); ++i) {
    const Json& e = (*events)[i];
    auto epath_fn = [&] { return path + ".events[" + std::to_string(i) + "]"; };
    if (!e.is_object() || e.size() != 1) return RecordCorrupt(what, epath_fn(), "not an object with one event");
    auto eit = e.begin();
    const std::string& key = eit.key();
    const Json& value = eit.value();
    model::RangeEvent ev;
    if (key == "introduced") {
      ev.kind = model::RangeEvent::Kind::kIntroduced;
    } else if (key == "fixed") {
      ev.kind = model::RangeEvent::Kind::kFixed;
    } else if (key == "last_affected") {
      ev.kind = model::RangeEvent::Kind::kLastAffected;
    } else if (key == "limit") {
      ev.kind = model::RangeEvent::Kind::kLimit;
    } else {
      return RecordCorrupt(what, epath_fn(), "unknown event '" + TruncateUtf8(key, 40) + "'");
    }
    if (!value.is_string()) return RecordCorrupt(what, epath_fn(), "event '" + key + "' is not a string");
    ev.version = value.get<std::string>();
    if (ev.version.empty()) return RecordCorrupt(what, epath_fn(), "event '" + key + "' is empty");
    range.events.push_back(std::move(ev));
  }
  // Validate versions where the ecosystem's scheme is implemented; "0" (introduced) and "*"
  // (limit) are OSV placeholders, not versions.
  if (auto scheme = version::SchemeForRange(ecosystem, range.type); scheme && version::SchemeImplemented(*scheme)) {
    const version::VersionScheme& s = version::SchemeFor(*scheme);
    for (const auto& ev : range.events) {
      if (ev.kind == model::RangeEvent::Kind::kIntroduced && ev.version == "0") continue;
      if (ev.kind == model::RangeEvent::Kind::kLimit && ev.version == "*") continue;
      if (auto v = s.Parse(ev.version); !v) {
        ++meta.skipped;
        AddNote(meta, std::string(what) + ": " + path + ": range skipped: " + v.error().message());
        return range;
      }
    }
  }
  *keep = true;
  return range;
}

Result<model::AffectedPackage> MapAffected(const Json& a, std::string_view what, const std::string& path,
                                           FeedMeta& meta) {
  model::AffectedPackage pkg;
  if (!a.is_object()) return RecordCorrupt(what, path, "not an object");
  auto pit = a.find("package");
  if (pit == a.end() || !pit->is_object()) return RecordCorrupt(what, path + ".package", "missing or not an object");
  HS_ASSIGN_OR_RETURN(pkg.ecosystem, OptStringAt(*pit, "ecosystem", what, path + ".package"));
  HS_ASSIGN_OR_RETURN(std::string name, OptStringAt(*pit, "name", what, path + ".package"));
  HS_ASSIGN_OR_RETURN(pkg.purl, OptStringAt(*pit, "purl", what, path + ".package"));
  if (pkg.ecosystem.empty()) return RecordCorrupt(what, path + ".package.ecosystem", "missing or empty");
  if (name.empty()) return RecordCorrupt(what, path + ".package.name", "missing or empty");
  pkg.name = model::NormalizePackageName(pkg.ecosystem, name);

  HS_ASSIGN_OR_RETURN(const Json* ranges, OptArrayAt(a, "ranges", what, path));
  bool fixed = false;
  if (ranges != nullptr) {
    for (size_t i = 0; i < ranges->size(); ++i) {
      bool keep = false;
      HS_ASSIGN_OR_RETURN(auto range,
                          MapRange((*ranges)[i], pkg.ecosystem, what, path + ".ranges[" + std::to_string(i) + "]", meta,
                                   &keep));
      if (!keep) continue;
      for (const auto& ev : range.events) fixed = fixed || ev.kind == model::RangeEvent::Kind::kFixed;
      pkg.ranges.push_back(std::move(range));
    }
  }
  HS_ASSIGN_OR_RETURN(const Json* versions, OptArrayAt(a, "versions", what, path));
  if (versions != nullptr) {
    for (size_t i = 0; i < versions->size(); ++i) {
      if (!(*versions)[i].is_string()) {
        return RecordCorrupt(what, path + ".versions[" + std::to_string(i) + "]", "not a string");
      }
      pkg.versions.push_back((*versions)[i].get<std::string>());
    }
  }
  pkg.state = fixed ? model::FixState::kFixed : model::FixState::kAffected;
  // RustSec marks advisories that are not vulnerabilities (unmaintained, unsound, notice).
  if (auto dit = a.find("database_specific"); dit != a.end() && dit->is_object()) {
    HS_ASSIGN_OR_RETURN(std::string info, OptStringAt(*dit, "informational", what, path + ".database_specific"));
    if (!info.empty()) pkg.note = "informational: " + TruncateUtf8(info, 64);
  }
  return pkg;
}

Status MapSeverity(const Json& record, const std::string& source, std::string_view what, model::Advisory& adv) {
  HS_ASSIGN_OR_RETURN(const Json* sev, OptArrayAt(record, "severity", what, ""));
  if (sev != nullptr) {
    for (size_t i = 0; i < sev->size(); ++i) {
      const Json& s = (*sev)[i];
      std::string path = "severity[" + std::to_string(i) + "]";
      if (!s.is_object()) return RecordCorrupt(what, path, "not an object");
      HS_ASSIGN_OR_RETURN(std::string type, OptStringAt(s, "type", what, path));
      HS_ASSIGN_OR_RETURN(std::string score, OptStringAt(s, "score", what, path));
      if (type.empty() || score.empty()) return RecordCorrupt(what, path, "'type' or 'score' missing");
      if (type.starts_with("CVSS_")) {
        adv.severity.push_back(CvssSeverity(score, source, type));
      } else {
        // Other types (e.g. "Ubuntu": "medium") carry a word.
        std::string label = NormalizeSeverityLabel(score);
        if (label != "UNKNOWN") adv.severity.push_back(model::SeverityScore{"", "", -1, label, source});
      }
    }
  }
  if (auto dit = record.find("database_specific"); dit != record.end() && dit->is_object()) {
    auto it = dit->find("severity");
    if (it != dit->end() && it->is_string()) {
      std::string label = NormalizeSeverityLabel(it->get<std::string>());
      if (label != "UNKNOWN") adv.severity.push_back(model::SeverityScore{"", "", -1, label, source});
    }
  }
  return {};
}

class OsvImporter final : public FeedImporter {
 public:
  std::string_view format() const override { return "osv"; }

  bool Detect(const FeedHead& head) const override {
    std::string_view name = head.first_name;
    std::string_view h = head.head;
    if (name.ends_with(".json")) {
      return h.find("\"id\"") != std::string_view::npos &&
             (h.find("\"modified\"") != std::string_view::npos || h.find("\"affected\"") != std::string_view::npos) &&
             h.find("\"NVD_CVE\"") == std::string_view::npos && h.find("\"catalogVersion\"") == std::string_view::npos;
    }
    if (name.ends_with(".yaml") || name.ends_with(".yml")) {
      auto at_line_start = [&](std::string_view key) {
        return h.starts_with(key) || h.find("\n" + std::string(key)) != std::string_view::npos;
      };
      return at_line_start("id:") && at_line_start("modified:");
    }
    return false;
  }

  Status Import(const std::string& path, store::AdvisorySink& sink, FeedMeta& meta) const override {
    FeedFileLimits limits;
    std::string file = std::string(BaseName(path));
    std::unordered_set<std::string> seen;
    std::string newest_modified, newest_published;
    uint64_t duplicates = 0;
    HS_RETURN_IF_ERROR(ForEachFeedEntry(path, limits, [&](std::string_view name, std::string_view content) -> Status {
      if (!name.ends_with(".json") && !name.ends_with(".yaml") && !name.ends_with(".yml")) return {};
      std::string what = "osv " + file + ": " + std::string(name);
      FeedMeta record_meta;
      HS_ASSIGN_OR_RETURN(model::Advisory adv, ParseOsvRecord(name, content, what, record_meta));
      if (!seen.insert(adv.id).second) {
        ++meta.skipped;
        ++duplicates;
        return {};
      }
      meta.skipped += record_meta.skipped;
      for (auto& n : record_meta.notes) AddNote(meta, std::move(n));
      if (!adv.modified.empty() && adv.modified != kGoZeroTime &&
          (newest_modified.empty() || NewerTime(adv.modified, newest_modified))) {
        newest_modified = adv.modified;
      }
      if (!adv.published.empty() && (newest_published.empty() || NewerTime(adv.published, newest_published))) {
        newest_published = adv.published;
      }
      HS_RETURN_IF_ERROR(sink.AddAdvisory(std::move(adv)));
      ++meta.records;
      return {};
    }));
    if (duplicates > 0) AddNote(meta, "osv " + file + ": " + std::to_string(duplicates) + " duplicated ids imported once");
    meta.as_of = newest_modified.empty() ? newest_published : newest_modified;
    return {};
  }
};

}  // namespace

Result<model::Advisory> MapOsvRecord(const Json& record, std::string_view what, FeedMeta& meta) {
  model::Advisory adv;
  if (!record.is_object()) return MakeError(ErrorCode::kCorrupt, std::string(what) + ": record is not an object");
  HS_ASSIGN_OR_RETURN(adv.id, OptStringAt(record, "id", what, ""));
  if (adv.id.empty()) return RecordCorrupt(what, "id", "missing or empty");
  if (adv.id.size() > 256) return RecordCorrupt(what, "id", "longer than 256 bytes");

  // `aliases` name the same vulnerability; `upstream` the ones a distro record derives from
  // (DSA-5500-1 -> CVE-2020-22219). Both are kept as aliases: they are how a finding is enriched
  // (EPSS, KEV and NVD are keyed by CVE) and how records of several feeds are merged.
  for (const char* field : {"aliases", "upstream"}) {
    HS_ASSIGN_OR_RETURN(const Json* aliases, OptArrayAt(record, field, what, ""));
    if (aliases == nullptr) continue;
    for (size_t i = 0; i < aliases->size(); ++i) {
      if (!(*aliases)[i].is_string()) {
        return RecordCorrupt(what, std::string(field) + "[" + std::to_string(i) + "]", "not a string");
      }
      std::string a = (*aliases)[i].get<std::string>();
      if (!a.empty() && a != adv.id) adv.aliases.push_back(std::move(a));
    }
  }
  std::sort(adv.aliases.begin(), adv.aliases.end());
  adv.aliases.erase(std::unique(adv.aliases.begin(), adv.aliases.end()), adv.aliases.end());
  HS_ASSIGN_OR_RETURN(std::string summary, OptStringAt(record, "summary", what, ""));
  HS_ASSIGN_OR_RETURN(std::string details, OptStringAt(record, "details", what, ""));
  adv.summary = FirstLine(summary.empty() ? details : summary);
  adv.details = TruncateUtf8(TrimSpace(details), kMaxDetailsBytes);
  HS_ASSIGN_OR_RETURN(adv.published, OptStringAt(record, "published", what, ""));
  HS_ASSIGN_OR_RETURN(adv.modified, OptStringAt(record, "modified", what, ""));
  HS_ASSIGN_OR_RETURN(adv.withdrawn, OptStringAt(record, "withdrawn", what, ""));

  std::string source = adv.id.starts_with("GHSA-") ? "ghsa" : "osv";
  HS_RETURN_IF_ERROR(MapSeverity(record, source, what, adv));
  // Security errata of the Red Hat family (AlmaLinux ALSA, Rocky RLSA, Red Hat RHSA) state their
  // severity only in the summary, in Red Hat's scale: "Important: openssl security update", or
  // (a few) "ALSA-2022:5468: php:8.0 security update (Important)".
  if (adv.severity.empty() && (adv.id.starts_with("ALSA-") || adv.id.starts_with("RLSA-") || adv.id.starts_with("RHSA-"))) {
    auto is_word = [](std::string_view w) { return w == "Critical" || w == "Important" || w == "Moderate" || w == "Low"; };
    std::string_view sum = adv.summary;
    std::string_view word;
    if (size_t colon = sum.find(':'); colon != std::string_view::npos && is_word(sum.substr(0, colon))) {
      word = sum.substr(0, colon);
    } else if (size_t open = sum.rfind('('); open != std::string_view::npos && sum.ends_with(")") &&
               is_word(sum.substr(open + 1, sum.size() - open - 2))) {
      word = sum.substr(open + 1, sum.size() - open - 2);
    }
    if (!word.empty()) adv.severity.push_back(model::SeverityScore{"", "", -1, NormalizeSeverityLabel(word), "osv:summary"});
  }

  HS_ASSIGN_OR_RETURN(const Json* affected, OptArrayAt(record, "affected", what, ""));
  if (affected != nullptr) {
    for (size_t i = 0; i < affected->size(); ++i) {
      HS_ASSIGN_OR_RETURN(auto pkg, MapAffected((*affected)[i], what, "affected[" + std::to_string(i) + "]", meta));
      adv.affected.push_back(std::move(pkg));
    }
  }
  HS_ASSIGN_OR_RETURN(const Json* refs, OptArrayAt(record, "references", what, ""));
  if (refs != nullptr) {
    for (size_t i = 0; i < refs->size() && adv.references.size() < kMaxReferences; ++i) {
      const Json& r = (*refs)[i];
      std::string path = "references[" + std::to_string(i) + "]";
      if (!r.is_object()) return RecordCorrupt(what, path, "not an object");
      HS_ASSIGN_OR_RETURN(std::string url, OptStringAt(r, "url", what, path));
      if (!url.empty()) adv.references.push_back(std::move(url));
    }
  }
  return adv;
}

Result<model::Advisory> ParseOsvRecord(std::string_view name, std::string_view content, std::string_view what,
                                       FeedMeta& meta) {
  Json j;
  if (name.ends_with(".yaml") || name.ends_with(".yml")) {
    HS_ASSIGN_OR_RETURN(j, YamlToJson(content, what));
  } else {
    HS_ASSIGN_OR_RETURN(j, ParseJson(content, what));
  }
  return MapOsvRecord(j, what, meta);
}

std::unique_ptr<FeedImporter> NewOsvImporter() { return std::make_unique<OsvImporter>(); }

}  // namespace hullscan::feed
