#include "feed/friendsofphp/friendsofphp_importer.h"

#include <algorithm>
#include <utility>

#include "feed/common/record_text.h"
#include "model/advisory.h"

namespace hullscan::feed {

namespace {

constexpr uint64_t kMaxIdBytes = 64;
constexpr uint64_t kMaxNameBytes = 256;
constexpr uint64_t kMaxBranches = 1024;
constexpr uint64_t kMaxConstraints = 64;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsDateStem(std::string_view stem) {
  // 2015-08-06 or 2015-08-06-1
  if (stem.size() < 10) return false;
  for (size_t i = 0; i < 10; ++i) {
    if (i == 4 || i == 7 ? stem[i] != '-' : !IsDigit(stem[i])) return false;
  }
  return true;
}

class FriendsOfPhpImporter final : public FeedImporter {
 public:
  std::string_view format() const override { return "friendsofphp"; }

  bool Detect(const FeedHead& head) const override {
    if (head.first_name.find("security-advisories/") != std::string::npos &&
        head.first_name.size() > 5 && head.first_name.substr(head.first_name.size() - 5) == ".yaml") {
      return true;
    }
    std::string_view h = head.head;
    return h.find("reference:") != std::string_view::npos && h.find("composer://") != std::string_view::npos &&
           h.find("branches:") != std::string_view::npos;
  }

  Status Import(const std::string& path, store::AdvisorySink& sink, FeedMeta& meta) const override {
    FeedFileLimits limits;
    return ForEachFeedEntry(path, limits, [&](std::string_view name, std::string_view content) -> Status {
      return ImportFriendsOfPhpDocument(content, name, path + ": " + std::string(name), sink, meta);
    });
  }
};

// One `versions` item: ">=7", "<7.4.4", or several comma-separated comparisons.
Status AddConstraints(std::string_view text, const std::string& where, std::vector<model::VersionConstraint>& out) {
  using Op = model::VersionConstraint::Op;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t comma = text.find(',', pos);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view part = TrimSpace(text.substr(pos, comma - pos));
    pos = comma + 1;
    static constexpr std::pair<std::string_view, Op> kOps[] = {{">=", Op::kGe}, {"<=", Op::kLe}, {"!=", Op::kNe},
                                                               {"==", Op::kEq}, {">", Op::kGt},  {"<", Op::kLt},
                                                               {"=", Op::kEq}};
    Op op = Op::kEq;
    for (const auto& [t, o] : kOps) {
      if (part.substr(0, t.size()) == t) {
        op = o;
        part = TrimSpace(part.substr(t.size()));
        break;
      }
    }
    if (part.empty() || part.find_first_of(" \t<>=!,") != std::string_view::npos) {
      return MakeError(ErrorCode::kCorrupt, where + ": malformed version constraint '" +
                                                std::string(text.substr(0, 128)) + "'");
    }
    if (out.size() >= kMaxConstraints) return MakeError(ErrorCode::kCorrupt, where + ": too many constraints");
    out.push_back({op, std::string(part)});
  }
  return OkStatus();
}

}  // namespace

Status ImportFriendsOfPhpDocument(std::string_view text, std::string_view name, std::string_view what,
                                  store::AdvisorySink& sink, FeedMeta& meta) {
  const std::string w(what);
  std::string_view base = BaseName(name);
  if (base.size() < 6 || base.substr(base.size() - 5) != ".yaml") return OkStatus();  // README, tooling
  if (base.front() == '.') return OkStatus();                                        // .github/*.yaml etc.
  const std::string stem(base.substr(0, base.size() - 5));
  HS_ASSIGN_OR_RETURN(Json doc, YamlToJson(text, w));
  if (!doc.is_object()) return MakeError(ErrorCode::kCorrupt, w + ": not a mapping");
  HS_ASSIGN_OR_RETURN(std::string reference, JsonString(doc, "reference", w));
  constexpr std::string_view kScheme = "composer://";
  if (reference.substr(0, kScheme.size()) != kScheme || reference.size() > kMaxNameBytes + kScheme.size() ||
      reference.find('/', kScheme.size()) == std::string::npos) {
    return MakeError(ErrorCode::kCorrupt, w + ": field 'reference' is not composer://vendor/package");
  }
  const std::string package = reference.substr(kScheme.size());
  HS_ASSIGN_OR_RETURN(std::string cve, JsonOptString(doc, "cve", w));
  HS_ASSIGN_OR_RETURN(std::string title, JsonOptString(doc, "title", w));
  HS_ASSIGN_OR_RETURN(std::string link, JsonOptString(doc, "link", w));
  if (cve.size() > kMaxIdBytes || stem.size() > kMaxIdBytes) {
    return MakeError(ErrorCode::kCorrupt, w + ": advisory id longer than 64 bytes");
  }
  model::Advisory adv;
  cve = std::string(TrimSpace(cve));
  if (!cve.empty()) {
    adv.id = cve;
  } else if (!IsDateStem(stem)) {
    adv.id = stem;
  } else {
    adv.id = model::NormalizePackageName("Packagist", package) + "/" + stem;
  }
  if (stem != adv.id && !IsDateStem(stem)) adv.aliases.push_back(stem);
  adv.summary = FirstLine(title);
  if (!link.empty()) adv.references.push_back(link);

  auto branches = doc.find("branches");
  if (branches == doc.end() || !branches->is_object()) {
    return MakeError(ErrorCode::kCorrupt, w + ": field 'branches' is missing or not a mapping");
  }
  if (branches->size() > kMaxBranches) return MakeError(ErrorCode::kCorrupt, w + ": too many branches");
  model::AffectedPackage ap;
  ap.ecosystem = "Packagist";
  ap.name = model::NormalizePackageName(ap.ecosystem, package);
  bool bounded = false;
  for (auto it = branches->begin(); it != branches->end(); ++it) {
    const std::string bwhere = w + ": branches." + it.key().substr(0, 64);
    if (!it->is_object()) return MakeError(ErrorCode::kCorrupt, bwhere + ": not a mapping");
    auto time = it->find("time");
    if (time != it->end() && !time->is_null()) {
      if (!time->is_string()) return MakeError(ErrorCode::kCorrupt, bwhere + ": field 'time' is not a string");
      std::string ts = NormalizeDateTimeUtc(time->get_ref<const std::string&>());
      if (ts.empty() && !TrimSpace(time->get_ref<const std::string&>()).empty()) {
        return MakeError(ErrorCode::kCorrupt, bwhere + ": field 'time' is not 'YYYY-MM-DD HH:MM:SS'");
      }
      if (!ts.empty() && (adv.published.empty() || ts < adv.published)) adv.published = ts;
      if (ts > meta.as_of) meta.as_of = ts;
    }
    auto versions = it->find("versions");
    if (versions == it->end()) return MakeError(ErrorCode::kCorrupt, bwhere + ": missing field 'versions'");
    model::AffectedRange range;
    range.type = model::AffectedRange::Type::kConstraints;
    if (versions->is_string()) {
      HS_RETURN_IF_ERROR(AddConstraints(versions->get_ref<const std::string&>(), bwhere, range.all_of));
    } else if (versions->is_array()) {
      for (const Json& v : *versions) {
        if (!v.is_string()) return MakeError(ErrorCode::kCorrupt, bwhere + ": a version constraint is not a string");
        HS_RETURN_IF_ERROR(AddConstraints(v.get_ref<const std::string&>(), bwhere, range.all_of));
      }
    } else {
      return MakeError(ErrorCode::kCorrupt, bwhere + ": field 'versions' is not a list");
    }
    for (const model::VersionConstraint& c : range.all_of) {
      bounded = bounded || c.op == model::VersionConstraint::Op::kLt || c.op == model::VersionConstraint::Op::kLe;
    }
    ap.ranges.push_back(std::move(range));
  }
  ap.state = bounded ? model::FixState::kFixed : model::FixState::kAffected;
  adv.affected.push_back(std::move(ap));
  HS_RETURN_IF_ERROR(sink.AddAdvisory(std::move(adv)));
  ++meta.records;
  return OkStatus();
}

std::unique_ptr<FeedImporter> NewFriendsOfPhpImporter() { return std::make_unique<FriendsOfPhpImporter>(); }

}  // namespace hullscan::feed
