// The "lang/npm" extractor: JavaScript packages of one layer, from npm, yarn and pnpm lock
// files and from the package.json of every installed package under a node_modules directory
// (including the npm that ships with Node.js, /usr/lib/node_modules/npm/package.json and
// /usr/local/lib/node_modules/npm/package.json, which are node_modules manifests like any other).
//
// Which files: npm_lockfiles.h, ClassifyPath(). Wants() looks at the path only.
// Output: one model::Package{kNpm} per (name, version) per evidence file, with `path` the file;
// a package seen both installed and in a lock file is reported twice, once per path (merging is
// a later stage's job). Names are kept as declared; versions exactly as written.
// Bounded: a package.json above kMaxPackageJsonBytes or a lock file above kMaxLockfileBytes is
// kLimitExceeded before anything is read; warnings per file are capped (WarningBudget).
// Not reported yet: whether a lock-file package is a devDependency (model::Package has no
// field for it; npm_lockfiles.h Found::dev has it).
// Thread-safety: one instance per layer (PackageExtractor contract); no shared state.
#pragma once

#include <memory>
#include <string_view>

#include "extract/extractor.h"

namespace hullscan::extract::npm {

/// Stable name used in cache keys and output.
inline constexpr std::string_view kExtractorName = "lang/npm";
/// Bumped whenever the output for the same input changes.
inline constexpr int kExtractorVersion = 2;

/// A new "lang/npm" extractor (one per layer).
std::unique_ptr<PackageExtractor> NewNpmExtractor();

}  // namespace hullscan::extract::npm
