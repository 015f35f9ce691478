#include "feed/friendsofphp/friendsofphp_importer.h"

#include <algorithm>
#include <utility>

#include "model/advisory.h"

namespace hullscan::feed {

namespace {

constexpr uint64_t kMaxIdBytes = 64;
constexpr uint64_t kMaxNameBytes = 256;
constexpr uint64_t kMaxBranches = 1024;
constexpr uint64_t kMaxConstraints = 64;

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string TruncateUtf8(std::string_view s, uint64_t max) {
  if (s.size() <= max) return std::string(s);
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads 1..max_digits digits at `pos`.
bool ReadNumber(std::string_view s, size_t& pos, size_t min_digits, size_t max_digits, int64_t& out) {
  size_t start = pos;
  out = 0;
  while (pos < s.size() && IsDigit(s[pos]) && pos - start < max_digits) out = out * 10 + (s[pos++] - '0');
  return pos - start >= min_digits && (pos >= s.size() || !IsDigit(s[pos]));
}

bool Expect(std::string_view s, size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

// Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t& y, int64_t& m, int64_t& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp + (mp < 10 ? 3 : -9);
  y = yoe + era * 400 + (m <= 2);
}

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
    std::string_view part = Trim(text.substr(pos, comma - pos));
    pos = comma + 1;
    static constexpr std::pair<std::string_view, Op> kOps[] = {{">=", Op::kGe}, {"<=", Op::kLe}, {"!=", Op::kNe},
                                                               {"==", Op::kEq}, {">", Op::kGt},  {"<", Op::kLt},
                                                               {"=", Op::kEq}};
    Op op = Op::kEq;
    for (const auto& [t, o] : kOps) {
      if (part.substr(0, t.size()) == t) {
        op = o;
        part = Trim(part.substr(t.size()));
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

std::string NormalizePhpAdvisoryTime(std::string_view text) {
  std::string_view s = Trim(text);
  size_t pos = 0;
  int64_t y, mo, d, h, mi, se;
  if (!ReadNumber(s, pos, 4, 4, y) || !Expect(s, pos, '-') || !ReadNumber(s, pos, 1, 2, mo) ||
      !Expect(s, pos, '-') || !ReadNumber(s, pos, 1, 2, d) || !(Expect(s, pos, ' ') || Expect(s, pos, 'T')) ||
      !ReadNumber(s, pos, 1, 2, h) || !Expect(s, pos, ':') || !ReadNumber(s, pos, 1, 2, mi) ||
      !Expect(s, pos, ':') || !ReadNumber(s, pos, 1, 2, se)) {
    return {};
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return {};
  int64_t offset_min = 0;
  std::string_view rest = Trim(s.substr(pos));
  if (!rest.empty() && rest != "Z" && rest != "UTC") {
    if (rest.size() != 5 || (rest[0] != '+' && rest[0] != '-') ||
        !std::all_of(rest.begin() + 1, rest.end(), IsDigit)) {
      return {};
    }
    offset_min = ((rest[1] - '0') * 10 + (rest[2] - '0')) * 60 + (rest[3] - '0') * 10 + (rest[4] - '0');
    if (rest[0] == '-') offset_min = -offset_min;
  }
  int64_t t = ((DaysFromCivil(y, mo, d) * 24 + h) * 60 + mi - offset_min) * 60 + se;
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int64_t secs = t - days * 86400;
  CivilFromDays(days, y, mo, d);
  if (y < 1 || y > 9999) return {};
  auto pad = [](int64_t v, size_t width) {
    std::string t = std::to_string(v);
    return std::string(t.size() < width ? width - t.size() : 0, '0') + t;
  };
  return pad(y, 4) + "-" + pad(mo, 2) + "-" + pad(d, 2) + "T" + pad(secs / 3600, 2) + ":" + pad(secs / 60 % 60, 2) +
         ":" + pad(secs % 60, 2) + "Z";
}

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
  cve = std::string(Trim(cve));
  if (!cve.empty()) {
    adv.id = cve;
  } else if (!IsDateStem(stem)) {
    adv.id = stem;
  } else {
    adv.id = model::NormalizePackageName("Packagist", package) + "/" + stem;
  }
  if (stem != adv.id && !IsDateStem(stem)) adv.aliases.push_back(stem);
  std::string_view t = Trim(title);
  adv.summary = TruncateUtf8(t.substr(0, t.find('\n')), 1024);
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
      std::string ts = NormalizePhpAdvisoryTime(time->get_ref<const std::string&>());
      if (ts.empty() && !Trim(time->get_ref<const std::string&>()).empty()) {
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
