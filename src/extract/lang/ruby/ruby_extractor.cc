#include "extract/lang/ruby/ruby_extractor.h"

#include <string>
#include <utility>

#include "extract/common/warning_budget.h"
#include "extract/lang/ruby/ruby_parsers.h"

namespace hullscan::extract::ruby {

namespace {

class RubyExtractor final : public PackageExtractor {
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
      return MakeError(ErrorCode::kInvalidArgument, "lang/ruby: not a gemspec or Gemfile.lock: " + path);
    }
    const uint64_t max_bytes = kind == FileKind::kGemspec ? kMaxGemspecBytes : kMaxLockfileBytes;
    HS_ASSIGN_OR_RETURN(std::string text, in.ReadAllWithin(max_bytes));
    HS_ASSIGN_OR_RETURN(ParseOutput parsed, kind == FileKind::kGemspec ? ParseGemspec(text) : ParseGemfileLock(text));
    common::WarningBudget budget(out, path);
    for (const Error& w : parsed.warnings) budget.Warn(w);
    budget.Finish();
    for (Found& f : parsed.packages) {
      model::Package p;
      p.type = model::PackageType::kGem;
      p.name = std::move(f.name);
      p.version = std::move(f.version);
      p.extractor = std::string(kExtractorName);
      out.AddPackage(std::move(p));
    }
    return OkStatus();
  }
};

}  // namespace

std::unique_ptr<PackageExtractor> NewRubyExtractor() { return std::make_unique<RubyExtractor>(); }

}  // namespace hullscan::extract::ruby
