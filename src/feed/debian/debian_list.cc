// DSA/DLA list parser. Format (security-tracker data/DSA/list, data/DLA/list):
//   [29 Mar 2023] DSA-5380-1 xorg-server - security update
//   	{CVE-2023-1393}
//   	[bullseye] - xorg-server 2:1.20.11-1+deb11u6
//   	[lenny] - vlc <not-affected> (Vulnerable code not present)
//   	NOTE: free text
// Body lines are indented with a tab or spaces (8, 7, 4 or 1 in the real file). A release line
// may carry a parenthesised remark after the version ("(bug #365910; medium)"), ignored.
#include <algorithm>
#include <array>
#include <utility>

#include "feed/common/record_text.h"
#include "feed/debian/debian_importer.h"
#include "feed/debian/debian_internal.h"
#include "model/advisory.h"
#include "version/version_scheme.h"

namespace hullscan::feed {

namespace {

using debian_internal::AddNote;

constexpr uint64_t kMaxIdBytes = 64;
constexpr uint64_t kMaxAliases = 4096;
constexpr uint64_t kMaxReleaseLines = 4096;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "29 Mar 2023" -> "2023-03-29"; "" when malformed.
std::string ParseDate(std::string_view s) {
  static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  size_t sp1 = s.find(' ');
  if (sp1 == std::string_view::npos || sp1 == 0 || sp1 > 2) return {};
  std::string_view day = s.substr(0, sp1);
  std::string_view rest = s.substr(sp1 + 1);
  if (rest.size() != 8 || rest[3] != ' ') return {};
  std::string_view mon = rest.substr(0, 3);
  std::string_view year = rest.substr(4);
  if (!std::all_of(day.begin(), day.end(), IsDigit) || !std::all_of(year.begin(), year.end(), IsDigit)) return {};
  auto m = std::find(kMonths.begin(), kMonths.end(), mon);
  if (m == kMonths.end()) return {};
  int d = std::stoi(std::string(day));
  if (d < 1 || d > 31) return {};
  int mi = static_cast<int>(m - kMonths.begin()) + 1;
  std::string out(year);
  out += '-';
  out += static_cast<char>('0' + mi / 10);
  out += static_cast<char>('0' + mi % 10);
  out += '-';
  out += static_cast<char>('0' + d / 10);
  out += static_cast<char>('0' + d % 10);
  return out;
}

bool IsAdvisoryId(std::string_view id) {
  // DSA-5380-1, DLA-3380-1, DSA-123 (old entries), DTSA-12-1.
  if (id.empty() || id.size() > kMaxIdBytes) return false;
  size_t dash = id.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == id.size()) return false;
  for (size_t i = 0; i < dash; ++i) {
    if (id[i] < 'A' || id[i] > 'Z') return false;
  }
  for (size_t i = dash + 1; i < id.size(); ++i) {
    if (!IsDigit(id[i]) && id[i] != '-') return false;
  }
  return IsDigit(id[dash + 1]) && id.back() != '-';
}

class ListParser {
 public:
  ListParser(std::string_view what, store::AdvisorySink& sink, FeedMeta& meta)
      : what_(what), sink_(sink), meta_(meta), dpkg_(version::SchemeFor(version::SchemeId::kDpkg)) {}

  Status Line(std::string_view line, uint64_t line_no) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (TrimSpace(line).empty()) return OkStatus();
    if (line[0] == '[') return Header(line, line_no);
    if (line[0] != '\t' && line[0] != ' ') return Fail(line_no, "line is neither an entry header nor indented");
    if (!open_) return Fail(line_no, "indented line before the first entry header");
    std::string_view body = TrimSpace(line);
    if (body.substr(0, 5) == "NOTE:") return OkStatus();
    if (body[0] == '{') return Cves(body, line_no);
    if (body[0] == '[') return Release(body, line_no);
    return Fail(line_no, "unrecognised line in entry " + current_.id);
  }

  Status Finish() {
    HS_RETURN_IF_ERROR(Flush());
    if (!as_of_.empty()) meta_.as_of = std::max(meta_.as_of, as_of_);
    return OkStatus();
  }

 private:
  Status Fail(uint64_t line_no, const std::string& why) const {
    return MakeError(ErrorCode::kCorrupt, what_ + ": line " + std::to_string(line_no) + ": " + why);
  }

  Status Flush() {
    if (!open_) return OkStatus();
    open_ = false;
    std::sort(current_.aliases.begin(), current_.aliases.end());
    current_.aliases.erase(std::unique(current_.aliases.begin(), current_.aliases.end()), current_.aliases.end());
    std::erase(current_.aliases, current_.id);
    HS_RETURN_IF_ERROR(sink_.AddAdvisory(std::move(current_)));
    ++meta_.records;
    current_ = model::Advisory();
    return OkStatus();
  }

  // [DD Mon YYYY] ID <packages> - <description>
  Status Header(std::string_view line, uint64_t line_no) {
    HS_RETURN_IF_ERROR(Flush());
    size_t close = line.find(']');
    if (close == std::string_view::npos) return Fail(line_no, "entry header without ']'");
    std::string date = ParseDate(line.substr(1, close - 1));
    if (date.empty()) return Fail(line_no, "entry header date is not 'DD Mon YYYY'");
    std::string_view rest = TrimSpace(line.substr(close + 1));
    size_t sp = rest.find_first_of(" \t");
    std::string_view id = rest.substr(0, sp);
    if (!IsAdvisoryId(id)) return Fail(line_no, "entry header id is not an advisory id");
    std::string_view tail = sp == std::string_view::npos ? std::string_view() : TrimSpace(rest.substr(sp));
    size_t dash = tail.find(" - ");
    std::string_view summary = dash == std::string_view::npos ? tail : TrimSpace(tail.substr(dash + 3));
    current_ = model::Advisory();
    current_.id = std::string(id);
    current_.summary = FirstLine(summary);
    current_.published = date;
    current_.references.push_back("https://security-tracker.debian.org/tracker/" + current_.id);
    if (date > as_of_) as_of_ = date;
    open_ = true;
    return OkStatus();
  }

  // {CVE-… CVE-…}
  Status Cves(std::string_view body, uint64_t line_no) {
    if (body.back() != '}') return Fail(line_no, "'{' without '}' in entry " + current_.id);
    std::string_view inner = body.substr(1, body.size() - 2);
    size_t pos = 0;
    while (pos < inner.size()) {
      size_t b = inner.find_first_not_of(" \t", pos);
      if (b == std::string_view::npos) break;
      size_t e = inner.find_first_of(" \t", b);
      std::string_view tok = inner.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b);
      pos = e == std::string_view::npos ? inner.size() : e;
      if (tok.size() > kMaxIdBytes) return Fail(line_no, "id longer than 64 bytes in entry " + current_.id);
      if (current_.aliases.size() >= kMaxAliases) return Fail(line_no, "too many ids in entry " + current_.id);
      current_.aliases.emplace_back(tok);
    }
    return OkStatus();
  }

  // [codename] - <source> <version | <tag>> [(remark)]
  Status Release(std::string_view body, uint64_t line_no) {
    size_t close = body.find(']');
    if (close == std::string_view::npos) return Fail(line_no, "release without ']' in entry " + current_.id);
    std::string codename(body.substr(1, close - 1));
    std::string_view rest = TrimSpace(body.substr(close + 1));
    if (rest.substr(0, 1) != "-") return Fail(line_no, "release line without ' - ' in entry " + current_.id);
    rest = TrimSpace(rest.substr(1));
    size_t sp = rest.find_first_of(" \t");
    if (sp == std::string_view::npos) return Fail(line_no, "release line without a version in entry " + current_.id);
    std::string_view source = rest.substr(0, sp);
    rest = TrimSpace(rest.substr(sp));
    if (current_.affected.size() >= kMaxReleaseLines) return Fail(line_no, "too many releases in entry " + current_.id);
    const std::string where = what_ + ": line " + std::to_string(line_no) + ": " + current_.id;
    std::optional<std::string> eco = DebianEcosystem(codename);
    if (!eco) {
      ++meta_.skipped;
      AddNote(meta_, where + ": skipped unknown release '" + codename.substr(0, 32) + "'");
      return OkStatus();
    }
    model::AffectedPackage ap;
    ap.ecosystem = *eco;
    ap.name = model::NormalizePackageName(ap.ecosystem, source);
    model::AffectedRange range;
    range.type = model::AffectedRange::Type::kEcosystem;
    range.events.push_back({model::RangeEvent::Kind::kIntroduced, "0"});
    if (rest[0] == '<') {
      size_t gt = rest.find('>');
      if (gt == std::string_view::npos) return Fail(line_no, "tag without '>' in entry " + current_.id);
      std::string_view tag = rest.substr(1, gt - 1);
      std::string_view reason = TrimSpace(rest.substr(gt + 1));
      if (reason.size() >= 2 && reason.front() == '(' && reason.back() == ')') {
        reason = TrimSpace(reason.substr(1, reason.size() - 2));
      }
      ap.note = TruncateUtf8(reason, 1024);
      if (tag == "not-affected") {
        ap.state = model::FixState::kNotAffected;
      } else if (tag == "unfixed" || tag == "postponed" || tag == "undetermined") {
        ap.state = model::FixState::kAffected;
        ap.ranges.push_back(std::move(range));
      } else if (tag == "end-of-life" || tag == "no-dsa" || tag == "ignored") {
        ap.state = model::FixState::kWillNotFix;
        ap.ranges.push_back(std::move(range));
        if (ap.note.empty()) ap.note = std::string(tag);
      } else {
        ++meta_.skipped;
        AddNote(meta_, where + ": skipped unknown tag <" + std::string(tag.substr(0, 32)) + ">");
        return OkStatus();
      }
    } else {
      size_t vend = rest.find_first_of(" \t");
      std::string_view ver = rest.substr(0, vend);
      auto parsed = dpkg_.Parse(ver);
      if (!parsed) {
        ++meta_.skipped;
        AddNote(meta_, where + ": skipped: " + parsed.error().message());
        return OkStatus();
      }
      ap.state = model::FixState::kFixed;
      range.events.push_back({model::RangeEvent::Kind::kFixed, std::string(ver)});
      ap.ranges.push_back(std::move(range));
    }
    current_.affected.push_back(std::move(ap));
    return OkStatus();
  }

  std::string what_;
  store::AdvisorySink& sink_;
  FeedMeta& meta_;
  const version::VersionScheme& dpkg_;
  model::Advisory current_;
  bool open_ = false;
  std::string as_of_;
};

// The first non-empty line is an entry header with the given id prefix ("DSA-").
bool HeadStartsWithHeader(std::string_view head, std::string_view prefix) {
  size_t b = head.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return false;
  std::string_view line = head.substr(b, head.find('\n', b) - b);
  if (line.empty() || line[0] != '[') return false;
  size_t close = line.find("] ");
  if (close == std::string_view::npos || ParseDate(line.substr(1, close - 1)).empty()) return false;
  return line.substr(close + 2, prefix.size()) == prefix;
}

class DebianListImporter final : public FeedImporter {
 public:
  DebianListImporter(std::string_view format, std::string_view prefix, std::string_view dir)
      : format_(format), prefix_(prefix), dir_(dir) {}

  std::string_view format() const override { return format_; }

  bool Detect(const FeedHead& head) const override {
    if (head.is_archive) return false;
    // By content: the file is named "list" upstream, but a renamed copy must still be found.
    if (HeadStartsWithHeader(head.head, prefix_)) return true;
    std::string_view p = head.path;
    std::string suffix = std::string(dir_) + "/list";
    bool by_path = p.size() >= suffix.size() && p.substr(p.size() - suffix.size()) == suffix;
    return by_path && TrimSpace(head.head).empty();
  }

  Status Import(const std::string& path, store::AdvisorySink& sink, FeedMeta& meta) const override {
    ListParser parser(path, sink, meta);
    FeedFileLimits limits;
    HS_RETURN_IF_ERROR(ForEachFeedLine(path, limits, [&](std::string_view line, uint64_t line_no) -> Status {
      return parser.Line(line, line_no);
    }));
    return parser.Finish();
  }

 private:
  std::string_view format_;
  std::string_view prefix_;
  std::string_view dir_;
};

}  // namespace

Status ImportDebianListText(std::string_view text, std::string_view what, store::AdvisorySink& sink,
                            FeedMeta& meta) {
  ListParser parser(what, sink, meta);
  uint64_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    HS_RETURN_IF_ERROR(parser.Line(line, ++line_no));
  }
  return parser.Finish();
}

std::unique_ptr<FeedImporter> NewDebianDsaListImporter() {
  return std::make_unique<DebianListImporter>("debian-dsa-list", "DSA-", "DSA");
}
std::unique_ptr<FeedImporter> NewDebianDlaListImporter() {
  return std::make_unique<DebianListImporter>("debian-dla-list", "DLA-", "DLA");
}

}  // namespace hullscan::feed
