// The "os/apk" extractor: Alpine (and Wolfi, Chimera, postmarketOS) packages from apk-tools'
// installed database in one layer.
//
// Format: https://wiki.alpinelinux.org/wiki/Apk_spec, "Installed Database": one record per
// package, records separated by a blank line, each line `X:value` with a one-letter key (the
// same keys as APKINDEX, plus F/R/M/a/Z lines for directories, files and their ACLs and
// checksums). apk-tools reads it in apk_db_fdb_read() (src/database.c): a line whose second
// byte is not ':' is an "FDB format error" there; we warn and go on instead. We read P (name),
// V (version), A (arch), o (origin), L (license), m (maintainer) and ignore every other key.
//
// Paths: apk-tools opens "lib/apk/db/installed" under its root (src/database.c,
// apk_db_layer_name). On systems with a merged /usr (Wolfi, Chimera Linux, newer Alpine
// installs) /lib is a symlink to usr/lib, so the regular file a layer carries is
// /usr/lib/apk/db/installed; apk-tools 3.0 pre-releases also defaulted there for a while
// (commit de9baf9, reverted in 6927746). Both paths are wanted.
//
// Output: one model::Package{kApk} per record with P and V; source_name is the origin
// (defaulting to the package name, since a package without `o:` is its own origin) and
// source_version the package version.
// Thread-safety: one instance per layer (PackageExtractor contract); no shared state.
#pragma once

#include <memory>
#include <string_view>

#include "extract/extractor.h"

namespace hullscan::extract::apk {

/// Stable name used in cache keys and output.
inline constexpr std::string_view kExtractorName = "os/apk";
/// Bumped whenever the output for the same input changes.
inline constexpr int kExtractorVersion = 2;

/// A new "os/apk" extractor (one per layer).
std::unique_ptr<PackageExtractor> NewApkExtractor();

}  // namespace hullscan::extract::apk
