#include "extract/os/dpkg/dpkg_extractor.h"

#include <array>
#include <string>

#include "extract/common/messages.h"
#include "extract/common/owned_files.h"
#include "extract/common/stanza_reader.h"
#include "extract/common/warning_budget.h"

namespace hullscan::extract::dpkg {

namespace {

using common::LineError;
using common::Quote;

constexpr std::string_view kStatusPath = "/var/lib/dpkg/status";
constexpr std::string_view kStatusDir = "/var/lib/dpkg/status.d/";
constexpr std::string_view kInfoDir = "/var/lib/dpkg/info/";

// Suffixes of the per-package files dpkg keeps in /var/lib/dpkg/info/ (dpkg(1) "FILES",
// deb-md5sums(5), deb-conffiles(5), deb-triggers(5), deb-shlibs(5), deb-symbols(5)) and of
// dpkg's own temporary and backup files. Distroless writes only `<pkg>` and `<pkg>.md5sums`
// into status.d, but tools that copy a whole info/ directory there would bring the rest.
// Package names may themselves contain dots ("libglib2.0-0"), so only these suffixes exclude.
constexpr std::array<std::string_view, 15> kNotControlSuffixes = {
    ".md5sums",  ".list",    ".conffiles", ".preinst", ".postinst", ".prerm",
    ".postrm",   ".config",  ".templates", ".triggers", ".shlibs",  ".symbols",
    ".dpkg-new", ".dpkg-old", ".dpkg-tmp",
};

bool IsStatusDirFile(std::string_view path) {
  if (!path.starts_with(kStatusDir)) return false;
  std::string_view name = path.substr(kStatusDir.size());
  // Debian Policy 5.6.1: package names start with an alphanumeric character.
  if (name.empty() || name.front() == '.' || name.find('/') != std::string_view::npos) return false;
  if (name.back() == '~') return false;
  for (std::string_view suffix : kNotControlSuffixes) {
    if (name.ends_with(suffix)) return false;
  }
  return true;
}

// A file list: dpkg's info/<pkg>[:<arch>].list (one absolute path per line, dpkg(1) FILES) or
// a distroless status.d/<pkg>.md5sums (deb-md5sums(5): "<md5>  <path relative to />").
// Returns the owning package's name, or "" when `path` is neither.
std::string_view FileListOwner(std::string_view path, bool* md5sums) {
  std::string_view name;
  if (path.starts_with(kInfoDir) && path.ends_with(".list")) {
    name = path.substr(kInfoDir.size(), path.size() - kInfoDir.size() - 5);
    *md5sums = false;
  } else if (path.starts_with(kStatusDir) && path.ends_with(".md5sums")) {
    name = path.substr(kStatusDir.size(), path.size() - kStatusDir.size() - 8);
    *md5sums = true;
  } else {
    return {};
  }
  if (name.find('/') != std::string_view::npos) return {};
  size_t colon = name.find(':');  // multi-arch: "libssl3:amd64.list"
  if (colon != std::string_view::npos) name = name.substr(0, colon);
  return name;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "Source: name" or "Source: name (version)" (deb-control(5): "The version number is given
// only if it differs from the binary package's version").
void ParseSource(std::string_view value, std::string& name, std::string& version) {
  size_t paren = value.find('(');
  name = std::string(Trim(value.substr(0, paren)));
  version.clear();
  if (paren == std::string_view::npos) return;
  std::string_view rest = value.substr(paren + 1);
  size_t close = rest.find(')');
  version = std::string(Trim(rest.substr(0, close)));
}

// The single-line value of a field that must be a single token, or "" when it is absent,
// empty or spread over continuation lines (reported as a warning).
std::string SimpleValue(const common::Stanza& s, std::string_view field, common::WarningBudget& budget) {
  const common::StanzaField* f = s.Find(field);
  if (f == nullptr) return "";
  if (f->multiline()) {
    budget.Warn(LineError(f->line, "field '" + std::string(field) + "' spans several lines"));
    return "";
  }
  return f->value;
}

class DpkgExtractor final : public PackageExtractor {
 public:
  std::string_view name() const override { return kExtractorName; }
  int version() const override { return kExtractorVersion; }

  bool Wants(const FileInfo& info) const override {
    if (info.type != layer::EntryType::kRegular) return false;
    bool md5sums = false;
    return info.path == kStatusPath || IsStatusDirFile(info.path) || !FileListOwner(info.path, &md5sums).empty();
  }

  Status Extract(FileInput& in, ExtractSink& out) override {
    const std::string path(in.path());
    HS_ASSIGN_OR_RETURN(std::string text, in.ReadAll());
    bool md5sums = false;
    if (std::string_view owner = FileListOwner(path, &md5sums); !owner.empty()) {
      AddFileList(text, owner, md5sums, out);
      return OkStatus();
    }
    // A file in which no line is a field is not a control file: one kCorrupt error rather
    // than a warning per line.
    common::WarningBudget budget(out, path, common::WarningBudget::Mode::kHoldUntilConfirmed);
    common::StanzaReader reader(text);
    while (reader.Next()) {
      const common::Stanza& s = reader.stanza();
      if (!s.fields.empty()) budget.Confirm();
      for (const Error& w : reader.warnings()) budget.Warn(w);
      if (reader.truncated() || s.fields.empty()) continue;
      AddStanza(s, path, out, budget);
    }
    return budget.Conclude("not a dpkg control file (no well-formed stanza)");
  }

 private:
  // Lines that are not paths (a corrupt list) are skipped: ownership is a hint for matching,
  // and a missing entry only means the package is matched as its language's package.
  static void AddFileList(std::string_view text, std::string_view owner, bool md5sums, ExtractSink& out) {
    while (!text.empty()) {
      size_t nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
      if (md5sums) {
        size_t sep = line.find("  ");
        if (sep == std::string_view::npos) continue;
        line = line.substr(sep + 2);
      }
      while (line.starts_with("./")) line.remove_prefix(1);
      if (line.empty() || line == "/.") continue;
      std::string file = line.front() == '/' ? std::string(line) : "/" + std::string(line);
      if (common::MayHoldLanguagePackage(file)) out.AddOwnedFile(std::move(file), std::string(owner));
    }
  }

  void AddStanza(const common::Stanza& s, const std::string& path, ExtractSink& out,
                 common::WarningBudget& budget) {
    std::string name = SimpleValue(s, "Package", budget);
    if (name.empty()) {
      budget.Warn(LineError(s.first_line, "stanza has no 'Package' field; skipped"));
      return;
    }
    // status.d files are `dpkg-deb -f` output and carry no Status; a stanza without one is
    // taken as installed wherever it is. Entries for removed packages (config-files,
    // not-installed, half-installed, ...) are normal dpkg bookkeeping, not a problem
    // (and often have no Version).
    if (const common::StanzaField* status = s.Find("Status")) {
      if (!IsInstalledStatus(status->value)) return;
    }
    std::string version = SimpleValue(s, "Version", budget);
    if (version.empty()) {
      budget.Warn(LineError(s.first_line, "package " + Quote(name) + " has no 'Version' field; skipped"));
      return;
    }

    model::Package p;
    p.type = model::PackageType::kDeb;
    p.name = std::move(name);
    p.version = std::move(version);
    p.arch = SimpleValue(s, "Architecture", budget);
    ParseSource(SimpleValue(s, "Source", budget), p.source_name, p.source_version);
    if (p.source_name.empty()) p.source_name = p.name;
    if (p.source_version.empty()) p.source_version = p.version;
    p.maintainer = SimpleValue(s, "Maintainer", budget);
    p.path = path;
    p.extractor = std::string(kExtractorName);
    out.AddPackage(std::move(p));
  }
};

}  // namespace

bool IsInstalledStatus(std::string_view status) {
  std::array<std::string_view, 3> words;
  size_t n = 0;
  size_t i = 0;
  while (i < status.size()) {
    while (i < status.size() && (status[i] == ' ' || status[i] == '\t')) ++i;
    if (i == status.size()) break;
    size_t start = i;
    while (i < status.size() && status[i] != ' ' && status[i] != '\t') ++i;
    if (n == words.size()) return false;
    words[n++] = status.substr(start, i - start);
  }
  if (n != 3) return false;
  return (words[0] == "install" || words[0] == "hold") && words[1] == "ok" && words[2] == "installed";
}

std::unique_ptr<PackageExtractor> NewDpkgExtractor() { return std::make_unique<DpkgExtractor>(); }

}  // namespace hullscan::extract::dpkg
