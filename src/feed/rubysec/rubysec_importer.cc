#include "feed/rubysec/rubysec_importer.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

#include "feed/common/record_json.h"
#include "feed/common/record_text.h"
#include "version/version_scheme.h"

namespace hullscan::feed {

namespace {

constexpr uint64_t kMaxIdBytes = 64;
constexpr uint64_t kMaxNameBytes = 256;
constexpr uint64_t kMaxRequirements = 256;
constexpr size_t kMaxNotes = 5;

void AddNote(FeedMeta& meta, std::string note) { AppendNote(meta.notes, std::move(note), kMaxNotes); }

// Decimal increment of a digit string of any length.
std::string Increment(std::string n) {
  for (size_t i = n.size(); i-- > 0;) {
    if (n[i] != '9') {
      ++n[i];
      return n;
    }
    n[i] = '0';
  }
  return "1" + n;
}

// A scalar id field as text: strings as given, integers printed (osvdb: 77297).
Result<std::string> IdField(const Json& doc, const char* key, const std::string& where) {
  HS_ASSIGN_OR_RETURN(std::string v, OptStringOrInteger(doc, key, where));
  if (v.size() > kMaxIdBytes) return MakeError(ErrorCode::kCorrupt, where + ": field '" + key + "' is too long");
  return v;
}

std::string CvssLabel(double score, bool v2) {
  if (score <= 0) return "NONE";
  if (score < 4.0) return "LOW";
  if (score < 7.0) return "MEDIUM";
  if (v2 || score < 9.0) return "HIGH";
  return "CRITICAL";
}

class RubysecImporter final : public FeedImporter {
 public:
  std::string_view format() const override { return "rubysec"; }

  bool Detect(const FeedHead& head) const override {
    if (head.first_name.find("ruby-advisory-db/") != std::string::npos) return true;
    std::string_view h = head.head;
    return (h.find("\ngem:") != std::string_view::npos || h.substr(0, 4) == "gem:" ||
            h.find("\nengine:") != std::string_view::npos) &&
           (h.find("\npatched_versions:") != std::string_view::npos || h.find("\nurl:") != std::string_view::npos);
  }

  Status Import(const std::string& path, store::AdvisorySink& sink, FeedMeta& meta) const override {
    FeedFileLimits limits;
    return ForEachFeedEntry(path, limits, [&](std::string_view name, std::string_view content) -> Status {
      return ImportRubysecDocument(content, name, path + ": " + std::string(name), sink, meta);
    });
  }
};

}  // namespace

Result<std::string> GemBump(std::string_view version) {
  std::vector<std::string> segs;
  size_t pos = 0;
  while (pos <= version.size()) {
    size_t dot = version.find('.', pos);
    if (dot == std::string_view::npos) dot = version.size();
    segs.emplace_back(version.substr(pos, dot - pos));
    pos = dot + 1;
  }
  // Gem::Version#bump: segments up to the first prerelease (lettered) segment.
  auto first_alpha = std::find_if(segs.begin(), segs.end(), [](const std::string& s) { return !IsAsciiDigits(s); });
  segs.erase(first_alpha, segs.end());
  if (segs.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "gem version '" + std::string(version) + "': nothing to bump");
  }
  if (segs.size() > 1) segs.pop_back();
  segs.back() = Increment(segs.back());
  std::string out;
  for (size_t i = 0; i < segs.size(); ++i) {
    if (i > 0) out += '.';
    out += segs[i];
  }
  return out;
}

Result<std::vector<model::VersionConstraint>> ParseGemRequirement(std::string_view requirement) {
  using Op = model::VersionConstraint::Op;
  std::vector<model::VersionConstraint> out;
  size_t pos = 0;
  while (pos <= requirement.size()) {
    size_t comma = requirement.find(',', pos);
    if (comma == std::string_view::npos) comma = requirement.size();
    std::string_view part = TrimSpace(requirement.substr(pos, comma - pos));
    pos = comma + 1;
    struct OpText {
      std::string_view text;
      Op op;
      bool pessimistic;
    };
    static constexpr OpText kOps[] = {{"~>", Op::kGe, true}, {">=", Op::kGe, false}, {"<=", Op::kLe, false},
                                      {"!=", Op::kNe, false}, {">", Op::kGt, false},  {"<", Op::kLt, false},
                                      {"=", Op::kEq, false}};
    Op op = Op::kEq;
    bool pessimistic = false;
    for (const OpText& o : kOps) {
      if (part.substr(0, o.text.size()) == o.text) {
        op = o.op;
        pessimistic = o.pessimistic;
        part = TrimSpace(part.substr(o.text.size()));
        break;
      }
    }
    if (part.empty() || part.find_first_of(" \t<>=~!") != std::string_view::npos) {
      return MakeError(ErrorCode::kInvalidArgument, "gem requirement '" + std::string(requirement.substr(0, 128)) +
                                                        "': malformed comparison");
    }
    out.push_back({op, std::string(part)});
    if (pessimistic) {
      HS_ASSIGN_OR_RETURN(std::string upper, GemBump(part));
      out.push_back({Op::kLt, std::move(upper)});
    }
  }
  return out;
}

Status ImportRubysecDocument(std::string_view text, std::string_view name, std::string_view what,
                             store::AdvisorySink& sink, FeedMeta& meta) {
  const std::string w(what);
  std::string_view base = BaseName(name);
  if (base.size() < 5 || base.substr(base.size() - 4) != ".yml") return OkStatus();  // README, LICENSE, ...
  if (name.find("rubies/") != std::string_view::npos) {
    ++meta.skipped;
    if (meta.notes.empty() || meta.notes.back().find("rubies/") == std::string::npos) {
      AddNote(meta, "rubies/: advisories for Ruby interpreters are not imported (not gems)");
    }
    return OkStatus();
  }
  const std::string stem(base.substr(0, base.size() - 4));
  HS_ASSIGN_OR_RETURN(Json doc, YamlToJson(text, w));
  if (!doc.is_object()) return MakeError(ErrorCode::kCorrupt, w + ": not a mapping");
  HS_ASSIGN_OR_RETURN(std::string gem, JsonString(doc, "gem", w));
  if (gem.empty() || gem.size() > kMaxNameBytes) {
    return MakeError(ErrorCode::kCorrupt, w + ": field 'gem' is empty or longer than 256 bytes");
  }
  HS_ASSIGN_OR_RETURN(std::string cve, IdField(doc, "cve", w));
  HS_ASSIGN_OR_RETURN(std::string ghsa, IdField(doc, "ghsa", w));
  HS_ASSIGN_OR_RETURN(std::string osvdb, IdField(doc, "osvdb", w));
  std::vector<std::string> ids;
  if (!cve.empty()) ids.push_back("CVE-" + cve);
  if (!ghsa.empty()) ids.push_back("GHSA-" + ghsa);
  if (!osvdb.empty()) ids.push_back("OSVDB-" + osvdb);
  model::Advisory adv;
  adv.id = ids.empty() ? stem : ids.front();
  for (size_t i = 1; i < ids.size(); ++i) adv.aliases.push_back(ids[i]);
  std::sort(adv.aliases.begin(), adv.aliases.end());
  HS_ASSIGN_OR_RETURN(std::string title, JsonOptString(doc, "title", w));
  HS_ASSIGN_OR_RETURN(std::string description, JsonOptString(doc, "description", w));
  HS_ASSIGN_OR_RETURN(std::string date, JsonOptString(doc, "date", w));
  HS_ASSIGN_OR_RETURN(std::string url, JsonOptString(doc, "url", w));
  adv.summary = FirstLine(title);
  adv.details = TruncateUtf8(TrimSpace(description), kMaxDetailsBytes);
  adv.published = date;
  if (date > meta.as_of) meta.as_of = date;
  if (!url.empty()) adv.references.push_back(url);
  for (auto [key, type, v2] : {std::tuple{"cvss_v4", "CVSS_V4", false}, std::tuple{"cvss_v3", "CVSS_V3", false},
                               std::tuple{"cvss_v2", "CVSS_V2", true}}) {
    auto it = doc.find(key);
    if (it == doc.end() || it->is_null()) continue;
    if (!it->is_number()) return MakeError(ErrorCode::kCorrupt, w + ": field '" + key + "' is not a number");
    double score = it->get<double>();
    if (!std::isfinite(score) || score < 0 || score > 10) {
      return MakeError(ErrorCode::kCorrupt, w + ": field '" + key + "' is not a score from 0 to 10");
    }
    adv.severity.push_back({type, "", score, CvssLabel(score, v2), "rubysec"});
  }

  model::AffectedPackage ap;
  ap.ecosystem = "RubyGems";
  ap.name = model::NormalizePackageName(ap.ecosystem, gem);
  ap.ranges.push_back({model::AffectedRange::Type::kConstraints, {}, {}});
  const bool validate = version::SchemeImplemented(version::SchemeId::kGem);
  bool patched = false;
  uint64_t count = 0;
  for (const char* key : {"patched_versions", "unaffected_versions"}) {
    auto it = doc.find(key);
    if (it == doc.end() || it->is_null()) continue;
    if (!it->is_array()) return MakeError(ErrorCode::kCorrupt, w + ": field '" + key + "' is not a list");
    for (const Json& req : *it) {
      if (!req.is_string()) return MakeError(ErrorCode::kCorrupt, w + ": " + key + ": a requirement is not a string");
      if (++count > kMaxRequirements) return MakeError(ErrorCode::kCorrupt, w + ": too many requirements");
      auto parsed = ParseGemRequirement(req.get_ref<const std::string&>());
      bool usable = static_cast<bool>(parsed);
      std::string why = usable ? "" : parsed.error().message();
      if (usable && validate) {
        for (const model::VersionConstraint& c : *parsed) {
          auto v = version::SchemeFor(version::SchemeId::kGem).Parse(c.version);
          if (!v) {
            usable = false;
            why = v.error().message();
            break;
          }
        }
      }
      if (!usable) {
        ++meta.skipped;
        AddNote(meta, w + ": " + key + ": skipped: " + why);
        continue;
      }
      if (std::string_view(key) == "patched_versions") patched = true;
      ap.unaffected.push_back({model::AffectedRange::Type::kConstraints, {}, std::move(*parsed)});
    }
  }
  ap.state = patched ? model::FixState::kFixed : model::FixState::kAffected;
  adv.affected.push_back(std::move(ap));
  HS_RETURN_IF_ERROR(sink.AddAdvisory(std::move(adv)));
  ++meta.records;
  return OkStatus();
}

std::unique_ptr<FeedImporter> NewRubysecImporter() { return std::make_unique<RubysecImporter>(); }

}  // namespace hullscan::feed
