#include "extract/os/apk/apk_extractor.h"

#include <string>
#include <vector>

#include "extract/common/messages.h"
#include "extract/common/owned_files.h"
#include "extract/common/warning_budget.h"

namespace hullscan::extract::apk {

namespace {

using common::LineError;
using common::Quote;

constexpr std::string_view kInstalledPath = "/lib/apk/db/installed";
constexpr std::string_view kUsrInstalledPath = "/usr/lib/apk/db/installed";

bool IsBlankLine(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t') return false;
  }
  return true;
}

// The fields of one record that we keep; the rest of the record is skipped line by line.
struct Record {
  uint64_t first_line = 0;  ///< 0 while no well-formed line has been seen
  std::string name;         // P
  std::string version;      // V
  std::string arch;         // A
  std::string origin;       // o
  std::string license;      // L
  std::string maintainer;   // m
  std::string dir;          // the last F: (a directory relative to /)
  std::vector<std::string> owned;  // F:/R: files that may hold language packages
};

class ApkExtractor final : public PackageExtractor {
 public:
  std::string_view name() const override { return kExtractorName; }
  int version() const override { return kExtractorVersion; }

  bool Wants(const FileInfo& info) const override {
    if (info.type != layer::EntryType::kRegular) return false;
    return info.path == kInstalledPath || info.path == kUsrInstalledPath;
  }

  Status Extract(FileInput& in, ExtractSink& out) override {
    const std::string path(in.path());
    HS_ASSIGN_OR_RETURN(std::string text, in.ReadAll());
    // A file in which no line is `X:value` is not an installed database: one kCorrupt error
    // rather than a warning per line.
    common::WarningBudget budget(out, path, common::WarningBudget::Mode::kHoldUntilConfirmed);

    Record rec;
    uint64_t line_no = 0;
    size_t pos = 0;
    while (pos < text.size()) {
      size_t end = text.find('\n', pos);
      if (end == std::string::npos) end = text.size();
      std::string_view line(text.data() + pos, end - pos);
      pos = end + 1;
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

      if (IsBlankLine(line)) {
        Flush(rec, path, out, budget);
        continue;
      }
      if (line.size() < 2 || line[1] != ':') {
        budget.Warn(LineError(line_no, "not an 'X:value' line: " + Quote(line)));
        continue;
      }
      budget.Confirm();
      if (rec.first_line == 0) rec.first_line = line_no;
      std::string_view value = line.substr(2);
      switch (line[0]) {
        case 'P': Set(rec.name, value, 'P', line_no, budget); break;
        case 'V': Set(rec.version, value, 'V', line_no, budget); break;
        case 'A': Set(rec.arch, value, 'A', line_no, budget); break;
        case 'o': Set(rec.origin, value, 'o', line_no, budget); break;
        case 'L': Set(rec.license, value, 'L', line_no, budget); break;
        case 'm': Set(rec.maintainer, value, 'm', line_no, budget); break;
        // apk's installed DB (apk-tools database.c): "F:dir" starts a directory, each
        // following "R:name" is a file in it.
        case 'F': rec.dir = std::string(value); break;
        case 'R': {
          std::string file = "/" + rec.dir + (rec.dir.empty() ? "" : "/") + std::string(value);
          if (common::MayHoldLanguagePackage(file)) rec.owned.push_back(std::move(file));
          break;
        }
        default: break;  // C S I T U t c k D p i r q M a Z ...: not needed here
      }
    }
    Flush(rec, path, out, budget);

    return budget.Conclude("not an apk installed database (no 'X:value' line)");
  }

 private:
  // Keeps the first value of a key within a record; apk writes each of these keys once.
  static void Set(std::string& field, std::string_view value, char key, uint64_t line_no,
                  common::WarningBudget& budget) {
    if (!field.empty()) {
      budget.Warn(LineError(line_no, std::string("duplicate '") + key + ":' line ignored"));
      return;
    }
    field = std::string(value);
  }

  // Ends the current record: adds its package, or warns when P or V is missing.
  static void Flush(Record& rec, const std::string& path, ExtractSink& out, common::WarningBudget& budget) {
    if (rec.first_line == 0) {
      rec = Record{};
      return;  // only blank or malformed lines since the last record
    }
    if (rec.name.empty() || rec.version.empty()) {
      std::string what = rec.name.empty() ? "record has no 'P:' line"
                                          : "package " + Quote(rec.name) + " has no 'V:' line";
      budget.Warn(LineError(rec.first_line, what + "; skipped"));
      rec = Record{};
      return;
    }
    for (std::string& file : rec.owned) out.AddOwnedFile(std::move(file), rec.name);
    model::Package p;
    p.type = model::PackageType::kApk;
    p.name = std::move(rec.name);
    p.version = std::move(rec.version);
    p.arch = std::move(rec.arch);
    p.source_name = rec.origin.empty() ? p.name : std::move(rec.origin);
    p.source_version = p.version;
    p.license = std::move(rec.license);
    p.maintainer = std::move(rec.maintainer);
    p.path = path;
    p.extractor = std::string(kExtractorName);
    out.AddPackage(std::move(p));
    rec = Record{};
  }
};

}  // namespace

std::unique_ptr<PackageExtractor> NewApkExtractor() { return std::make_unique<ApkExtractor>(); }

}  // namespace hullscan::extract::apk
