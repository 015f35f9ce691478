#include "feed/wolfi/wolfi_importer.h"

#include <algorithm>
#include <utility>

#include "feed/common/record_json.h"
#include "feed/common/record_text.h"
#include "model/advisory.h"
#include "version/version_scheme.h"

namespace hullscan::feed {

namespace {

constexpr uint64_t kMaxIdBytes = 64;
constexpr uint64_t kMaxNameBytes = 256;
constexpr uint64_t kMaxNoteBytes = 1024;
constexpr size_t kMaxNotes = 5;

void AddNote(FeedMeta& meta, std::string note) { AppendNote(meta.notes, std::move(note), kMaxNotes); }

// data.KEY as text: strings as they are, integers printed; "" when absent; kCorrupt otherwise.
Result<std::string> DataString(const Json& event, const char* key, const std::string& where) {
  auto data = event.find("data");
  if (data == event.end() || data->is_null()) return std::string();
  if (!data->is_object()) return MakeError(ErrorCode::kCorrupt, where + ": field 'data' is not a mapping");
  return OptStringOrInteger(*data, key, where, std::string("data.") + key);
}

class WolfiImporter final : public FeedImporter {
 public:
  std::string_view format() const override { return "wolfi"; }

  bool Detect(const FeedHead& head) const override {
    if (head.first_name.ends_with(".advisories.yaml")) return true;
    // The repository archive starts with its ".yam.yaml" formatter settings.
    if (head.is_archive && head.first_name.find("wolfi-advisories/") != std::string::npos) return true;
    std::string_view h = head.head;
    return h.find("schema-version:") != std::string_view::npos && h.find("\nadvisories:") != std::string_view::npos &&
           h.find("\npackage:") != std::string_view::npos;
  }

  Status Import(const std::string& path, store::AdvisorySink& sink, FeedMeta& meta) const override {
    FeedFileLimits limits;
    return ForEachFeedEntry(path, limits, [&](std::string_view name, std::string_view content) -> Status {
      return ImportWolfiDocument(content, name, path + ": " + std::string(name), sink, meta);
    });
  }
};

}  // namespace

Status ImportWolfiDocument(std::string_view text, std::string_view name, std::string_view what,
                           store::AdvisorySink& sink, FeedMeta& meta) {
  const std::string w(what);
  std::string_view base = BaseName(name);
  if (!base.ends_with(".advisories.yaml")) {
    // e.g. the repository's ".yam.yaml" formatter settings.
    ++meta.skipped;
    AddNote(meta, w + ": skipped: not a *.advisories.yaml file");
    return OkStatus();
  }
  HS_ASSIGN_OR_RETURN(Json doc, YamlToJson(text, w));
  if (!doc.is_object()) return MakeError(ErrorCode::kCorrupt, w + ": not a mapping");
  auto pkg = doc.find("package");
  if (pkg == doc.end() || !pkg->is_object()) {
    return MakeError(ErrorCode::kCorrupt, w + ": field 'package' is missing or not a mapping");
  }
  HS_ASSIGN_OR_RETURN(std::string raw_name, JsonString(*pkg, "name", w + ": package"));
  if (raw_name.empty() || raw_name.size() > kMaxNameBytes) {
    return MakeError(ErrorCode::kCorrupt, w + ": package: field 'name' is empty or longer than 256 bytes");
  }
  const std::string package = model::NormalizePackageName("Wolfi", raw_name);
  auto advs = doc.find("advisories");
  if (advs == doc.end() || advs->is_null()) return OkStatus();
  if (!advs->is_array()) return MakeError(ErrorCode::kCorrupt, w + ": field 'advisories' is not a list");
  const version::VersionScheme& apk = version::SchemeFor(version::SchemeId::kApk);

  uint64_t index = 0;
  for (const Json& a : *advs) {
    std::string where = w + ": advisories[" + std::to_string(index++) + "]";
    if (!a.is_object()) return MakeError(ErrorCode::kCorrupt, where + ": not a mapping");
    HS_ASSIGN_OR_RETURN(std::string id, JsonString(a, "id", where));
    if (id.empty() || id.size() > kMaxIdBytes) {
      return MakeError(ErrorCode::kCorrupt, where + ": field 'id' is empty or longer than 64 bytes");
    }
    where += " (" + id + ")";
    model::Advisory adv;
    adv.id = id;
    auto aliases = a.find("aliases");
    if (aliases != a.end() && !aliases->is_null()) {
      if (!aliases->is_array()) return MakeError(ErrorCode::kCorrupt, where + ": field 'aliases' is not a list");
      for (const Json& al : *aliases) {
        if (!al.is_string() || al.get_ref<const std::string&>().size() > kMaxIdBytes) {
          return MakeError(ErrorCode::kCorrupt, where + ": an alias is not a string of at most 64 bytes");
        }
        if (al.get_ref<const std::string&>() != id) adv.aliases.push_back(al.get<std::string>());
      }
      std::sort(adv.aliases.begin(), adv.aliases.end());
      adv.aliases.erase(std::unique(adv.aliases.begin(), adv.aliases.end()), adv.aliases.end());
    }
    auto events = a.find("events");
    if (events == a.end() || events->is_null() || (events->is_array() && events->empty())) {
      ++meta.skipped;
      AddNote(meta, where + ": skipped: no events");
      continue;
    }
    if (!events->is_array()) return MakeError(ErrorCode::kCorrupt, where + ": field 'events' is not a list");
    const Json* latest = nullptr;
    std::string latest_ts;
    std::string earliest_ts;
    uint64_t ei = 0;
    for (const Json& e : *events) {
      const std::string ewhere = where + ": events[" + std::to_string(ei++) + "]";
      if (!e.is_object()) return MakeError(ErrorCode::kCorrupt, ewhere + ": not a mapping");
      HS_ASSIGN_OR_RETURN(std::string ts, JsonString(e, "timestamp", ewhere));
      HS_ASSIGN_OR_RETURN(std::string type, JsonString(e, "type", ewhere));
      (void)type;
      if (latest == nullptr || ts >= latest_ts) {
        latest = &e;
        latest_ts = ts;
      }
      if (earliest_ts.empty() || ts < earliest_ts) earliest_ts = ts;
    }
    adv.published = earliest_ts;
    adv.modified = latest_ts;
    if (latest_ts > meta.as_of) meta.as_of = latest_ts;
    const std::string ewhere = where + ": latest event";
    const std::string type = (*latest)["type"].get<std::string>();
    model::AffectedPackage ap;
    ap.ecosystem = "Wolfi";
    ap.name = package;
    model::AffectedRange range;
    range.type = model::AffectedRange::Type::kEcosystem;
    range.events.push_back({model::RangeEvent::Kind::kIntroduced, "0"});
    if (type == "fixed") {
      HS_ASSIGN_OR_RETURN(std::string fixed, DataString(*latest, "fixed-version", ewhere));
      if (fixed.empty()) return MakeError(ErrorCode::kCorrupt, ewhere + ": 'fixed' event without data.fixed-version");
      auto parsed = apk.Parse(fixed);
      if (!parsed) {
        ++meta.skipped;
        AddNote(meta, ewhere + ": skipped: " + parsed.error().message());
        continue;
      }
      ap.state = model::FixState::kFixed;
      range.events.push_back({model::RangeEvent::Kind::kFixed, fixed});
      ap.ranges.push_back(std::move(range));
    } else if (type == "false-positive-determination") {
      ap.state = model::FixState::kNotAffected;
      HS_ASSIGN_OR_RETURN(ap.note, DataString(*latest, "type", ewhere));
    } else if (type == "fix-not-planned") {
      ap.state = model::FixState::kWillNotFix;
      HS_ASSIGN_OR_RETURN(ap.note, DataString(*latest, "note", ewhere));
      ap.ranges.push_back(std::move(range));
    } else if (type == "pending-upstream-fix" || type == "detection" || type == "true-positive-determination") {
      ap.state = model::FixState::kAffected;
      if (type != "detection") {
        HS_ASSIGN_OR_RETURN(ap.note, DataString(*latest, "note", ewhere));
      }
      if (ap.note.empty()) ap.note = type;
      ap.ranges.push_back(std::move(range));
    } else {
      ++meta.skipped;
      AddNote(meta, ewhere + ": skipped unknown event type '" + type.substr(0, 64) + "'");
      continue;
    }
    ap.note = TruncateUtf8(ap.note, kMaxNoteBytes);
    adv.affected.push_back(std::move(ap));
    HS_RETURN_IF_ERROR(sink.AddAdvisory(std::move(adv)));
    ++meta.records;
  }
  return OkStatus();
}

std::unique_ptr<FeedImporter> NewWolfiImporter() { return std::make_unique<WolfiImporter>(); }

}  // namespace hullscan::feed
