// The explicit list of extractors of a default scan (DESIGN.md anti-pattern 3: no
// self-registration). Adding a format is one line here.
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
  return list;
}

}  // namespace hullscan::extract
