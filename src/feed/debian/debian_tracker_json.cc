// Debian security tracker JSON export (https://security-tracker.debian.org/tracker/data/json).
// Shape, per the tracker's own export code (security-tracker lib/python/security_db.py,
// "json" view) and the consumers that read it:
//   {"<source package>": {"<CVE-…|TEMP-…>": {
//       "description": "...", "scope": "local|remote", "debianbug": 123,
//       "releases": {"<codename>": {"status": "resolved|open|undetermined",
//                                   "fixed_version": "1.2-3", "urgency": "low|medium|high|
//                                   unimportant|not yet assigned|end-of-life",
//                                   "nodsa": "reason text", "nodsa_reason": "postponed|ignored",
//                                   "repositories": {"<codename>": "1.2-3"}}}}}}
// The document is parsed with nlohmann's callback parser: each source package object is mapped
// as soon as it is complete and then discarded, so the parsed tree never holds more than one
// package (the text itself is in memory, up to kMaxTrackerJsonBytes).
#include <algorithm>
#include <utility>

#include "feed/common/record_text.h"
#include "feed/debian/debian_importer.h"
#include "feed/debian/debian_internal.h"
#include "model/advisory.h"
#include "version/version_scheme.h"

namespace hullscan::feed {

namespace {

using debian_internal::AddNote;

constexpr int kMaxDepth = 8;  // package > cve > releases > codename > repositories > value
constexpr uint64_t kMaxIdBytes = 64;
constexpr uint64_t kMaxNameBytes = 256;

// Thrown inside the parse callback to stop parsing; caught in ImportDebianTrackerJsonText.
struct Abort {
  Error error;
};

[[noreturn]] void Throw(ErrorCode code, std::string message) { throw Abort{Error(code, std::move(message))}; }

std::string OptString(const Json& obj, const char* key, const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return {};
  if (!it->is_string()) Throw(ErrorCode::kCorrupt, where + ": field '" + key + "' is not a string");
  return it->get<std::string>();
}

// Debian urgency -> bare severity label. "unimportant" (Debian: "does not warrant a security
// update", e.g. code not built) is LOW, the lowest label that still reports the issue: grype
// calls it Negligible, which our label set does not have. "not yet assigned", "end-of-life" and
// unknown words give no label. A trailing "*"/"**" (unconfirmed urgency in the CVE list) is dropped.
int UrgencyRank(std::string_view urgency, std::string_view* label) {
  while (!urgency.empty() && urgency.back() == '*') urgency.remove_suffix(1);
  if (urgency == "unimportant") { *label = "LOW"; return 1; }
  if (urgency == "low") { *label = "LOW"; return 2; }
  if (urgency == "medium") { *label = "MEDIUM"; return 3; }
  if (urgency == "high") { *label = "HIGH"; return 4; }
  return 0;
}

class TrackerMapper {
 public:
  TrackerMapper(std::string what, store::AdvisorySink& sink, FeedMeta& meta)
      : what_(std::move(what)), sink_(sink), meta_(meta), dpkg_(version::SchemeFor(version::SchemeId::kDpkg)) {}

  void Package(const std::string& source, const Json& pkg) {
    const std::string where = what_ + ": " + source.substr(0, 64);
    if (!pkg.is_object()) Throw(ErrorCode::kCorrupt, where + ": not an object");
    if (source.empty() || source.size() > kMaxNameBytes) {
      Throw(ErrorCode::kCorrupt, where + ": source package name is empty or longer than 256 bytes");
    }
    for (auto it = pkg.begin(); it != pkg.end(); ++it) Cve(source, it.key(), *it, where + ": " + it.key().substr(0, 64));
  }

 private:
  void Cve(const std::string& source, const std::string& id, const Json& cve, const std::string& where) {
    if (!cve.is_object()) Throw(ErrorCode::kCorrupt, where + ": not an object");
    if (id.empty() || id.size() > kMaxIdBytes) Throw(ErrorCode::kCorrupt, where + ": id is empty or longer than 64 bytes");
    model::Advisory adv;
    adv.id = id;
    std::string description = OptString(cve, "description", where);
    adv.summary = FirstLine(description);
    adv.details = TruncateUtf8(TrimSpace(description), kMaxDetailsBytes);
    adv.references.push_back("https://security-tracker.debian.org/tracker/" + id);
    auto bug = cve.find("debianbug");
    if (bug != cve.end() && !bug->is_null()) {
      if (!bug->is_number_integer()) Throw(ErrorCode::kCorrupt, where + ": field 'debianbug' is not an integer");
      adv.references.push_back("https://bugs.debian.org/" + std::to_string(bug->get<int64_t>()));
    }
    auto rels = cve.find("releases");
    if (rels == cve.end() || !rels->is_object()) {
      Throw(ErrorCode::kCorrupt, where + ": field 'releases' is missing or not an object");
    }
    int best_rank = 0;
    std::string_view best_label;
    for (auto r = rels->begin(); r != rels->end(); ++r) {
      const std::string rwhere = where + ": releases." + r.key().substr(0, 32);
      if (!r->is_object()) Throw(ErrorCode::kCorrupt, rwhere + ": not an object");
      auto status_it = r->find("status");
      if (status_it == r->end() || !status_it->is_string()) {
        Throw(ErrorCode::kCorrupt, rwhere + ": field 'status' is missing or not a string");
      }
      const std::string& status = status_it->get_ref<const std::string&>();
      std::string fixed = OptString(*r, "fixed_version", rwhere);
      std::string urgency = OptString(*r, "urgency", rwhere);
      std::string nodsa = OptString(*r, "nodsa", rwhere);
      std::string nodsa_reason = OptString(*r, "nodsa_reason", rwhere);
      std::string_view label;
      int rank = UrgencyRank(urgency, &label);
      if (rank > best_rank) {
        best_rank = rank;
        best_label = label;
      }
      std::optional<std::string> eco = DebianEcosystem(r.key());
      if (!eco) {
        ++meta_.skipped;
        AddNote(meta_, rwhere + ": skipped unknown release");
        continue;
      }
      model::AffectedPackage ap;
      ap.ecosystem = *eco;
      ap.name = model::NormalizePackageName(ap.ecosystem, source);
      model::AffectedRange range;
      range.type = model::AffectedRange::Type::kEcosystem;
      range.events.push_back({model::RangeEvent::Kind::kIntroduced, "0"});
      // Fix state, per release:
      //   resolved + fixed_version "0"             -> kNotAffected (never affected in Debian)
      //   resolved + fixed_version V               -> kFixed, {introduced 0, fixed V}
      //   resolved without a version               -> skipped and counted (nothing to match)
      //   open + urgency "end-of-life"             -> kWillNotFix (release no longer supported)
      //   open + nodsa_reason "ignored"            -> kWillNotFix, note = the nodsa text
      //   open otherwise (incl. "postponed")       -> kAffected, {introduced 0}, note = nodsa text
      //   undetermined                             -> kAffected, note "undetermined" (not settled:
      //                                              reported rather than hidden)
      if (status == "resolved") {
        if (fixed == "0") {
          ap.state = model::FixState::kNotAffected;
        } else if (fixed.empty()) {
          ++meta_.skipped;
          AddNote(meta_, rwhere + ": skipped: resolved without fixed_version");
          continue;
        } else {
          auto parsed = dpkg_.Parse(fixed);
          if (!parsed) {
            ++meta_.skipped;
            AddNote(meta_, rwhere + ": skipped: " + parsed.error().message());
            continue;
          }
          ap.state = model::FixState::kFixed;
          range.events.push_back({model::RangeEvent::Kind::kFixed, fixed});
          ap.ranges.push_back(std::move(range));
        }
      } else if (status == "open") {
        if (urgency == "end-of-life") {
          ap.state = model::FixState::kWillNotFix;
          ap.note = "end-of-life";
        } else if (nodsa_reason == "ignored") {
          ap.state = model::FixState::kWillNotFix;
          ap.note = nodsa.empty() ? "ignored" : nodsa;
        } else {
          ap.state = model::FixState::kAffected;
          ap.note = nodsa_reason.empty() ? nodsa : nodsa_reason + (nodsa.empty() ? "" : ": " + nodsa);
        }
        ap.ranges.push_back(std::move(range));
      } else if (status == "undetermined") {
        ap.state = model::FixState::kAffected;
        ap.note = "undetermined";
        ap.ranges.push_back(std::move(range));
      } else {
        ++meta_.skipped;
        AddNote(meta_, rwhere + ": skipped unknown status '" + status.substr(0, 32) + "'");
        continue;
      }
      ap.note = TruncateUtf8(ap.note, 1024);
      adv.affected.push_back(std::move(ap));
    }
    if (best_rank > 0) {
      model::SeverityScore s;
      s.label = std::string(best_label);
      s.source = "debian";
      adv.severity.push_back(std::move(s));
    }
    auto st = sink_.AddAdvisory(std::move(adv));
    if (!st) throw Abort{st.error()};
    ++meta_.records;
  }

  std::string what_;
  store::AdvisorySink& sink_;
  FeedMeta& meta_;
  const version::VersionScheme& dpkg_;
};

// '{' then a string key, ':', '{', and a key starting with CVE- or TEMP-.
bool LooksLikeTracker(std::string_view h) {
  size_t i = 0;
  auto skip_ws = [&] {
    while (i < h.size() && (h[i] == ' ' || h[i] == '\t' || h[i] == '\r' || h[i] == '\n')) ++i;
  };
  auto expect = [&](char c) {
    skip_ws();
    if (i < h.size() && h[i] == c) {
      ++i;
      return true;
    }
    return false;
  };
  if (!expect('{') || !expect('"')) return false;
  while (i < h.size() && h[i] != '"') {
    if (h[i] == '\\') ++i;
    ++i;
  }
  ++i;
  if (!expect(':') || !expect('{') || !expect('"')) return false;
  std::string_view key = h.substr(i);
  return key.substr(0, 4) == "CVE-" || key.substr(0, 5) == "TEMP-";
}

class DebianTrackerJsonImporter final : public FeedImporter {
 public:
  std::string_view format() const override { return "debian-tracker-json"; }
  bool Detect(const FeedHead& head) const override { return !head.is_archive && LooksLikeTracker(head.head); }
  Status Import(const std::string& path, store::AdvisorySink& sink, FeedMeta& meta) const override {
    FeedFileLimits limits;
    limits.max_entry_bytes = kMaxTrackerJsonBytes;
    return ForEachFeedEntry(path, limits, [&](std::string_view, std::string_view content) -> Status {
      return ImportDebianTrackerJsonText(content, path, sink, meta);
    });
  }
};

}  // namespace

Status ImportDebianTrackerJsonText(std::string_view text, std::string_view what, store::AdvisorySink& sink,
                                   FeedMeta& meta) {
  if (text.size() > kMaxTrackerJsonBytes) {
    return MakeError(ErrorCode::kLimitExceeded, std::string(what) + ": larger than " +
                                                    std::to_string(kMaxTrackerJsonBytes) + " bytes");
  }
  TrackerMapper mapper{std::string(what), sink, meta};
  std::string package;
  bool top_is_object = false;
  auto cb = [&](int depth, Json::parse_event_t event, Json& parsed) -> bool {
    using E = Json::parse_event_t;
    if ((event == E::object_start || event == E::array_start) && depth >= kMaxDepth) {
      Throw(ErrorCode::kLimitExceeded, std::string(what) + ": nested deeper than " + std::to_string(kMaxDepth));
    }
    if (depth == 0 && event == E::object_start) top_is_object = true;
    if (depth == 1 && event == E::key) package = parsed.get<std::string>();
    if (depth == 1 && (event == E::object_end || event == E::array_end || event == E::value)) {
      mapper.Package(package, parsed);
      return false;  // discard: the package is handed over
    }
    return true;
  };
  try {
    Json rest = Json::parse(text.begin(), text.end(), cb);
    if (!top_is_object) return MakeError(ErrorCode::kCorrupt, std::string(what) + ": not a JSON object");
  } catch (const Abort& a) {
    return MakeError(a.error);
  } catch (const Json::parse_error& e) {
    return MakeError(ErrorCode::kCorrupt, std::string(what) + ": invalid JSON at byte " + std::to_string(e.byte) +
                                              ": " + std::string(e.what()).substr(0, 200));
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kCorrupt, std::string(what) + ": invalid JSON: " + e.what());
  }
  return OkStatus();
}

std::unique_ptr<FeedImporter> NewDebianTrackerJsonImporter() {
  return std::make_unique<DebianTrackerJsonImporter>();
}

}  // namespace hullscan::feed
