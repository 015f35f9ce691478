#include "extract/lang/dotnet/dotnet_extractor.h"

#include <string>
#include <utility>

#include "extract/common/warning_budget.h"
#include "extract/lang/dotnet/dotnet_parsers.h"

namespace hullscan::extract::dotnet {

namespace {

model::Package MakePackage(Found f) {
  model::Package p;
  p.type = model::PackageType::kNuget;
  p.name = std::move(f.name);
  p.version = std::move(f.version);
  p.extractor = std::string(kExtractorName);
  p.dev = f.dev;
  return p;  // path is left empty: the runner sets it to the input's path
}

class DotnetExtractor final : public PackageExtractor {
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
      return MakeError(ErrorCode::kInvalidArgument, "lang/dotnet: not a .NET dependency file: " + path);
    }
    const uint64_t max_bytes = kind == FileKind::kPackagesConfig ? kMaxPackagesConfigBytes : kMaxJsonBytes;
    HS_ASSIGN_OR_RETURN(std::string text, in.ReadAllWithin(max_bytes));
    Result<ParseOutput> parsed = kind == FileKind::kDepsJson       ? ParseDepsJson(text)
                                 : kind == FileKind::kPackagesLock ? ParsePackagesLock(text)
                                                                   : ParsePackagesConfig(text);
    if (!parsed) return MakeError(std::move(parsed).error());
    common::WarningBudget budget(out, path);
    for (const Error& w : parsed->warnings) budget.Warn(w);
    budget.Finish();
    for (Found& f : parsed->packages) out.AddPackage(MakePackage(std::move(f)));
    return OkStatus();
  }
};

}  // namespace

std::unique_ptr<PackageExtractor> NewDotnetExtractor() { return std::make_unique<DotnetExtractor>(); }

}  // namespace hullscan::extract::dotnet
