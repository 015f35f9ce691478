#include "extract/lang/npm/npm_extractor.h"

#include <utility>

#include "extract/common/lang_packages.h"
#include "extract/lang/npm/npm_lockfiles.h"

namespace hullscan::extract::npm {

namespace {

// A package.json: its package, or none when it lacks a name or a version. An installed
// package's manifest (`installed`) then gets a warning; a project need not have either (a
// private app) and is simply not listed.
Result<common::LangParse> ParseManifest(std::string_view text, bool installed) {
  HS_ASSIGN_OR_RETURN(Found f, ParseInstalledPackageJson(text));
  common::LangParse out;
  if (!f.name.empty() && !f.version.empty()) {
    out.packages.push_back(std::move(f));
  } else if (installed) {
    out.warnings.emplace_back(ErrorCode::kCorrupt, "package.json: no \"name\" or \"version\" string; skipped");
  }
  return out;
}

constexpr common::LangFileKind<FileKind> kKinds[] = {
    {FileKind::kProjectPackageJson, kMaxPackageJsonBytes, [](std::string_view t) { return ParseManifest(t, false); },
     true},
    {FileKind::kInstalledPackageJson, kMaxPackageJsonBytes, [](std::string_view t) { return ParseManifest(t, true); }},
    {FileKind::kPackageLock, kMaxLockfileBytes, ParsePackageLock},
    {FileKind::kYarnLock, kMaxLockfileBytes, ParseYarnLock},
    {FileKind::kPnpmLock, kMaxLockfileBytes, ParsePnpmLock},
    {FileKind::kNone, kMaxLockfileBytes, ParsePnpmLock},  // any other file handed to Extract()
};

constexpr common::LangFileFormat<FileKind> kFormat{
    kExtractorName, kExtractorVersion, model::PackageType::kNpm, ClassifyPath, kKinds, {}, true,
};

}  // namespace

std::unique_ptr<PackageExtractor> NewNpmExtractor() {
  return std::make_unique<common::LangFileExtractor<FileKind>>(kFormat);
}

}  // namespace hullscan::extract::npm
