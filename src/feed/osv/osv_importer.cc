#include "feed/osv/osv_importer.h"

#include <algorithm>
#include <string>
#include <unordered_set>
#include <vector>

#include "feed/common/cvss.h"
#include "version/ecosystem.h"
#include "version/version_scheme.h"

namespace hullscan::feed {
namespace {

constexpr size_t kMaxDetailsBytes = 4096;    // feed-brief mapping rules
constexpr size_t kMaxSummaryBytes = 1024;
constexpr size_t kMaxReferences = 8;
constexpr size_t kMaxNotes = 8;
constexpr std::string_view kGoZeroTime = "0001-01-01T00:00:00Z";  // golang/vulndb unset `modified`

tl::unexpected<Error> Corrupt(std::string_view what, std::string_view path, std::string_view why) {
  return MakeError(ErrorCode::kCorrupt, std::string(what) + ": " + std::string(path) + ": " + std::string(why));
}

// Optional string field: "" when absent or null, an error for any other type.
Result<std::string> OptString(const Json& obj, const char* key, std::string_view what, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::string();
  if (!it->is_string()) return Corrupt(what, path.empty() ? key : path + "." + key, "not a string");
  return it->get<std::string>();
}

// Optional array field: nullptr when absent or null, an error for any other type.
Result<const Json*> OptArray(const Json& obj, const char* key, std::string_view what, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  if (!it->is_array()) return Corrupt(what, path.empty() ? key : path + "." + key, "not an array");
  return &*it;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
  return std::string(s.substr(b, e - b));
}

// Cuts to at most `max` bytes without splitting a UTF-8 sequence.
std::string TruncateUtf8(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

std::string FirstLine(std::string_view s) {
  std::string t = Trim(s);
  size_t nl = t.find('\n');
  return TruncateUtf8(Trim(std::string_view(t).substr(0, nl)), kMaxSummaryBytes);
}

void AddNote(FeedMeta& meta, std::string note) {
  if (meta.notes.size() < kMaxNotes) meta.notes.push_back(std::move(note));
}

bool EndsWith(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }

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
  if (!r.is_object()) return Corrupt(what, path, "not an object");
  auto type_it = r.find("type");
  if (type_it == r.end() || !type_it->is_string()) return Corrupt(what, path + ".type", "missing or not a string");
  std::string type = type_it->get<std::string>();
  HS_ASSIGN_OR_RETURN(const Json* events, OptArray(r, "events", what, path));
  if (events == nullptr) return Corrupt(what, path + ".events", "missing");
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
    if (!e.is_object() || e.size() != 1) return Corrupt(what, epath_fn(), "not an object with one event");
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
      return Corrupt(what, epath_fn(), "unknown event '" + TruncateUtf8(key, 40) + "'");
    }
    if (!value.is_string()) return Corrupt(what, epath_fn(), "event '" + key + "' is not a string");
    ev.version = value.get<std::string>();
    if (ev.version.empty()) return Corrupt(what, epath_fn(), "event '" + key + "' is empty");
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
  if (!a.is_object()) return Corrupt(what, path, "not an object");
  auto pit = a.find("package");
  if (pit == a.end() || !pit->is_object()) return Corrupt(what, path + ".package", "missing or not an object");
  HS_ASSIGN_OR_RETURN(pkg.ecosystem, OptString(*pit, "ecosystem", what, path + ".package"));
  HS_ASSIGN_OR_RETURN(std::string name, OptString(*pit, "name", what, path + ".package"));
  HS_ASSIGN_OR_RETURN(pkg.purl, OptString(*pit, "purl", what, path + ".package"));
  if (pkg.ecosystem.empty()) return Corrupt(what, path + ".package.ecosystem", "missing or empty");
  if (name.empty()) return Corrupt(what, path + ".package.name", "missing or empty");
  pkg.name = model::NormalizePackageName(pkg.ecosystem, name);

  HS_ASSIGN_OR_RETURN(const Json* ranges, OptArray(a, "ranges", what, path));
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
  HS_ASSIGN_OR_RETURN(const Json* versions, OptArray(a, "versions", what, path));
  if (versions != nullptr) {
    for (size_t i = 0; i < versions->size(); ++i) {
      if (!(*versions)[i].is_string()) {
        return Corrupt(what, path + ".versions[" + std::to_string(i) + "]", "not a string");
      }
      pkg.versions.push_back((*versions)[i].get<std::string>());
    }
  }
  pkg.state = fixed ? model::FixState::kFixed : model::FixState::kAffected;
  // RustSec marks advisories that are not vulnerabilities (unmaintained, unsound, notice).
  if (auto dit = a.find("database_specific"); dit != a.end() && dit->is_object()) {
    HS_ASSIGN_OR_RETURN(std::string info, OptString(*dit, "informational", what, path + ".database_specific"));
    if (!info.empty()) pkg.note = "informational: " + TruncateUtf8(info, 64);
  }
  return pkg;
}

Status MapSeverity(const Json& record, const std::string& source, std::string_view what, model::Advisory& adv) {
  HS_ASSIGN_OR_RETURN(const Json* sev, OptArray(record, "severity", what, ""));
  if (sev != nullptr) {
    for (size_t i = 0; i < sev->size(); ++i) {
      const Json& s = (*sev)[i];
      std::string path = "severity[" + std::to_string(i) + "]";
      if (!s.is_object()) return Corrupt(what, path, "not an object");
      HS_ASSIGN_OR_RETURN(std::string type, OptString(s, "type", what, path));
      HS_ASSIGN_OR_RETURN(std::string score, OptString(s, "score", what, path));
      if (type.empty() || score.empty()) return Corrupt(what, path, "'type' or 'score' missing");
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
    if (EndsWith(name, ".json")) {
      return h.find("\"id\"") != std::string_view::npos &&
             (h.find("\"modified\"") != std::string_view::npos || h.find("\"affected\"") != std::string_view::npos) &&
             h.find("\"NVD_CVE\"") == std::string_view::npos && h.find("\"catalogVersion\"") == std::string_view::npos;
    }
    if (EndsWith(name, ".yaml") || EndsWith(name, ".yml")) {
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
      if (!EndsWith(name, ".json") && !EndsWith(name, ".yaml") && !EndsWith(name, ".yml")) return {};
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
  HS_ASSIGN_OR_RETURN(adv.id, OptString(record, "id", what, ""));
  if (adv.id.empty()) return Corrupt(what, "id", "missing or empty");
  if (adv.id.size() > 256) return Corrupt(what, "id", "longer than 256 bytes");

  // `aliases` name the same vulnerability; `upstream` the ones a distro record derives from
  // (DSA-5500-1 -> CVE-2020-22219). Both are kept as aliases: they are how a finding is enriched
  // (EPSS, KEV and NVD are keyed by CVE) and how records of several feeds are merged.
  for (const char* field : {"aliases", "upstream"}) {
    HS_ASSIGN_OR_RETURN(const Json* aliases, OptArray(record, field, what, ""));
    if (aliases == nullptr) continue;
    for (size_t i = 0; i < aliases->size(); ++i) {
      if (!(*aliases)[i].is_string()) {
        return Corrupt(what, std::string(field) + "[" + std::to_string(i) + "]", "not a string");
      }
      std::string a = (*aliases)[i].get<std::string>();
      if (!a.empty() && a != adv.id) adv.aliases.push_back(std::move(a));
    }
  }
  std::sort(adv.aliases.begin(), adv.aliases.end());
  adv.aliases.erase(std::unique(adv.aliases.begin(), adv.aliases.end()), adv.aliases.end());
  HS_ASSIGN_OR_RETURN(std::string summary, OptString(record, "summary", what, ""));
  HS_ASSIGN_OR_RETURN(std::string details, OptString(record, "details", what, ""));
  adv.summary = FirstLine(summary.empty() ? details : summary);
  adv.details = TruncateUtf8(Trim(details), kMaxDetailsBytes);
  HS_ASSIGN_OR_RETURN(adv.published, OptString(record, "published", what, ""));
  HS_ASSIGN_OR_RETURN(adv.modified, OptString(record, "modified", what, ""));
  HS_ASSIGN_OR_RETURN(adv.withdrawn, OptString(record, "withdrawn", what, ""));

  std::string source = adv.id.starts_with("GHSA-") ? "ghsa" : "osv";
  HS_RETURN_IF_ERROR(MapSeverity(record, source, what, adv));

  HS_ASSIGN_OR_RETURN(const Json* affected, OptArray(record, "affected", what, ""));
  if (affected != nullptr) {
    for (size_t i = 0; i < affected->size(); ++i) {
      HS_ASSIGN_OR_RETURN(auto pkg, MapAffected((*affected)[i], what, "affected[" + std::to_string(i) + "]", meta));
      adv.affected.push_back(std::move(pkg));
    }
  }
  HS_ASSIGN_OR_RETURN(const Json* refs, OptArray(record, "references", what, ""));
  if (refs != nullptr) {
    for (size_t i = 0; i < refs->size() && adv.references.size() < kMaxReferences; ++i) {
      const Json& r = (*refs)[i];
      std::string path = "references[" + std::to_string(i) + "]";
      if (!r.is_object()) return Corrupt(what, path, "not an object");
      HS_ASSIGN_OR_RETURN(std::string url, OptString(r, "url", what, path));
      if (!url.empty()) adv.references.push_back(std::move(url));
    }
  }
  return adv;
}

Result<model::Advisory> ParseOsvRecord(std::string_view name, std::string_view content, std::string_view what,
                                       FeedMeta& meta) {
  Json j;
  if (EndsWith(name, ".yaml") || EndsWith(name, ".yml")) {
    HS_ASSIGN_OR_RETURN(j, YamlToJson(content, what));
  } else {
    HS_ASSIGN_OR_RETURN(j, ParseJson(content, what));
  }
  return MapOsvRecord(j, what, meta);
}

std::unique_ptr<FeedImporter> NewOsvImporter() { return std::make_unique<OsvImporter>(); }

}  // namespace hullscan::feed
