// The explicit list of extractors of a default scan (DESIGN.md anti-pattern 3: no
// self-registration). Adding a format is one line here.
#include "extract/lang/dotnet/dotnet_extractor.h"
#include "extract/lang/golang/golang_extractor.h"
#include "extract/lang/golang/gomod_extractor.h"
#include "extract/lang/java/java_extractor.h"
#include "extract/lang/npm/npm_extractor.h"
#include "extract/lang/php/php_extractor.h"
#include "extract/lang/python/python_extractor.h"
#include "extract/lang/ruby/ruby_extractor.h"
#include "extract/lang/rust/rust_extractor.h"
#include "extract/os/apk/apk_extractor.h"
#include "extract/os/dpkg/dpkg_extractor.h"
#include "extract/os/os_release/os_release_extractor.h"
#include "extract/os/rpm/rpm_extractor.h"
#include "extract/runner.h"

namespace hullscan::extract {

ExtractorList DefaultExtractors() {
  ExtractorList list;
  list.push_back(os_release::NewOsReleaseExtractor());
  list.push_back(dpkg::NewDpkgExtractor());
  list.push_back(apk::NewApkExtractor());
  list.push_back(rpm::NewRpmExtractor());
  list.push_back(npm::NewNpmExtractor());
  list.push_back(python::NewPythonExtractor());
  list.push_back(java::NewJavaExtractor());
  list.push_back(golang::NewGolangExtractor());
  list.push_back(golang::NewGoModExtractor());
  list.push_back(rust::NewRustExtractor());
  list.push_back(dotnet::NewDotnetExtractor());
  list.push_back(ruby::NewRubyExtractor());
  list.push_back(php::NewPhpExtractor());
  return list;
}

ExtractorList DefaultExtractors(PackageTypes types) {
  ExtractorList kept;
  for (auto& e : DefaultExtractors()) {
    std::string_view name = e->name();
    bool os = name.starts_with("os/");
    if (name == "os/release" || (os && types.os) || (!os && types.library)) kept.push_back(std::move(e));
  }
  return kept;
}

}  // namespace hullscan::extract
