// The "lang/php" extractor: Composer packages of one layer, from `composer.lock` and from
// `<vendor-dir>/composer/installed.json` (Composer 1 and 2).
//
// Which files: php_parsers.h, ClassifyPath(). Wants() looks at the path only.
// Output: one model::Package{kComposer} per (name, version) per evidence file; `path` is left
// empty (the runner sets it to the file). Names and versions exactly as written: "v1.2.3",
// and a branch version such as "dev-main" is reported as is (it names what was installed,
// even if no advisory range can match it). `dev = true` for composer.lock "packages-dev" and
// for the names in installed.json's "dev-package-names" (Composer 2; Composer 1 does not say).
// Not read: composer.json (ranges, not versions), vendor/composer/installed.php (the same data
// as installed.json, as PHP code).
// Bounded: files above kMaxLockfileBytes are kLimitExceeded before anything is read; JSON
// nesting is capped by base/json.h; packages per file and warnings per file are capped.
// Thread-safety: one instance per layer (PackageExtractor contract); no shared state.
#pragma once

#include <memory>
#include <string_view>

#include "extract/extractor.h"

namespace hullscan::extract::php {

/// Stable name used in cache keys and output.
inline constexpr std::string_view kExtractorName = "lang/php";
/// Bumped whenever the output for the same input changes.
inline constexpr int kExtractorVersion = 1;

/// A new "lang/php" extractor (one per layer).
std::unique_ptr<PackageExtractor> NewPhpExtractor();

}  // namespace hullscan::extract::php
