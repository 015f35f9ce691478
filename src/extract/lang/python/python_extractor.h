// The "lang/python" extractor: Python distributions of one layer, from installed metadata
// (`*.dist-info/METADATA`, `*.egg-info/PKG-INFO` or a `*.egg-info` file, an unzipped egg's
// `EGG-INFO/PKG-INFO`) and from poetry.lock, uv.lock, Pipfile.lock and pinned
// requirements*.txt. Distributions installed by an OS package manager (Debian's python3-* in
// /usr/lib/python3/dist-packages) are reported too; telling them apart is a later stage's job.
//
// Which files: python_parsers.h, ClassifyPath(). Wants() looks at the path only.
// Output: one model::Package{kPypi} per (name, version) per evidence file, `path` = the file
// (the METADATA / PKG-INFO file itself). Names as declared; versions exactly as written.
// Not read: zipped `.egg` and `.whl` files (they would need Materialize() and unzip), pdm.lock.
// Bounded: metadata above kMaxMetadataBytes, lock files above kMaxLockfileBytes are
// kLimitExceeded before anything is read; warnings per file are capped.
// Thread-safety: one instance per layer (PackageExtractor contract); no shared state.
#pragma once

#include <memory>
#include <string_view>

#include "extract/extractor.h"

namespace hullscan::extract::python {

/// Stable name used in cache keys and output.
inline constexpr std::string_view kExtractorName = "lang/python";
/// Bumped whenever the output for the same input changes.
inline constexpr int kExtractorVersion = 2;

/// A new "lang/python" extractor (one per layer).
std::unique_ptr<PackageExtractor> NewPythonExtractor();

}  // namespace hullscan::extract::python
