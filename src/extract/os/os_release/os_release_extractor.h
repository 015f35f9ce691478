// The "os/release" extractor: what operating system a layer says it is, from the small text
// files distributions install for that purpose. Each file becomes one DistroFact through
// ExtractSink::AddDistro(path, distro); ResolveDistro() (resolve_distro.h) later picks the
// image's OS from the facts of the merged filesystem.
//
// Files and formats:
//   - /etc/os-release, /usr/lib/os-release: os-release(5),
//     https://www.freedesktop.org/software/systemd/man/os-release.html ("a newline-separated
//     list of environment-like shell-compatible variable assignments"; values may be quoted
//     with "..." or '...'; "Shell special characters ("$", quotes, backslash, backtick) must
//     be escaped with backslashes"; "Lines beginning with "#" are treated as comments").
//   - /etc/alpine-release: one line, the release ("3.20.3").
//   - /etc/debian_version: one line, the point release ("12.7") or, on testing/unstable,
//     "<codename>/sid" ("trixie/sid").
//   - /etc/redhat-release, /etc/centos-release, /etc/system-release: one line,
//     "<Name> release <version> (<codename>)", e.g. "CentOS Linux release 7.9.2009 (Core)".
// Only regular files are wanted (the runner never hands symlinks to an extractor; on Debian
// /etc/os-release is a symlink to ../usr/lib/os-release, so the fact comes from the latter).
//
// Thread-safety: one instance per layer (PackageExtractor contract); the Parse functions are
// pure and safe to call from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "extract/extractor.h"
#include "model/package.h"

namespace hullscan::extract::os_release {

/// Stable name used in cache keys and output.
inline constexpr std::string_view kExtractorName = "os/release";
/// Bumped whenever the output for the same input changes.
inline constexpr int kExtractorVersion = 1;
/// These files are a few hundred bytes; anything larger is not one (kLimitExceeded).
inline constexpr uint64_t kMaxReleaseFileBytes = 64 * 1024;

/// A new "os/release" extractor (one per layer).
std::unique_ptr<PackageExtractor> NewOsReleaseExtractor();

/// An os-release file parsed into a Distro, plus the lines that could not be read (each
/// message starts with "line N: "). Keys: ID, VERSION_ID, VERSION_CODENAME (else
/// UBUNTU_CODENAME; for ID=debian else the "(bookworm)" of VERSION, else DebianCodename() of
/// the VERSION_ID major), NAME, PRETTY_NAME, ID_LIKE. The spec's "ID=linux" default is not
/// applied: a missing ID stays empty, so ResolveDistro() can fall back to other files.
struct OsReleaseParse {
  model::Distro distro;
  std::vector<Error> warnings;
  uint64_t assignments = 0;  ///< well-formed KEY=value lines
};
OsReleaseParse ParseOsRelease(std::string_view text);

/// /etc/alpine-release -> {id "alpine", version_id "3.20.3"}. kCorrupt when the first line is
/// empty or not a version.
Result<model::Distro> ParseAlpineRelease(std::string_view text);

/// /etc/debian_version -> {id "debian", version_id = the major ("12.7" -> "12"; empty for
/// "trixie/sid"), codename from DebianCodename() or the word before "/sid", name "Debian
/// GNU/Linux", pretty_name "Debian GNU/Linux 12.7" (the full point release is kept there)}.
/// kCorrupt when the line is neither form.
Result<model::Distro> ParseDebianVersion(std::string_view text);

/// /etc/redhat-release, /etc/centos-release, /etc/system-release ->
/// {id, version_id, name = the text before " release ", pretty_name = the whole line}.
/// Recognised names and ids: Red Hat Enterprise Linux* -> rhel, CentOS* -> centos (major
/// version only, as CentOS's os-release VERSION_ID), Rocky Linux -> rocky, AlmaLinux ->
/// almalinux, Fedora -> fedora, Oracle Linux* -> ol, Amazon Linux* -> amzn ("2",
/// "2018.03"; "2023.5.20240805" -> "2023" as its os-release says). Codename stays empty.
/// kUnsupported for any other name, kCorrupt for a line without " release <version>".
Result<model::Distro> ParseRedHatRelease(std::string_view text);

/// Debian's release codename for a major version ("12" -> "bookworm"), or "" when unknown.
/// Source: https://www.debian.org/releases/ (6 squeeze .. 13 trixie; 14 forky, 15 duke
/// announced).
std::string_view DebianCodename(std::string_view major);

}  // namespace hullscan::extract::os_release
