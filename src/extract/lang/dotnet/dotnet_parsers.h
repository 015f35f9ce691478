// Parsers for the files the "lang/dotnet" extractor reads: a published app's `*.deps.json`
// (the runtime dependency manifest), NuGet's `packages.lock.json` and the legacy
// `packages.config`. Each works on bytes in memory and returns the NuGet packages it found plus
// per-record warnings, so the extractor, the tests and the fuzz harness share them. They never
// throw (nlohmann/json and expat errors are turned into Results at this boundary). Pure
// functions; thread-safe.
//
// NuGet package ids are case-insensitive; they are kept exactly as written (matching
// normalises them). Versions are kept exactly as written. Within one file each (name, version)
// is reported once, first one seen wins. Order: JSON objects are read through base/json.h,
// whose objects iterate in byte-wise key order, so JSON files yield packages in key order;
// packages.config yields them in document order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "extract/common/lang_packages.h"

namespace hullscan::extract::dotnet {

/// One package named by a file; `dev`: packages.config `developmentDependency="true"` (the
/// JSON formats have no such mark).
using Found = common::FoundPackage;
/// The packages of one file and per-record warnings (at most kMaxWarnings; the rest are dropped).
using ParseOutput = common::LangParse;

enum class FileKind { kNone, kDepsJson, kPackagesLock, kPackagesConfig };

/// Classifies an absolute path by its file name only (cheap enough for Wants()):
///   - kDepsJson: "<something>.deps.json" (an app's, or a shared framework's, dependency
///     manifest; the bare name ".deps.json" is not one);
///   - kPackagesLock: "packages.lock.json";
///   - kPackagesConfig: "packages.config".
/// Names are compared exactly (the SDK and NuGet write them in this case).
FileKind ClassifyPath(std::string_view path);

/// Largest file of each kind that is parsed; bigger files are kLimitExceeded.
inline constexpr uint64_t kMaxJsonBytes = 64ull << 20;
inline constexpr uint64_t kMaxPackagesConfigBytes = 16ull << 20;
/// Most packages reported from one file; past it the parse fails with kLimitExceeded.
inline constexpr uint64_t kMaxPackagesPerFile = 1'000'000;
/// Most warnings kept per file.
inline constexpr uint64_t kMaxWarnings = 1000;
/// Deepest XML element nesting accepted in packages.config (it needs 2).
inline constexpr uint64_t kMaxXmlDepth = 64;

/// `*.deps.json`
/// (https://github.com/dotnet/sdk/blob/main/documentation/specs/runtime-configuration-file.md).
/// Every `libraries` entry `"Name/Version": {"type": "package"}` is a package, the key split
/// at its last '/'. Type "runtimepack" (the runtime bundled into a self-contained or
/// single-file app) is a package too, reported under its NuGet id: the SDK's "runtimepack."
/// prefix is removed ("runtimepack.Microsoft.NETCore.App.Runtime.linux-x64" ->
/// "Microsoft.NETCore.App.Runtime.linux-x64"). Other types ("project", "reference", ...) are
/// not packages. Types compare case-insensitively.
/// What is deployed: when `targets[runtimeTarget.name]` exists, a library listed there whose
/// entry has no runtime asset (no non-empty "runtime", "runtimeTargets", "native" or
/// "resources") is left out: it is a meta-package, compile-only, or its assemblies were
/// dropped because the shared framework carries a newer copy, so none of its code ships with
/// the app. A library missing from that target is kept (as Trivy does: better a package too
/// many than a silent omission), and without a runtime target every library is kept.
/// kCorrupt when the document is not JSON or not an object, or `libraries` is not an object.
Result<ParseOutput> ParseDepsJson(std::string_view text);

/// `packages.lock.json`
/// (https://devblogs.microsoft.com/nuget/enable-repeatable-package-restores-using-a-lock-file/):
/// `dependencies` maps each target framework (and framework/RID) to `{name: {type, resolved,
/// ...}}`. Every entry with a string `resolved` is a package (types Direct, Transitive,
/// CentralTransitive) except type "Project" (a project reference). A package locked for several
/// frameworks is reported once per (name, version). kCorrupt when the document is not a JSON
/// object or has no `dependencies` object.
Result<ParseOutput> ParsePackagesLock(std::string_view text);

/// `packages.config`
/// (https://learn.microsoft.com/en-us/nuget/reference/packages-config): XML, parsed with expat;
/// each `<package id="X" version="1.2.3" .../>` directly under the root `<packages>` is a
/// package; `developmentDependency="true"` (any case) marks it dev. An element without id or
/// version is skipped with a warning. A DOCTYPE is refused (a packages.config never has one,
/// and it is where entity expansion attacks live). kCorrupt on malformed XML ("... (line N)")
/// or another root element; kLimitExceeded above kMaxPackagesConfigBytes or kMaxXmlDepth.
Result<ParseOutput> ParsePackagesConfig(std::string_view text);

}  // namespace hullscan::extract::dotnet
