// In-memory FileInput and ExtractSink for extractor tests and fuzz harnesses (test-only; not
// linked into the scanner). They are real implementations of the extract/extractor.h
// interfaces, in the spirit of leveldb's memenv (DESIGN.md 1.5: no mocks):
//   - MemoryFileInput serves a file's bytes from a string, enforcing the same
//     max_file_bytes / max_spill_bytes limits as the runner's input;
//   - RecordingSink keeps every package, distro fact and warning it is given;
//   - ExtractWith, ExpectNameAndVersion, Pairs/Triples/Contains: the helpers every extractor
//     test repeated (run a new extractor over one file, check its identity, compare what it
//     found as (name, version[, dev]) rows).
// Header-only so that tests and fuzzers of any extractor can use it without a library.
// Thread-safety: none; one instance per test.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "base/byte_io.h"
#include "base/limits.h"
#include "base/status.h"
#include "base/temp_dir.h"
#include "extract/extractor.h"
#include "model/layer_result.h"
#include "model/package.h"

namespace hullscan::extract::common {

/// FileInfo of a 100-byte file (or another entry type) at `path`, for Wants() tables.
inline FileInfo Info(std::string_view path, layer::EntryType type = layer::EntryType::kRegular) {
  FileInfo info;
  info.path = path;
  info.size_bytes = 100;
  info.mode = 0644;
  info.type = type;
  return info;
}

/// One named row of a Wants() table (scalibr's TestFileRequired): near misses included.
struct WantsCase {
  const char* name;
  const char* path;
  layer::EntryType type;
  bool want;
};

/// Checks every row of a Wants() table against the extractor.
inline void ExpectWants(const PackageExtractor& extractor, std::span<const WantsCase> cases) {
  for (const WantsCase& c : cases) {
    EXPECT_EQ(extractor.Wants(Info(c.path, c.type)), c.want) << c.name << ": " << c.path;
  }
}


/// A FileInput over bytes held in memory. content() and ReadAll() each see the whole file;
/// InMemory() gives the bytes, as the runner does for a file several extractors share, unless
/// set_streaming() asks for a stream-only input (a file one extractor reads from the layer).
class MemoryFileInput final : public FileInput {
 public:
  MemoryFileInput(std::string path, std::string data, Limits limits = {})
      : path_(std::move(path)), data_(std::move(data)), limits_(limits), source_(std::string_view(data_)) {
    info_.path = path_;
    info_.size_bytes = data_.size();
    info_.mode = 0644;
    info_.type = layer::EntryType::kRegular;
  }
  MemoryFileInput(const MemoryFileInput&) = delete;
  MemoryFileInput& operator=(const MemoryFileInput&) = delete;

  const FileInfo& info() const override { return info_; }
  ByteSource& content() override { return source_; }
  Result<std::string> ReadAll() override {
    if (data_.size() > limits_.max_file_bytes) {
      return MakeError(ErrorCode::kLimitExceeded,
                       "read " + path_ + ": file is larger than the limit of " +
                           std::to_string(limits_.max_file_bytes) + " bytes");
    }
    return data_;
  }
  std::optional<std::string_view> InMemory() const override {
    if (streaming_) return std::nullopt;
    return std::string_view(data_);
  }
  void set_streaming() { streaming_ = true; }
  Result<TempFile> Materialize() override {
    if (temp_dir_ == nullptr) {
      HS_ASSIGN_OR_RETURN(temp_dir_, TempDir::Create());
    }
    MemorySource src{std::string_view(data_)};
    return TempFile::FromSource(temp_dir_->NewPath(), src, limits_.max_spill_bytes, path_);
  }

 private:
  std::string path_;
  std::string data_;
  Limits limits_;
  FileInfo info_;
  MemorySource source_;
  std::unique_ptr<TempDir> temp_dir_;
  bool streaming_ = false;
};

/// An ExtractSink that records everything. Like the runner's sink, it fills an empty
/// Package::path with the path it was constructed with.
class RecordingSink final : public ExtractSink {
 public:
  struct Warning {
    std::string path;
    Error error;
  };

  explicit RecordingSink(std::string current_path = "") : current_path_(std::move(current_path)) {}

  void AddPackage(model::Package p) override {
    if (p.path.empty()) p.path = current_path_;
    packages.push_back(std::move(p));
  }
  void AddDistro(std::string path, model::Distro d) override {
    distros.push_back(model::DistroFact{std::move(path), std::move(d)});
  }
  void AddOwnedFile(std::string path, std::string owner) override {
    owned_files.push_back(model::OwnedFile{std::move(path), std::move(owner)});
  }
  void Warn(std::string path, const Error& e) override { warnings.push_back(Warning{std::move(path), e}); }

  std::vector<model::Package> packages;
  std::vector<model::OwnedFile> owned_files;
  std::vector<model::DistroFact> distros;
  std::vector<Warning> warnings;

 private:
  std::string current_path_;
};

/// Runs `extractor` over one in-memory file, the way the runner does for a wanted entry.
inline Status ExtractFromMemory(PackageExtractor& extractor, const std::string& path, std::string data,
                                RecordingSink& sink, Limits limits = {}) {
  MemoryFileInput in(path, std::move(data), limits);
  return extractor.Extract(in, sink);
}

/// Runs a new extractor of one kind over one in-memory file per call: a test declares
/// `const common::ExtractWith Extract(NewNpmExtractor);` and calls `Extract(path, data, sink)`.
class ExtractWith {
 public:
  using Factory = std::unique_ptr<PackageExtractor> (*)();
  explicit ExtractWith(Factory make) : make_(make) {}
  Status operator()(const std::string& path, std::string data, RecordingSink& sink, Limits limits = {}) const {
    std::unique_ptr<PackageExtractor> extractor = make_();
    return ExtractFromMemory(*extractor, path, std::move(data), sink, limits);
  }

 private:
  Factory make_;
};

/// Checks an extractor's stable name and version (they go into the layer cache key).
inline void ExpectNameAndVersion(const PackageExtractor& extractor, std::string_view name, int version) {
  EXPECT_EQ(extractor.name(), name);
  EXPECT_EQ(extractor.version(), version);
}

using NameVersion = std::pair<std::string, std::string>;
using NameVersionDev = std::tuple<std::string, std::string, bool>;

/// (name, version) of each package, in order: of model::Package or FoundPackage values.
template <typename T>
std::vector<NameVersion> Pairs(const std::vector<T>& packages) {
  std::vector<NameVersion> out;
  for (const T& p : packages) out.emplace_back(p.name, p.version);
  return out;
}

/// (name, version, dev) of each package, in order: of model::Package or FoundPackage values.
template <typename T>
std::vector<NameVersionDev> Triples(const std::vector<T>& packages) {
  std::vector<NameVersionDev> out;
  for (const T& p : packages) out.emplace_back(p.name, p.version, p.dev);
  return out;
}

/// True when `pairs` holds `want`.
inline bool Contains(const std::vector<NameVersion>& pairs, const NameVersion& want) {
  return std::find(pairs.begin(), pairs.end(), want) != pairs.end();
}

}  // namespace hullscan::extract::common
