// Parsers for the files the "lang/python" extractor reads: installed distributions' core
// metadata (`*.dist-info/METADATA`, `*.egg-info/PKG-INFO`, a `*.egg-info` file,
// `*.egg/EGG-INFO/PKG-INFO`), and the lock files poetry.lock, uv.lock, Pipfile.lock and pinned
// requirements*.txt. Each works on bytes in memory and returns what it found, so the extractor,
// the tests and the fuzz harness share them. They never throw. Pure functions; thread-safe.
//
// Names are kept as declared (PEP 503 normalisation happens at match time); versions exactly
// as written. Within one lock file each (name, version) is reported once, first-seen order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "extract/common/lang_packages.h"

namespace hullscan::extract::python {

/// One package named by a file; `dev`: only a development dependency (Pipfile.lock "develop",
/// poetry `category = "dev"`).
using Found = common::FoundPackage;
/// The packages of one file plus problems that skipped single entries.
using ParseOutput = common::LangParse;

enum class FileKind { kNone, kMetadata, kPoetryLock, kUvLock, kPipfileLock, kRequirements };

/// Classifies an absolute path by name only (cheap enough for Wants()):
///   - kMetadata: ".../X.dist-info/METADATA", ".../X.egg-info/PKG-INFO", ".../X.egg-info" (the
///     single-file form distutils writes), ".../X.egg/EGG-INFO/PKG-INFO" (an unzipped egg);
///   - ".../poetry.lock", ".../uv.lock", ".../Pipfile.lock";
///   - kRequirements: a file named "requirements*.txt".
/// Zipped .egg and .whl files are not read.
FileKind ClassifyPath(std::string_view path);

/// Largest file of each kind that is parsed; bigger files are kLimitExceeded.
inline constexpr uint64_t kMaxMetadataBytes = 8ull << 20;
inline constexpr uint64_t kMaxLockfileBytes = 64ull << 20;

/// Core metadata (https://packaging.python.org/en/latest/specifications/core-metadata/): the
/// RFC 822 header block before the first blank line; "Name" and "Version" (keys compared
/// case-insensitively, as email headers are). kCorrupt when either is missing.
Result<Found> ParseMetadata(std::string_view text);

/// poetry.lock (https://python-poetry.org/docs/basic-usage/#installing-with-poetrylock) and
/// uv.lock (https://docs.astral.sh/uv/concepts/projects/layout/#the-lockfile): TOML with one
/// `[[package]]` table per package and `name = "..."`, `version = "..."` keys. Read line by
/// line: only the keys of [[package]] tables at column 0 are looked at. uv's own project
/// (`source = { virtual = "." }` or `{ editable = "." }`) is not a package.
Result<ParseOutput> ParseTomlLock(std::string_view text, std::string_view what);

/// Pipfile.lock (https://pipenv.pypa.io/en/latest/pipfile.html): JSON; "default" and "develop"
/// map names to {"version": "==1.2.3"}. Entries without an exact "==" version (VCS, editable)
/// are left out. kCorrupt when not a JSON object.
Result<ParseOutput> ParsePipfileLock(std::string_view text);

/// requirements.txt (https://pip.pypa.io/en/stable/reference/requirements-file-format/): only
/// exact pins `name[extras] == version` (and `===`) are packages; ranges, options (-r, -e,
/// --hash), URLs and markers are ignored. UTF-8 (with or without BOM) or UTF-16LE with BOM.
ParseOutput ParseRequirements(std::string_view text);

}  // namespace hullscan::extract::python
