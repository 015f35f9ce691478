#include "extract/common/lang_packages.h"

#include "extract/common/warning_budget.h"

namespace hullscan::extract::common {

bool PackageCollector::Add(std::string name, std::string version, bool dev) {
  auto [it, inserted] = seen_.emplace(name, version);
  if (!inserted) return true;
  if (out_.packages.size() >= max_packages_) {
    seen_.erase(it);
    return false;
  }
  out_.packages.push_back(FoundPackage{std::move(name), std::move(version), dev});
  return true;
}

void PackageCollector::Warn(Error e) {
  if (out_.warnings.size() < max_warnings_) out_.warnings.push_back(std::move(e));
}

void EmitWarnings(std::span<const Error> warnings, const std::string& path, ExtractSink& out) {
  WarningBudget budget(out, path);
  for (const Error& w : warnings) budget.Warn(w);
  budget.Finish();
}

model::Package PackageBase(model::PackageType type, std::string_view extractor, std::string path) {
  model::Package p;
  p.type = type;
  p.path = std::move(path);
  p.extractor = std::string(extractor);
  return p;
}

model::Package MakePackage(const model::Package& base, FoundPackage f) {
  model::Package p = base;
  p.name = std::move(f.name);
  p.version = std::move(f.version);
  p.dev = f.dev;
  return p;
}

void EmitLangParse(LangParse parsed, const model::Package& base, const std::string& path, ExtractSink& out) {
  EmitWarnings(parsed.warnings, path, out);
  for (FoundPackage& f : parsed.packages) out.AddPackage(MakePackage(base, std::move(f)));
}

}  // namespace hullscan::extract::common
