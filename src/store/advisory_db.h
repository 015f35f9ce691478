// The advisory database: one SQLite file per generation, swapped in atomically (DESIGN.md 4).
//
// Writing (`db import`, `db update`): AdvisoryWriter::Begin copies the current DB (if any) into a new
// file beside it, `<db>.new-<pid>-<n>`; each feed file is imported inside a SAVEPOINT that first
// drops the rows the same feed (by name) had before, so a file that fails leaves the previous data of
// that feed in place; Commit() rebuilds the match index (each live advisory's affected packages
// with its card: severity of related records, EPSS and KEV resolved once, here), finishes the
// transaction, syncs the file and rename()s it over <db>.
// Readers that opened the old file keep reading it; new readers see the new one; a writer killed at
// any moment leaves <db> untouched (its temp file is removed by the next writer). Writers exclude one
// another with an advisory lock on `<db>.lock` (flock).
//
// Reading (`scan`): AdvisoryStore opens <db> read-only and immutable (the file never changes once it
// is renamed in), so any number of processes read without locks. Queries are typed: matchers never
// see SQL. Thread-safety: AdvisoryWriter is single-threaded; AdvisoryStore serialises its calls.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "base/memory.h"
#include "base/status.h"
#include "model/advisory.h"
#include "model/image_info.h"
#include "store/advisory_sink.h"
#include "store/row_codec.h"

struct sqlite3;

namespace hullscan::store {

/// Bumped whenever the schema changes; a DB with another version is rebuilt by the next import and
/// refused by readers with a message saying so.
inline constexpr int kAdvisorySchemaVersion = 3;

/// The file of one feed being imported.
struct FeedImport {
  std::string name;         ///< stable name; a second import under the same name replaces the first
  std::string format;       ///< importer format name
  std::string source;       ///< path or URL
  std::string fingerprint;  ///< "sha256:…" or ETag
};

class AdvisoryWriter final : public AdvisorySink {
 public:
  /// Starts a new generation of the DB at `db_path` (creating its directory). Waits up to
  /// `lock_timeout_ms` for another writer. Errors: kIo, kDatabase (also when another writer holds the lock past the timeout).
  static Result<std::unique_ptr<AdvisoryWriter>> Begin(const std::string& db_path, int64_t lock_timeout_ms = 600'000);
  ~AdvisoryWriter() override;  ///< without Commit(): the new generation is discarded

  /// The fingerprint the current generation recorded for a feed name ("" when none): lets
  /// `db update` skip files that did not change.
  std::string PreviousFingerprint(const std::string& feed_name) const;

  Status BeginFeed(const FeedImport& feed);
  /// Records the feed's meta and keeps its rows.
  Status EndFeed(const std::string& as_of, uint64_t records, uint64_t skipped, const std::string& imported_at);
  /// Drops everything added since BeginFeed; the feed's previous rows stay.
  Status AbortFeed();

  Status AddAdvisory(model::Advisory advisory) override;
  Status AddEpss(const model::EpssScore& score) override;
  Status AddKev(const model::KevEntry& entry) override;

  /// Makes the new generation the DB. Afterwards the writer is spent.
  Status Commit();

 private:
  AdvisoryWriter() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// One affected-package row found for a query, with its advisory's key. `affected` has the
/// ecosystem, normalised name, state, note and ranges; its explicit versions stay encoded (PyPA
/// lists every affected release; they are needed only when no range holds), and so does the
/// advisory's card (needed only for rows that hold).
struct AffectedRow {
  int64_t advisory_key = 0;
  model::AffectedPackage affected;
  std::string versions;  ///< encoded version list (row_codec.h)
  std::string card;      ///< encoded AdvisoryCard

  /// True when `version` is one of the listed versions (exact string equality, as OSV defines).
  Result<bool> ListsVersion(std::string_view version) const;
  Result<std::vector<std::string>> DecodeVersions() const;
  Result<AdvisoryCard> Card() const;
};

class AdvisoryStore {
 public:
  /// Opens an existing DB read-only. kNotFound "no advisory database at PATH (run `hullscan db
  /// import` or `hullscan db update`)"; kDatabase for a file that is not one, or another schema.
  static Result<std::unique_ptr<AdvisoryStore>> Open(const std::string& db_path);
  ~AdvisoryStore();

  /// Affected rows for a package in an ecosystem ("Debian:12", "libssl3"): one range read of the
  /// match index. The name is normalised here. Withdrawn advisories are left out.
  Result<std::vector<AffectedRow>> Find(const std::string& ecosystem, const std::string& name);
  /// The same rows undecoded: the match index entry of the package's key ("" when none), read
  /// with DecodeIndexEntry(entry, ecosystem, normalised name) and DecodeAffectedView (what a scan
  /// uses: nothing is decoded that does not hold).
  Result<std::string> FindEntry(const std::string& ecosystem, const std::string& name);
  /// FindEntry for many packages ({ecosystem, name}) at once: one read transaction, the store
  /// locked once, the keys read in the index's order. The entries ("" for none) are copied into
  /// `arena` and come back in the order of `packages`.
  Result<std::vector<std::string_view>> FindEntries(
      std::span<const std::pair<std::string_view, std::string_view>> packages, ByteArena& arena);
  /// An advisory's metadata (id, aliases, summary, dates, severity, references; `affected` empty).
  Result<model::Advisory> Get(int64_t advisory_key);
  /// Severity statements of every advisory whose id or alias is `id` (e.g. the NVD or GHSA record of
  /// a CVE), each with the source it came from.
  Result<std::vector<model::SeverityScore>> SeverityFor(const std::string& id);
  Result<std::optional<model::EpssScore>> Epss(const std::string& cve);
  Result<std::optional<model::KevEntry>> Kev(const std::string& cve);

  /// Schema version and every feed, sorted by name.
  Result<model::DbInfo> Info();
  /// Every ecosystem the generation has affected-package records for ("Debian:12", "npm", ...),
  /// with their number; nullopt for a generation built before they were recorded.
  Result<std::optional<std::map<std::string, uint64_t>>> Ecosystems();
  /// File size in bytes.
  uint64_t size_bytes() const { return size_bytes_; }

 private:
  explicit AdvisoryStore(sqlite3* db);
  Status Prepare();
  sqlite3* db_;
  uint64_t size_bytes_ = 0;
  std::mutex mu_;
  std::map<int64_t, model::Advisory> cache_;
  // Statements prepared once (a scan asks thousands of point queries).
  struct Statements;
  std::unique_ptr<Statements> st_;
};

}  // namespace hullscan::store
