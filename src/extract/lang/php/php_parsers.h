// Parsers for the files the "lang/php" extractor reads: Composer's lock file (`composer.lock`)
// and the record of what Composer installed (`<vendor-dir>/composer/installed.json`, in its
// Composer 1 and Composer 2 forms). Each works on bytes in memory and returns what it found,
// so the extractor, the tests and the fuzz harness share them. JSON is parsed through
// base/json.h: no exception leaves these functions. Pure functions; thread-safe.
//
// Names and versions are kept exactly as written ("v1.2.3", "dev-main", "1.0.x-dev"). Within
// one file each (name, version) is reported once, first-seen (file) order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "extract/common/lang_packages.h"

namespace hullscan::extract::php {

/// One package named by a file; `dev`: a development-only package (composer.lock
/// "packages-dev", installed.json "dev-package-names").
using Found = common::FoundPackage;
/// What one file yielded: packages in file order and per-record warnings.
using ParseOutput = common::LangParse;

enum class FileKind { kNone, kComposerLock, kInstalledJson };

/// Classifies an absolute path by name only (cheap enough for Wants()):
///   - kComposerLock: a file named "composer.lock";
///   - kInstalledJson: ".../composer/installed.json", the file Composer keeps in its vendor
///     directory (`vendor/` unless composer.json sets "vendor-dir"). Any other installed.json
///     (npm, IDEs, ...) is not Composer's.
FileKind ClassifyPath(std::string_view path);

/// Largest file that is parsed; bigger files are kLimitExceeded.
inline constexpr uint64_t kMaxLockfileBytes = 64ull << 20;
/// At most this many packages per file; more is kLimitExceeded.
inline constexpr uint64_t kMaxPackagesPerFile = 1'000'000;
/// At most this many warnings are kept per file (the extractor caps what reaches the sink).
inline constexpr uint64_t kMaxWarningsPerFile = 1000;

/// composer.lock (https://getcomposer.org/doc/01-basic-usage.md#commit-your-composer-lock-file-to-version-control;
/// written by Composer's Locker, src/Composer/Package/Locker.php): a JSON object whose
/// "packages" array (required) and "packages-dev" array (optional, may be null) hold objects
/// with string "name" and "version". An entry without them is a warning "parse composer.lock:
/// ... (at /packages/N); skipped". kCorrupt when the file is not JSON, not an object, or
/// "packages" is missing or not an array.
Result<ParseOutput> ParseComposerLock(std::string_view text);

/// vendor/composer/installed.json (written by Composer's FilesystemRepository):
///   - Composer 1: a JSON array of package objects; it does not say which are dev packages;
///   - Composer 2: {"packages": [...], "dev": bool, "dev-package-names": [...]}; a package
///     whose name is in "dev-package-names" is dev.
/// Entries as in ParseComposerLock. kCorrupt when the file is not JSON, neither an array nor an
/// object with a "packages" array, or "dev-package-names" is present but not an array.
Result<ParseOutput> ParseInstalledJson(std::string_view text);

}  // namespace hullscan::extract::php
