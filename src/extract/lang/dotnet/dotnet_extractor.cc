#include "extract/lang/dotnet/dotnet_extractor.h"

#include "extract/common/lang_packages.h"
#include "extract/lang/dotnet/dotnet_parsers.h"

namespace hullscan::extract::dotnet {

namespace {

constexpr common::LangFileKind<FileKind> kKinds[] = {
    {FileKind::kDepsJson, kMaxJsonBytes, ParseDepsJson},
    {FileKind::kPackagesLock, kMaxJsonBytes, ParsePackagesLock},
    {FileKind::kPackagesConfig, kMaxPackagesConfigBytes, ParsePackagesConfig},
};

// The packages' path is left empty: the runner sets it to the input's path.
constexpr common::LangFileFormat<FileKind> kFormat{
    kExtractorName, kExtractorVersion, model::PackageType::kNuget, ClassifyPath, kKinds, "not a .NET dependency file",
};

}  // namespace

std::unique_ptr<PackageExtractor> NewDotnetExtractor() {
  return std::make_unique<common::LangFileExtractor<FileKind>>(kFormat);
}

}  // namespace hullscan::extract::dotnet
