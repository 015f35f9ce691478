#include "extract/lang/npm/npm_extractor.h"

#include <string>
#include <utility>

#include "extract/common/warning_budget.h"
#include "extract/lang/npm/npm_lockfiles.h"

namespace hullscan::extract::npm {

namespace {

model::Package MakePackage(Found f, const std::string& path) {
  model::Package p;
  p.type = model::PackageType::kNpm;
  p.name = std::move(f.name);
  p.version = std::move(f.version);
  p.dev = f.dev;
  p.path = path;
  p.extractor = std::string(kExtractorName);
  return p;
}

class NpmExtractor final : public PackageExtractor {
 public:
  std::string_view name() const override { return kExtractorName; }
  int version() const override { return kExtractorVersion; }

  bool Wants(const FileInfo& info) const override {
    return info.type == layer::EntryType::kRegular && ClassifyPath(info.path) != FileKind::kNone;
  }

  Status Extract(FileInput& in, ExtractSink& out) override {
    const std::string path(in.path());
    const FileKind kind = ClassifyPath(path);
    const bool manifest = kind == FileKind::kInstalledPackageJson || kind == FileKind::kProjectPackageJson;
    HS_ASSIGN_OR_RETURN(std::string text, in.ReadAllWithin(manifest ? kMaxPackageJsonBytes : kMaxLockfileBytes));

    if (kind == FileKind::kProjectPackageJson) {
      // A project need not have a name or a version (a private app): then it is not listed.
      HS_ASSIGN_OR_RETURN(Found f, ParseInstalledPackageJson(text));
      if (f.name.empty() || f.version.empty()) return OkStatus();
      model::Package p = MakePackage(std::move(f), path);
      p.project = true;
      out.AddPackage(std::move(p));
      return OkStatus();
    }

    if (kind == FileKind::kInstalledPackageJson) {
      HS_ASSIGN_OR_RETURN(Found f, ParseInstalledPackageJson(text));
      if (f.name.empty() || f.version.empty()) {
        out.Warn(path, Error(ErrorCode::kCorrupt, "package.json: no \"name\" or \"version\" string; skipped"));
        return OkStatus();
      }
      out.AddPackage(MakePackage(std::move(f), path));
      return OkStatus();
    }

    Result<ParseOutput> parsed = kind == FileKind::kPackageLock ? ParsePackageLock(text)
                                 : kind == FileKind::kYarnLock  ? ParseYarnLock(text)
                                                                : ParsePnpmLock(text);
    if (!parsed) return MakeError(std::move(parsed).error());
    common::WarningBudget budget(out, path);
    for (const Error& w : parsed->warnings) budget.Warn(w);
    budget.Finish();
    for (Found& f : parsed->packages) out.AddPackage(MakePackage(std::move(f), path));
    return OkStatus();
  }
};

}  // namespace

std::unique_ptr<PackageExtractor> NewNpmExtractor() { return std::make_unique<NpmExtractor>(); }

}  // namespace hullscan::extract::npm
