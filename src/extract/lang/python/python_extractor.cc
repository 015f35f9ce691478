#include "extract/lang/python/python_extractor.h"

#include <utility>

#include "extract/common/lang_packages.h"
#include "extract/lang/python/python_parsers.h"

namespace hullscan::extract::python {

namespace {

// An installed distribution's core metadata names exactly one package.
Result<common::LangParse> ParseMetadataFile(std::string_view text) {
  HS_ASSIGN_OR_RETURN(Found f, ParseMetadata(text));
  common::LangParse out;
  out.packages.push_back(std::move(f));
  return out;
}

Result<common::LangParse> ParseRequirementsFile(std::string_view text) { return ParseRequirements(text); }

constexpr common::LangFileKind<FileKind> kKinds[] = {
    {FileKind::kMetadata, kMaxMetadataBytes, ParseMetadataFile},
    {FileKind::kPoetryLock, kMaxLockfileBytes, [](std::string_view t) { return ParseTomlLock(t, "poetry.lock"); }},
    {FileKind::kUvLock, kMaxLockfileBytes, [](std::string_view t) { return ParseTomlLock(t, "uv.lock"); }},
    {FileKind::kPipfileLock, kMaxLockfileBytes, ParsePipfileLock},
    {FileKind::kRequirements, kMaxLockfileBytes, ParseRequirementsFile},
    {FileKind::kNone, kMaxLockfileBytes, ParseRequirementsFile},  // any other file handed to Extract()
};

constexpr common::LangFileFormat<FileKind> kFormat{
    kExtractorName, kExtractorVersion, model::PackageType::kPypi, ClassifyPath, kKinds, {}, true,
};

}  // namespace

std::unique_ptr<PackageExtractor> NewPythonExtractor() {
  return std::make_unique<common::LangFileExtractor<FileKind>>(kFormat);
}

}  // namespace hullscan::extract::python
