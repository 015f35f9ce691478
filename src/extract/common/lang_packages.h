// What the language extractors' parsers return, and how an extractor passes it on: one shared
// output type (LangParse: packages named by one file plus per-record warnings), the collector
// their parsers fill it with (each (name, version) once, first-seen order, bounded), the
// emitter every `*_extractor.cc` ends with (warnings through a WarningBudget, then one
// model::Package per found package), and LangFileExtractor, the one extractor class of the
// formats whose files are read whole and picked by their path (a LangFileFormat each).
//
// Used by lang/npm, python, ruby, php, dotnet and rust (and lang/golang's gomod for the
// warnings). Place in the pipeline: between a parser (bytes -> LangParse) and the ExtractSink.
// Thread-safety: plain values and functions; a collector belongs to one parse; an extractor
// instance to one layer (extractor.h).
#pragma once

#include <cstdint>
#include <limits>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "extract/extractor.h"
#include "model/package.h"

namespace hullscan::extract::common {

/// One package named by a file: the name and version as written there.
struct FoundPackage {
  std::string name;
  std::string version;
  /// Only a development dependency, where the format says so (npm/pnpm `dev: true`, Pipfile.lock
  /// "develop", composer "packages-dev", packages.config developmentDependency).
  bool dev = false;
  bool operator==(const FoundPackage&) const = default;
};

/// The packages of one file, in file order, and the problems that skipped single records.
struct LangParse {
  std::vector<FoundPackage> packages;
  std::vector<Error> warnings;
};

/// Builds a LangParse: each (name, version) once, in first-seen order; at most `max_packages`
/// packages (Add() says when a new one does not fit: the caller returns its own
/// kLimitExceeded, naming the format and place) and `max_warnings` warnings (the rest are
/// dropped: the extractor's WarningBudget caps what reaches the report, this caps memory).
class PackageCollector {
 public:
  static constexpr uint64_t kUnlimited = std::numeric_limits<uint64_t>::max();

  explicit PackageCollector(uint64_t max_packages = kUnlimited, uint64_t max_warnings = 1000)
      : max_packages_(max_packages), max_warnings_(max_warnings) {}

  /// Adds the package unless (name, version) was added before. False, and nothing added, when
  /// it is new but max_packages are held already.
  bool Add(std::string name, std::string version, bool dev = false);
  /// Keeps `e` while fewer than max_warnings are held.
  void Warn(Error e);
  uint64_t size() const { return out_.packages.size(); }
  /// The result; the collector is empty afterwards.
  LangParse Take() { return std::move(out_); }

 private:
  uint64_t max_packages_;
  uint64_t max_warnings_;
  std::set<std::pair<std::string, std::string>> seen_;
  LangParse out_;
};

/// Passes `warnings` about the file at `path` to `out` through a WarningBudget (at most
/// WarningBudget::kDefaultMaxWarnings, then one summary warning).
void EmitWarnings(std::span<const Error> warnings, const std::string& path, ExtractSink& out);

/// The fields every package of one file shares: its type and the extractor's name, and `path`
/// where the extractor sets it itself (left empty, the runner fills in the input's path).
model::Package PackageBase(model::PackageType type, std::string_view extractor, std::string path = {});

/// `base` (see PackageBase()) with the name, version and dev flag of `f`.
model::Package MakePackage(const model::Package& base, FoundPackage f);

/// Ends an extractor's Extract() for one parsed file: EmitWarnings(parsed.warnings, path),
/// then MakePackage(base, f) for each found package, in order.
void EmitLangParse(LangParse parsed, const model::Package& base, const std::string& path, ExtractSink& out);

/// How an extractor reads one kind of file: the largest file it parses (larger ones are
/// kLimitExceeded), the parser, and whether what the parser finds is the project's own
/// manifest (model::Package::project).
template <typename Kind>
struct LangFileKind {
  Kind kind;
  uint64_t max_bytes;
  Result<LangParse> (*parse)(std::string_view text);
  bool project = false;
};

/// An extractor of whole files picked by their path alone (lang/npm, python, ruby, php,
/// dotnet): everything that tells one from another.
template <typename Kind>
struct LangFileFormat {
  std::string_view name;  ///< stable name, "lang/ruby"
  int version;
  model::PackageType type;
  /// Names the kind of a path; Kind::kNone: not a file of this extractor (Wants() is false).
  Kind (*classify)(std::string_view path);
  /// One row per kind that is read. A file whose kind has no row is refused with
  /// kInvalidArgument "NAME: NOT_WANTED: PATH" (the runner never offers one).
  std::span<const LangFileKind<Kind>> kinds;
  std::string_view not_wanted;
  /// True: packages carry the file's path; false: left empty for the runner to fill in.
  bool path_in_package = false;
};

/// The extractor a LangFileFormat describes. Wants(): regular files `classify` does not call
/// kNone. Extract(): the file read whole within its kind's max_bytes, parsed, then
/// EmitLangParse() (packages on PackageBase(type, name[, path])). `format.kinds` must outlive
/// it (a static table).
template <typename Kind>
class LangFileExtractor final : public PackageExtractor {
 public:
  explicit LangFileExtractor(const LangFileFormat<Kind>& format) : format_(format) {}

  std::string_view name() const override { return format_.name; }
  int version() const override { return format_.version; }
  bool Wants(const FileInfo& info) const override {
    return info.type == layer::EntryType::kRegular && format_.classify(info.path) != Kind::kNone;
  }
  Status Extract(FileInput& in, ExtractSink& out) override {
    const std::string path(in.path());
    const Kind kind = format_.classify(path);
    const LangFileKind<Kind>* row = nullptr;
    for (const LangFileKind<Kind>& k : format_.kinds) {
      if (row == nullptr && k.kind == kind) row = &k;
    }
    if (row == nullptr) {
      return MakeError(ErrorCode::kInvalidArgument,
                       std::string(format_.name) + ": " + std::string(format_.not_wanted) + ": " + path);
    }
    HS_ASSIGN_OR_RETURN(const std::string text, in.ReadAllWithin(row->max_bytes));
    HS_ASSIGN_OR_RETURN(LangParse parsed, row->parse(text));
    model::Package base = PackageBase(format_.type, format_.name, format_.path_in_package ? path : std::string());
    base.project = row->project;
    EmitLangParse(std::move(parsed), base, path, out);
    return OkStatus();
  }

 private:
  LangFileFormat<Kind> format_;
};

}  // namespace hullscan::extract::common
