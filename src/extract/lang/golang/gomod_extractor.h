// The Go module source extractor ("lang/gomod"): the modules a Go module builds with, from its
// `go.mod` and, for modules declaring a Go version before 1.17, the `go.sum` beside it
// (gomod_parser.h has the rules: requires, replaces, the 1.17 boundary, go.sum versions).
//
// go.mod and go.sum of one directory arrive as separate files, in either order, so Extract()
// parses each and keeps the result per directory; Finish() resolves every directory that has a
// go.mod and emits its modules, in directory order, with `path` = the go.mod (the file that
// decides which modules count; the go.sum only fills in for an old go.mod). A go.sum without a
// go.mod in the same layer is not a dependency list and gives nothing; a go.sum beside a go.mod
// of Go >= 1.17 already seen is not even read.
// Which files (Wants(), path only): regular files named "go.mod" or "go.sum", except inside the
// module cache (`.../pkg/mod/<module>@<version>/...`): those belong to downloaded dependencies,
// and their requirements are not what any program in the image was built with.
// Each module is a model::Package{kGolang} with the version as written ("v1.9.0"); the main
// module is not reported. Bounded: files above kMaxGoModBytes / kMaxGoSumBytes are
// kLimitExceeded; at most kMaxRetainedModules modules are kept per layer for Finish().
// Place in the pipeline: one of DefaultExtractors(). Thread-safety: one instance per layer.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "extract/extractor.h"

namespace hullscan::extract::golang {

/// Stable name used in cache keys and output.
inline constexpr std::string_view kGoModExtractorName = "lang/gomod";
/// Bumped whenever the output for the same input changes.
inline constexpr int kGoModExtractorVersion = 1;
/// Requirements and go.sum modules kept between Extract() and Finish(), over one layer.
inline constexpr uint64_t kMaxRetainedModules = 2'000'000;

/// A new "lang/gomod" extractor (one per layer).
std::unique_ptr<PackageExtractor> NewGoModExtractor();

}  // namespace hullscan::extract::golang
