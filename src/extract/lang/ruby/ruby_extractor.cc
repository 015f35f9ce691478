#include "extract/lang/ruby/ruby_extractor.h"

#include "extract/common/lang_packages.h"
#include "extract/lang/ruby/ruby_parsers.h"

namespace hullscan::extract::ruby {

namespace {

constexpr common::LangFileKind<FileKind> kKinds[] = {
    {FileKind::kGemspec, kMaxGemspecBytes, ParseGemspec},
    {FileKind::kGemfileLock, kMaxLockfileBytes, ParseGemfileLock},
};

constexpr common::LangFileFormat<FileKind> kFormat{
    kExtractorName, kExtractorVersion, model::PackageType::kGem, ClassifyPath, kKinds, "not a gemspec or Gemfile.lock",
};

}  // namespace

std::unique_ptr<PackageExtractor> NewRubyExtractor() {
  return std::make_unique<common::LangFileExtractor<FileKind>>(kFormat);
}

}  // namespace hullscan::extract::ruby
