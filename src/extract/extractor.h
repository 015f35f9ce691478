// PackageExtractor: finds packages in the files of one layer (DESIGN.md 1.3), after scalibr's
// FileRequired/Extract and trivy's Required/Analyze.
//
// The runner (extract/runner.h) drives one pass over a layer's entries. For every regular file
// it asks each extractor Wants(info) (cheap: path, size, mode only; no I/O); when one wants it,
// the runner hands it a FileInput over the entry's body and calls Extract(). After the last
// entry it calls Finish() for formats spread over several files.
// Contracts:
//   - Extractors never traverse the filesystem and never open files themselves.
//   - The runner owns and closes every FileInput; content() is valid only during Extract().
//   - Extract() returning an error does not stop the scan: the runner records a Diagnostic
//     naming the file and extractor, and the evidence path still counts (a corrupt newer DB
//     still replaces an older one).
//   - One instance per layer (DefaultExtractors() is called per layer), so instances share no
//     mutable state and need no locking.
//   - name() and version() go into the layer cache key: bump version() whenever the output of
//     an extractor changes for the same input.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/byte_io.h"
#include "base/status.h"
#include "base/temp_dir.h"
#include "layer/entry.h"
#include "model/package.h"

namespace hullscan::extract {

struct FileInfo {
  std::string_view path;  ///< absolute, normalised ("/var/lib/dpkg/status")
  uint64_t size_bytes = 0;
  uint32_t mode = 0;
  layer::EntryType type = layer::EntryType::kRegular;
};

class FileInput {
 public:
  virtual ~FileInput() = default;
  virtual const FileInfo& info() const = 0;
  std::string_view path() const { return info().path; }
  /// The file's bytes as a stream (read once).
  virtual ByteSource& content() = 0;
  /// The whole file in memory; kLimitExceeded above Limits::max_file_bytes.
  virtual Result<std::string> ReadAll() = 0;
  /// ReadAll() under a tighter, format-specific bound: kLimitExceeded before any byte is read
  /// when the file is larger than `max_bytes`.
  Result<std::string> ReadAllWithin(uint64_t max_bytes) {
    if (info().size_bytes > max_bytes) {
      return MakeError(ErrorCode::kLimitExceeded, "read " + std::string(path()) + ": file is " +
                                                      std::to_string(info().size_bytes) +
                                                      " bytes, larger than the limit of " +
                                                      std::to_string(max_bytes) + " bytes for this format");
    }
    return ReadAll();
  }
  /// The whole file spilled to our temp dir for random access (sqlite, BDB, NDB); kLimitExceeded
  /// above Limits::max_spill_bytes. The file is removed when the TempFile is destroyed.
  virtual Result<TempFile> Materialize() = 0;
  /// The whole file when it is already in memory (the runner holds a file that several
  /// extractors read), valid during Extract(); nullopt when the content is a stream. Lets a
  /// reader that needs random access (ELF) use those bytes instead of copying or spilling them.
  virtual std::optional<std::string_view> InMemory() const { return std::nullopt; }
};

class ExtractSink {
 public:
  virtual ~ExtractSink() = default;
  /// Adds a package. An empty p.path is set to the current input's path.
  virtual void AddPackage(model::Package p) = 0;
  /// Records an OS identification file (os-release etc.) and what it says.
  virtual void AddDistro(std::string path, model::Distro d) = 0;
  /// Records that OS package `owner` installed `path` (absolute, normalised). Extractors of
  /// package managers' file lists call it for paths common::MayHoldLanguagePackage() accepts.
  virtual void AddOwnedFile(std::string path, std::string owner) = 0;
  /// A per-file problem that did not stop the extractor (a bad stanza, a skipped record).
  virtual void Warn(std::string path, const Error& e) = 0;
};

class PackageExtractor {
 public:
  virtual ~PackageExtractor() = default;
  /// Stable name used in cache keys and output: "os/dpkg", "os/apk", "os/rpm", "os/release".
  virtual std::string_view name() const = 0;
  virtual int version() const = 0;
  /// Cheap filter over every entry. No I/O.
  virtual bool Wants(const FileInfo& info) const = 0;
  /// Parses one wanted file. Errors: kCorrupt (bad content), kLimitExceeded, kIo.
  virtual Status Extract(FileInput& in, ExtractSink& out) = 0;
  /// Called once after the last entry of the layer.
  virtual Status Finish(ExtractSink& out) { return OkStatus(); }
};

}  // namespace hullscan::extract
