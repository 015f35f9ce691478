// The "lang/dotnet" extractor: NuGet packages of one layer, from a published .NET app's
// `*.deps.json` (what the app loads at run time; a shared framework's own
// `Microsoft.NETCore.App.deps.json` names the runtime package itself), NuGet's
// `packages.lock.json` and the legacy `packages.config`.
//
// Which files: dotnet_parsers.h, ClassifyPath(). Wants() looks at the path only (regular files).
// Output: one model::Package{kNuget} per (name, version) per file, `path` = the file, ids and
// versions as written; `dev` from packages.config's developmentDependency. What counts as a
// package in each format (deps.json runtime assets, runtime packs, lock-file Project entries)
// is documented on the parsers.
// Not read: the deps.json embedded in a single-file app's executable (the bundle would have to
// be located inside the apphost; only a deps.json on disk is read), `*.csproj`
// PackageReference items, `project.assets.json`.
// Bounded: JSON above kMaxJsonBytes and packages.config above kMaxPackagesConfigBytes are
// kLimitExceeded before anything is read; packages per file and warnings are capped.
// Thread-safety: one instance per layer (PackageExtractor contract); no shared state.
#pragma once

#include <memory>
#include <string_view>

#include "extract/extractor.h"

namespace hullscan::extract::dotnet {

/// Stable name used in cache keys and output.
inline constexpr std::string_view kExtractorName = "lang/dotnet";
/// Bumped whenever the output for the same input changes.
inline constexpr int kExtractorVersion = 1;

/// A new "lang/dotnet" extractor (one per layer).
std::unique_ptr<PackageExtractor> NewDotnetExtractor();

}  // namespace hullscan::extract::dotnet
