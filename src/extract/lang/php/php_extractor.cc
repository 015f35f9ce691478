#include "extract/lang/php/php_extractor.h"

#include "extract/common/lang_packages.h"
#include "extract/lang/php/php_parsers.h"

namespace hullscan::extract::php {

namespace {

constexpr common::LangFileKind<FileKind> kKinds[] = {
    {FileKind::kComposerLock, kMaxLockfileBytes, ParseComposerLock},
    {FileKind::kInstalledJson, kMaxLockfileBytes, ParseInstalledJson},
};

constexpr common::LangFileFormat<FileKind> kFormat{
    kExtractorName,     kExtractorVersion, model::PackageType::kComposer,
    ClassifyPath,       kKinds,            "not a composer.lock or installed.json",
};

}  // namespace

std::unique_ptr<PackageExtractor> NewPhpExtractor() {
  return std::make_unique<common::LangFileExtractor<FileKind>>(kFormat);
}

}  // namespace hullscan::extract::php
