#include "extract/lang/php/php_extractor.h"

#include <string>
#include <utility>

#include "extract/common/warning_budget.h"
#include "extract/lang/php/php_parsers.h"

namespace hullscan::extract::php {

namespace {

class PhpExtractor final : public PackageExtractor {
 public:
  std::string_view name() const override { return kExtractorName; }
  int version() const override { return kExtractorVersion; }

  bool Wants(const FileInfo& info) const override {
    return info.type == layer::EntryType::kRegular && ClassifyPath(info.path) != FileKind::kNone;
  }

  Status Extract(FileInput& in, ExtractSink& out) override {
    const std::string path(in.path());
    const FileKind kind = ClassifyPath(path);
    if (kind == FileKind::kNone) {
      return MakeError(ErrorCode::kInvalidArgument, "lang/php: not a composer.lock or installed.json: " + path);
    }
    HS_ASSIGN_OR_RETURN(std::string text, in.ReadAllWithin(kMaxLockfileBytes));
    HS_ASSIGN_OR_RETURN(ParseOutput parsed,
                        kind == FileKind::kComposerLock ? ParseComposerLock(text) : ParseInstalledJson(text));
    common::WarningBudget budget(out, path);
    for (const Error& w : parsed.warnings) budget.Warn(w);
    budget.Finish();
    for (Found& f : parsed.packages) {
      model::Package p;
      p.type = model::PackageType::kComposer;
      p.name = std::move(f.name);
      p.version = std::move(f.version);
      p.dev = f.dev;
      p.extractor = std::string(kExtractorName);
      out.AddPackage(std::move(p));
    }
    return OkStatus();
  }
};

}  // namespace

std::unique_ptr<PackageExtractor> NewPhpExtractor() { return std::make_unique<PhpExtractor>(); }

}  // namespace hullscan::extract::php
