// The rpm package-database extractor ("os/rpm"): lists the packages of an rpm-based image from
// its package database, whichever backend wrote it:
//   - Berkeley DB hash  /var/lib/rpm/Packages            (rpm < 4.16; bdb_reader.h)
//   - NDB               /usr/lib/sysimage/rpm/Packages.db (SUSE; ndb_reader.h)
//   - SQLite            /var/lib/rpm/rpmdb.sqlite         (rpm >= 4.16; sqlite_reader.h)
// each under /var/lib/rpm or /usr/lib/sysimage/rpm. The backend is chosen from the file's
// magic bytes, not its name. Every record's header blob becomes one model::Package
// (rpm_header.h), gpg-pubkey pseudo-packages included, exactly as `rpm -qa` lists them.
//
// Place in the pipeline: one of DefaultExtractors(); the runner hands it a wanted file, it
// spills the file with FileInput::Materialize() (all three formats need random access) and
// adds the packages. A record that cannot be used becomes a warning and the rest are kept; a
// database that cannot be walked is an error, and then no package is added.
// Thread-safety: one instance per layer; ReadPackageDb() is reentrant.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "extract/extractor.h"
#include "extract/os/rpm/byte_view.h"
#include "model/layer_result.h"
#include "model/package.h"

namespace hullscan::extract::rpm {

/// The storage formats rpm has used for its package database.
enum class DbFormat { kUnknown, kSqlite, kBdb, kNdb };

/// Stable lowercase name: "unknown", "sqlite", "bdb", "ndb".
std::string_view DbFormatName(DbFormat f);

/// The format whose magic `head` (the first bytes of a file; 16 are enough) carries.
DbFormat DetectDbFormat(ByteView head);

/// What one package database holds.
struct PackageDb {
  DbFormat format = DbFormat::kUnknown;  ///< kUnknown for an empty file
  /// In database order; path and extractor left empty.
  std::vector<model::Package> packages;
  /// Files of those packages where language packages may live (common::MayHoldLanguagePackage).
  std::vector<model::OwnedFile> owned_files;
  /// Records skipped or suspect in a database that was otherwise readable (the first
  /// kMaxProblems, then one kLimitExceeded summary).
  std::vector<Error> problems;
};

/// Problems kept per database before the rest are only counted.
inline constexpr size_t kMaxProblems = 100;

/// Reads the rpm database file at `path`. An empty file is an empty database.
/// Errors: kCorrupt (unknown format, or a database that cannot be walked), kUnsupported,
/// kLimitExceeded, kIo.
Result<PackageDb> ReadPackageDb(const std::string& path);

/// The same for Berkeley DB and NDB bytes already in memory (fuzzers, tests); a SQLite image
/// is kUnsupported here since SQLite reads files.
Result<PackageDb> ReadPackageDbBytes(ByteView bytes);

class RpmExtractor final : public PackageExtractor {
 public:
  std::string_view name() const override { return "os/rpm"; }
  int version() const override { return 2; }
  /// Exactly Packages, Packages.db and rpmdb.sqlite under /var/lib/rpm/ and
  /// /usr/lib/sysimage/rpm/.
  bool Wants(const FileInfo& info) const override;
  Status Extract(FileInput& in, ExtractSink& out) override;
};

/// A new extractor instance (one per layer).
std::unique_ptr<PackageExtractor> NewRpmExtractor();

}  // namespace hullscan::extract::rpm
