// The "lang/ruby" extractor: Ruby gems of one layer, from installed gem specifications
// (`.../specifications/*.gemspec`, `.../specifications/default/*.gemspec`) and from bundler
// lock files (`Gemfile.lock`, `gems.locked`).
//
// Which files: ruby_parsers.h, ClassifyPath(). Wants() looks at the path only.
// Output: one model::Package{kGem} per (name, version) per evidence file; `path` is left empty
// (the runner sets it to the file). Versions as written, without a lock file's platform suffix.
// Decisions, after Trivy, Syft and osv-scalibr (all three agree on both):
//   - gems of a lock file's PATH sections (local code: `vendor/gem/x`, or the project itself via
//     `gemspec`) are reported: their name and version are stated exactly, and a vendored copy
//     of a published gem carries that gem's vulnerabilities;
//   - `BUNDLED WITH` is not a package: it records which bundler last wrote the lock, not a
//     resolved dependency; the bundler actually installed is found by its own gemspec.
// A gemspec whose name or version is not a string literal (it would need Ruby to evaluate) is
// skipped with a warning. Gemfile.lock marks no development groups, so `dev` stays false.
// Bounded: gemspecs above kMaxGemspecBytes and lock files above kMaxLockfileBytes are
// kLimitExceeded before anything is read; packages per file and warnings per file are capped.
// Thread-safety: one instance per layer (PackageExtractor contract); no shared state.
#pragma once

#include <memory>
#include <string_view>

#include "extract/extractor.h"

namespace hullscan::extract::ruby {

/// Stable name used in cache keys and output.
inline constexpr std::string_view kExtractorName = "lang/ruby";
/// Bumped whenever the output for the same input changes.
inline constexpr int kExtractorVersion = 1;

/// A new "lang/ruby" extractor (one per layer).
std::unique_ptr<PackageExtractor> NewRubyExtractor();

}  // namespace hullscan::extract::ruby
