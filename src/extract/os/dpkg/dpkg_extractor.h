// The "os/dpkg" extractor: Debian packages from dpkg's database in one layer.
//
// Reads /var/lib/dpkg/status (the whole database, written by dpkg) and the files directly in
// /var/lib/dpkg/status.d/ that distroless-style images write instead, one per package: exactly
// `dpkg-deb -f` of the .deb (its control stanza, with no Status field), next to
// `<pkg>.md5sums`, which is not wanted. Each stanza is read with extract/common's
// StanzaReader (deb822(5)). Field meanings follow deb-control(5) and dpkg's status format
// (https://manpages.debian.org/bookworm/dpkg-dev/deb-control.5.en.html,
// https://manpages.debian.org/bookworm/dpkg/dpkg.1.en.html "INFORMATION ABOUT PACKAGES").
//
// Output: one model::Package{kDeb} per installed stanza, version exactly as written (with
// epoch); source_name/source_version from "Source: name" or "Source: name (version)",
// defaulting to Package/Version as dpkg-query's ${source:Package} and ${source:Version} do.
// License is not in the status data and stays empty.
// Thread-safety: one instance per layer (PackageExtractor contract); no shared state.
#pragma once

#include <memory>
#include <string_view>

#include "extract/extractor.h"

namespace hullscan::extract::dpkg {

/// Stable name used in cache keys and output.
inline constexpr std::string_view kExtractorName = "os/dpkg";
/// Bumped whenever the output for the same input changes.
inline constexpr int kExtractorVersion = 2;

/// A new "os/dpkg" extractor (one per layer).
std::unique_ptr<PackageExtractor> NewDpkgExtractor();

/// True when a dpkg Status value ("want flag status", dpkg(1)) means the package's files are
/// installed and configured: flag "ok", status "installed", want "install" or "hold" (a held
/// package is installed; "deinstall"/"purge" ask for removal).
bool IsInstalledStatus(std::string_view status);

}  // namespace hullscan::extract::dpkg
