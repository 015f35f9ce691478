// The SemVer family of version schemes: npm, Cargo, Go modules and NuGet, four dialects of one
// SemVer 2.0.0 core (https://semver.org/spec/v2.0.0.html, section 11 for precedence). Matchers
// use them to compare an installed package version with advisory ranges (DESIGN.md 1.3).
//
// Shared precedence: release numbers compared numerically at any length; a version with a
// prerelease is lower than the same release without one; prerelease identifiers compared left to
// right, digits-only identifiers numerically and below alphanumeric ones, alphanumeric ones in
// ASCII order, a shorter list below a longer one with the same prefix; build metadata ignored.
// The dialects differ only in what text they accept (see each function). Stateless singletons:
// thread-safe.
#pragma once

#include "version/version_scheme.h"

namespace hullscan::version {

/// npm: what node-semver's `semver.valid(v)` accepts without `loose`
/// (https://github.com/npm/node-semver, internal/re.js FULL): surrounding whitespace trimmed,
/// an optional lowercase 'v', exactly MAJOR.MINOR.PATCH, no leading zeros in numbers or numeric
/// prerelease identifiers, at most 256 characters. Unlike node-semver, numbers above 2^53-1 are
/// accepted and compared exactly (SemVer 2.0.0 sets no bound).
const VersionScheme& SemverScheme();

/// Cargo: the `semver` crate's `Version::parse` (https://docs.rs/semver/1/semver/): exactly
/// MAJOR.MINOR.PATCH, no prefix, no whitespace, no leading zeros in numbers or numeric prerelease
/// identifiers, major/minor/patch within u64. Build metadata is ignored for ordering (the crate
/// uses it as a final tie-break; SemVer 2.0.0 and OSV ignore it).
const VersionScheme& CargoScheme();

/// Go modules: golang.org/x/mod/semver (https://pkg.go.dev/golang.org/x/mod/semver): a leading
/// 'v' is required; "v1" and "v1.2" are shorthands for v1.0.0 and v1.2.0; "+incompatible" and
/// any other build metadata are ignored; pseudo-versions (https://go.dev/ref/mod#pseudo-versions)
/// such as v0.0.0-20190101000000-abcdef123456 are ordinary prereleases. OSV's Go ranges spell
/// versions without the 'v': callers add it.
const VersionScheme& GoScheme();

/// NuGet: NuGet.Versioning's NuGetVersion.TryParse
/// (https://learn.microsoft.com/en-us/nuget/concepts/package-versioning): surrounding whitespace
/// trimmed, one to four numeric parts (leading zeros allowed, missing parts are 0, so
/// 1.0 == 1.0.0.0), release labels without leading zeros in numeric labels, compared
/// case-insensitively (VersionComparer.Default), metadata ignored. Numbers are not limited to
/// int32 as in NuGet: they compare exactly at any length.
const VersionScheme& NugetScheme();

}  // namespace hullscan::version
