#include "extract/os/os_release/os_release_extractor.h"

#include <array>
#include <utility>

#include "base/byte_io.h"
#include "extract/common/messages.h"
#include "extract/common/warning_budget.h"

namespace hullscan::extract::os_release {

namespace {

using common::LineError;
using common::Quote;

constexpr std::string_view kEtcOsRelease = "/etc/os-release";
constexpr std::string_view kUsrLibOsRelease = "/usr/lib/os-release";
constexpr std::string_view kAlpineRelease = "/etc/alpine-release";
constexpr std::string_view kDebianVersion = "/etc/debian_version";
constexpr std::array<std::string_view, 3> kRedHatReleases = {
    "/etc/redhat-release", "/etc/centos-release", "/etc/system-release"};

enum class FileKind { kNone, kOsRelease, kAlpine, kDebian, kRedHat };

FileKind KindOf(std::string_view path) {
  if (path == kEtcOsRelease || path == kUsrLibOsRelease) return FileKind::kOsRelease;
  if (path == kAlpineRelease) return FileKind::kAlpine;
  if (path == kDebianVersion) return FileKind::kDebian;
  for (std::string_view p : kRedHatReleases) {
    if (path == p) return FileKind::kRedHat;
  }
  return FileKind::kNone;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsAlnum(char c) { return IsDigit(c) || IsLower(c) || (c >= 'A' && c <= 'Z'); }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// The first line of a one-line release file, trimmed.
std::string_view FirstLine(std::string_view text) {
  text = Trim(text);
  size_t nl = text.find('\n');
  return Trim(text.substr(0, nl));
}

bool IsWord(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsLower(c)) return false;
  }
  return true;
}

// A version as release files write it: starts with a digit, then digits, letters, and
// . _ - + ~ only ("3.20.3", "3.21.0_alpha20240807", "7.9.2009").
bool IsVersionToken(std::string_view s) {
  if (s.empty() || s.size() > 64 || !IsDigit(s.front())) return false;
  for (char c : s) {
    if (!IsAlnum(c) && c != '.' && c != '_' && c != '-' && c != '+' && c != '~') return false;
  }
  return true;
}

std::string_view MajorOf(std::string_view version) { return version.substr(0, version.find('.')); }

// Parses the value part of an os-release assignment the way a POSIX shell reads one word:
// "..." (backslash escapes only $ ` " \ and newline), '...' (literal), and unquoted text
// (backslash escapes any character), concatenated; unquoted whitespace ends the word.
// Returns false when a quote is not closed (the value read so far is kept).
bool ParseShellValue(std::string_view raw, std::string& out) {
  out.clear();
  size_t i = 0;
  while (i < raw.size()) {
    char c = raw[i];
    if (c == '"') {
      ++i;
      for (;;) {
        if (i >= raw.size()) return false;
        char d = raw[i];
        if (d == '"') {
          ++i;
          break;
        }
        if (d == '\\' && i + 1 < raw.size() &&
            (raw[i + 1] == '$' || raw[i + 1] == '`' || raw[i + 1] == '"' || raw[i + 1] == '\\' ||
             raw[i + 1] == '\n')) {
          out.push_back(raw[i + 1]);
          i += 2;
          continue;
        }
        out.push_back(d);
        ++i;
      }
    } else if (c == '\'') {
      size_t close = raw.find('\'', i + 1);
      if (close == std::string_view::npos) {
        out.append(raw.substr(i + 1));
        return false;
      }
      out.append(raw.substr(i + 1, close - i - 1));
      i = close + 1;
    } else if (c == '\\') {
      if (i + 1 < raw.size()) out.push_back(raw[i + 1]);
      i += 2;
    } else if (c == ' ' || c == '\t') {
      break;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return true;
}

bool IsValidKey(std::string_view key) {
  if (key.empty() || IsDigit(key.front())) return false;
  for (char c : key) {
    if (!IsAlnum(c) && c != '_') return false;
  }
  return true;
}

// The word in the last "(...)" of os-release VERSION, when it is a lowercase codename
// ("12 (bookworm)" -> "bookworm"; "16.04.7 LTS (Xenial Xerus)" -> "").
std::string CodenameFromVersion(std::string_view version) {
  size_t open = version.rfind('(');
  if (open == std::string_view::npos) return "";
  size_t close = version.find(')', open);
  if (close == std::string_view::npos) return "";
  std::string_view word = Trim(version.substr(open + 1, close - open - 1));
  return IsWord(word) ? std::string(word) : "";
}

struct RedHatName {
  std::string_view prefix;
  std::string_view id;
};
// Longest prefixes first where one is a prefix of another.
constexpr std::array<RedHatName, 7> kRedHatNames = {{
    {"Red Hat Enterprise Linux", "rhel"},
    {"CentOS", "centos"},
    {"Rocky Linux", "rocky"},
    {"AlmaLinux", "almalinux"},
    {"Fedora", "fedora"},
    {"Oracle Linux", "ol"},
    {"Amazon Linux", "amzn"},
}};

class OsReleaseExtractor final : public PackageExtractor {
 public:
  std::string_view name() const override { return kExtractorName; }
  int version() const override { return kExtractorVersion; }

  bool Wants(const FileInfo& info) const override {
    return info.type == layer::EntryType::kRegular && KindOf(info.path) != FileKind::kNone;
  }

  Status Extract(FileInput& in, ExtractSink& out) override {
    const std::string path(in.path());
    FileKind kind = KindOf(path);
    if (kind == FileKind::kNone) {
      return MakeError(ErrorCode::kInvalidArgument, "read " + path + ": not an OS release file");
    }
    HS_ASSIGN_OR_RETURN(std::string text, ReadAll(in.content(), kMaxReleaseFileBytes, path));
    switch (kind) {
      case FileKind::kOsRelease: {
        OsReleaseParse parsed = ParseOsRelease(text);
        if (parsed.assignments == 0 && !parsed.warnings.empty()) {
          return MakeError(ErrorCode::kCorrupt,
                           "not an os-release file (no KEY=value line): " + parsed.warnings.front().message());
        }
        common::WarningBudget budget(out, path);
        for (const Error& w : parsed.warnings) budget.Warn(w);
        if (parsed.distro.id.empty() && parsed.assignments > 0) {
          budget.Warn(Error(ErrorCode::kCorrupt, "no ID= line"));
        }
        budget.Finish();
        if (parsed.assignments > 0) out.AddDistro(path, std::move(parsed.distro));
        return OkStatus();
      }
      case FileKind::kAlpine: {
        HS_ASSIGN_OR_RETURN(model::Distro d, ParseAlpineRelease(text));
        out.AddDistro(path, std::move(d));
        return OkStatus();
      }
      case FileKind::kDebian: {
        HS_ASSIGN_OR_RETURN(model::Distro d, ParseDebianVersion(text));
        out.AddDistro(path, std::move(d));
        return OkStatus();
      }
      case FileKind::kRedHat: {
        HS_ASSIGN_OR_RETURN(model::Distro d, ParseRedHatRelease(text));
        out.AddDistro(path, std::move(d));
        return OkStatus();
      }
      case FileKind::kNone:
        break;
    }
    return OkStatus();
  }
};

}  // namespace

std::string_view DebianCodename(std::string_view major) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kCodenames = {{
      {"6", "squeeze"},
      {"7", "wheezy"},
      {"8", "jessie"},
      {"9", "stretch"},
      {"10", "buster"},
      {"11", "bullseye"},
      {"12", "bookworm"},
      {"13", "trixie"},
      {"14", "forky"},
      {"15", "duke"},
  }};
  for (const auto& [version, codename] : kCodenames) {
    if (version == major) return codename;
  }
  return "";
}

OsReleaseParse ParseOsRelease(std::string_view text) {
  OsReleaseParse result;
  std::string version;  // VERSION, only for the Debian codename fallback
  std::string ubuntu_codename;
  uint64_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    line = Trim(line);
    if (line.empty() || line.front() == '#') continue;
    size_t eq = line.find('=');
    std::string_view key = eq == std::string_view::npos ? std::string_view() : line.substr(0, eq);
    if (!IsValidKey(key)) {
      result.warnings.push_back(LineError(line_no, "not a KEY=value line: " + Quote(line)));
      continue;
    }
    std::string value;
    if (!ParseShellValue(line.substr(eq + 1), value)) {
      result.warnings.push_back(LineError(line_no, "unterminated quote in " + Quote(key)));
    }
    ++result.assignments;
    // Later assignments win, as when the file is sourced by a shell.
    if (key == "ID") {
      result.distro.id = std::move(value);
    } else if (key == "VERSION_ID") {
      result.distro.version_id = std::move(value);
    } else if (key == "VERSION_CODENAME") {
      result.distro.codename = std::move(value);
    } else if (key == "UBUNTU_CODENAME") {
      ubuntu_codename = std::move(value);
    } else if (key == "NAME") {
      result.distro.name = std::move(value);
    } else if (key == "PRETTY_NAME") {
      result.distro.pretty_name = std::move(value);
    } else if (key == "ID_LIKE") {
      result.distro.id_like = std::move(value);
    } else if (key == "VERSION") {
      version = std::move(value);
    }
  }
  model::Distro& d = result.distro;
  if (d.codename.empty()) d.codename = ubuntu_codename;
  if (d.codename.empty() && d.id == "debian") {
    d.codename = CodenameFromVersion(version);
    if (d.codename.empty()) d.codename = std::string(DebianCodename(MajorOf(d.version_id)));
  }
  return result;
}

Result<model::Distro> ParseAlpineRelease(std::string_view text) {
  std::string_view line = FirstLine(text);
  if (!IsVersionToken(line)) {
    return MakeError(ErrorCode::kCorrupt, "alpine-release: not a release version: " + Quote(line));
  }
  model::Distro d;
  d.id = "alpine";
  d.version_id = std::string(line);
  return d;
}

Result<model::Distro> ParseDebianVersion(std::string_view text) {
  std::string_view line = FirstLine(text);
  model::Distro d;
  d.id = "debian";
  d.name = "Debian GNU/Linux";
  if (IsVersionToken(line)) {
    std::string_view major = MajorOf(line);
    for (char c : major) {
      if (!IsDigit(c)) return MakeError(ErrorCode::kCorrupt, "debian_version: not a release: " + Quote(line));
    }
    d.version_id = std::string(major);
    d.codename = std::string(DebianCodename(major));
  } else if (size_t slash = line.find('/'); slash != std::string_view::npos && IsWord(line.substr(0, slash)) &&
                                            line.substr(slash + 1) == "sid") {
    // Testing and unstable both say "<next codename>/sid"; the tracker treats the image as
    // that codename.
    d.codename = std::string(line.substr(0, slash));
  } else {
    return MakeError(ErrorCode::kCorrupt, "debian_version: not a release: " + Quote(line));
  }
  d.pretty_name = "Debian GNU/Linux " + std::string(line);
  return d;
}

Result<model::Distro> ParseRedHatRelease(std::string_view text) {
  std::string_view line = FirstLine(text);
  constexpr std::string_view kRelease = " release ";
  size_t at = line.find(kRelease);
  if (at == std::string_view::npos) {
    return MakeError(ErrorCode::kCorrupt, "release file: no ' release <version>' in " + Quote(line));
  }
  std::string_view name = Trim(line.substr(0, at));
  std::string_view rest = Trim(line.substr(at + kRelease.size()));
  size_t space = 0;
  while (space < rest.size() && !IsSpace(rest[space])) ++space;
  std::string_view version = rest.substr(0, space);
  if (!IsVersionToken(version)) {
    return MakeError(ErrorCode::kCorrupt, "release file: not a version after 'release' in " + Quote(line));
  }
  std::string_view id;
  for (const RedHatName& n : kRedHatNames) {
    if (name.starts_with(n.prefix)) {
      id = n.id;
      break;
    }
  }
  if (id.empty()) {
    return MakeError(ErrorCode::kUnsupported, "release file: unrecognised distribution " + Quote(name));
  }
  model::Distro d;
  d.id = std::string(id);
  d.name = std::string(name);
  d.pretty_name = std::string(line);
  if (id == "centos") {
    // CentOS's own os-release says VERSION_ID="7" for "7.9.2009".
    d.version_id = std::string(MajorOf(version));
  } else if (id == "amzn") {
    // Amazon Linux 2022 and later write "2023.5.20240805" here and VERSION_ID="2023" in
    // os-release; "2" and "2018.03" are already what os-release says.
    std::string_view major = MajorOf(version);
    bool year_release = major.size() == 4 && IsDigit(major[0]) && IsDigit(major[1]) && IsDigit(major[2]) &&
                        IsDigit(major[3]) && major >= "2022";
    d.version_id = std::string(year_release ? major : version);
  } else {
    d.version_id = std::string(version);
  }
  return d;
}

std::unique_ptr<PackageExtractor> NewOsReleaseExtractor() { return std::make_unique<OsReleaseExtractor>(); }

}  // namespace hullscan::extract::os_release
