// Which files of an OS package's file list are worth remembering (extract/ → apply/).
//
// dpkg (info/*.list, status.d/*.md5sums), apk (the installed DB's F:/R: lines) and rpm (the
// header's file names) say which package installed each file. ApplyLayers uses that to tell
// a language package the OS package manager installed (Debian's python3-urllib3 ships
// urllib3's PKG-INFO) from one a user installed: the first is matched only through the
// distro's data, whose versions carry backported fixes. Only paths where a language
// extractor could find evidence are kept, so the layer cache does not grow by every file of
// every OS package. Thread-safety: pure functions.
#pragma once

#include <string_view>

namespace hullscan::extract::common {

/// True for paths where a language package's evidence may live: lock files and manifests by
/// name, metadata files (METADATA, PKG-INFO, *.gemspec, package.json), archives (.jar, .war,
/// .ear, .par, .egg) and any file under a bin/, sbin/ or libexec/ directory (executables
/// with Go or Rust build information). Over-inclusive by design; cheap.
bool MayHoldLanguagePackage(std::string_view path);

}  // namespace hullscan::extract::common
