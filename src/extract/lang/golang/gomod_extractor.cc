#include "extract/lang/golang/gomod_extractor.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "extract/common/lang_packages.h"
#include "extract/lang/golang/gomod_parser.h"

namespace hullscan::extract::golang {

namespace {

constexpr std::string_view kGoMod = "go.mod";
constexpr std::string_view kGoSum = "go.sum";

std::string_view BaseName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view DirName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

// $GOPATH/pkg/mod/<escaped module path>@<version>/...: the module cache.
bool InModuleCache(std::string_view path) {
  const size_t at = path.find("/pkg/mod/");
  return at != std::string_view::npos && path.find('@', at) != std::string_view::npos;
}

bool IsWanted(std::string_view path) {
  const std::string_view base = BaseName(path);
  return (base == kGoMod || base == kGoSum) && !InModuleCache(path);
}

class GoModExtractor final : public PackageExtractor {
 public:
  std::string_view name() const override { return kGoModExtractorName; }
  int version() const override { return kGoModExtractorVersion; }

  bool Wants(const FileInfo& info) const override {
    return info.type == layer::EntryType::kRegular && IsWanted(info.path);
  }

  Status Extract(FileInput& in, ExtractSink& out) override {
    const std::string path(in.path());
    Directory& dir = dirs_[std::string(DirName(path))];
    if (BaseName(path) == kGoMod) {
      HS_ASSIGN_OR_RETURN(const std::string text, in.ReadAllWithin(kMaxGoModBytes));
      HS_ASSIGN_OR_RETURN(GoModParse parsed, ParseGoMod(text));
      common::EmitWarnings(parsed.warnings, path, out);
      Forget(dir.mod ? dir.mod->requirements.size() : 0);
      HS_RETURN_IF_ERROR(Retain(parsed.file.requirements.size(), path));
      dir.mod = std::move(parsed.file);
      dir.mod_path = path;
      if (dir.sum && !GoVersionBefore117(dir.mod->go_version)) {  // the go.sum is not needed
        Forget(dir.sum->modules.size());
        dir.sum.reset();
      }
      return OkStatus();
    }
    if (dir.mod && !GoVersionBefore117(dir.mod->go_version)) return OkStatus();  // not needed
    HS_ASSIGN_OR_RETURN(const std::string text, in.ReadAllWithin(kMaxGoSumBytes));
    HS_ASSIGN_OR_RETURN(GoSumParse parsed, ParseGoSum(text));
    common::EmitWarnings(parsed.warnings, path, out);
    parsed.warnings.clear();
    Forget(dir.sum ? dir.sum->modules.size() : 0);
    HS_RETURN_IF_ERROR(Retain(parsed.modules.size(), path));
    dir.sum = std::move(parsed);
    return OkStatus();
  }

  Status Finish(ExtractSink& out) override {
    for (auto& [name, dir] : dirs_) {
      if (!dir.mod) continue;
      const GoSumParse* sum = dir.sum ? &*dir.sum : nullptr;
      for (GoModuleFound& m : ResolveGoModules(*dir.mod, sum)) {
        model::Package p = common::PackageBase(model::PackageType::kGolang, kGoModExtractorName, dir.mod_path);
        p.name = std::move(m.path);
        p.version = std::move(m.version);
        out.AddPackage(std::move(p));
      }
    }
    dirs_.clear();
    retained_ = 0;
    return OkStatus();
  }

 private:
  struct Directory {
    std::optional<GoModFile> mod;
    std::string mod_path;
    std::optional<GoSumParse> sum;
  };

  Status Retain(uint64_t n, const std::string& path) {
    if (n > kMaxRetainedModules - retained_) {
      return MakeError(ErrorCode::kLimitExceeded, path + ": more than " + std::to_string(kMaxRetainedModules) +
                                                      " go.mod requirements and go.sum modules in one layer");
    }
    retained_ += n;
    return OkStatus();
  }
  void Forget(uint64_t n) { retained_ -= std::min(n, retained_); }

  std::map<std::string, Directory> dirs_;  // by directory; ordered for a deterministic Finish()
  uint64_t retained_ = 0;
};

}  // namespace

std::unique_ptr<PackageExtractor> NewGoModExtractor() { return std::make_unique<GoModExtractor>(); }

}  // namespace hullscan::extract::golang
