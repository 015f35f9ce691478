#include "extract/lang/python/python_extractor.h"

#include <string>
#include <utility>

#include "extract/common/warning_budget.h"
#include "extract/lang/python/python_parsers.h"

namespace hullscan::extract::python {

namespace {

model::Package MakePackage(Found f, const std::string& path) {
  model::Package p;
  p.type = model::PackageType::kPypi;
  p.name = std::move(f.name);
  p.version = std::move(f.version);
  p.dev = f.dev;
  p.path = path;
  p.extractor = std::string(kExtractorName);
  return p;
}

class PythonExtractor final : public PackageExtractor {
 public:
  std::string_view name() const override { return kExtractorName; }
  int version() const override { return kExtractorVersion; }

  bool Wants(const FileInfo& info) const override {
    return info.type == layer::EntryType::kRegular && ClassifyPath(info.path) != FileKind::kNone;
  }

  Status Extract(FileInput& in, ExtractSink& out) override {
    const std::string path(in.path());
    const FileKind kind = ClassifyPath(path);
    const uint64_t max_bytes = kind == FileKind::kMetadata ? kMaxMetadataBytes : kMaxLockfileBytes;
    HS_ASSIGN_OR_RETURN(std::string text, in.ReadAllWithin(max_bytes));

    if (kind == FileKind::kMetadata) {
      HS_ASSIGN_OR_RETURN(Found f, ParseMetadata(text));
      out.AddPackage(MakePackage(std::move(f), path));
      return OkStatus();
    }
    Result<ParseOutput> parsed = kind == FileKind::kPoetryLock ? ParseTomlLock(text, "poetry.lock")
                                 : kind == FileKind::kUvLock   ? ParseTomlLock(text, "uv.lock")
                                 : kind == FileKind::kPipfileLock
                                     ? ParsePipfileLock(text)
                                     : Result<ParseOutput>(ParseRequirements(text));
    if (!parsed) return MakeError(std::move(parsed).error());
    common::WarningBudget budget(out, path);
    for (const Error& w : parsed->warnings) budget.Warn(w);
    budget.Finish();
    for (Found& f : parsed->packages) out.AddPackage(MakePackage(std::move(f), path));
    return OkStatus();
  }
};

}  // namespace

std::unique_ptr<PackageExtractor> NewPythonExtractor() { return std::make_unique<PythonExtractor>(); }

}  // namespace hullscan::extract::python
