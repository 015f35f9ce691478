// The binary rows of the advisory DB's match index (DESIGN.md 4): what a scan reads for each
// (ecosystem, package) it asks about, laid out so that reading it costs no JSON parsing.
//
// One entry per (ecosystem, package name) holding a row per affected-package record, each two blobs:
//   - the affected blob: fix state, note, ranges, unaffected ranges, then the explicit versions
//     (last, so that a reader can keep them as bytes until no range holds);
//   - the card: what a finding shows of the advisory (feed format, id, aliases, summary, its own
//     best severity statement, the best statement of other records of the same vulnerability,
//     EPSS and KEV), resolved once when the DB generation is built, not at every scan.
// Encoding: LEB128 varints, strings as varint length + bytes, doubles as 8 little-endian bytes of
// their IEEE-754 bits. Every read is bounds-checked; a malformed blob is kDatabase, never a crash.
// Thread-safety: plain functions over values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/advisory.h"

namespace hullscan::store {

/// What a finding shows of its advisory.
struct AdvisoryCard {
  std::string feed_format;  ///< format of the feed that stated it ("osv", "alpine-secdb", ...)
  std::string id;
  std::vector<std::string> aliases;
  std::string summary;
  std::optional<model::SeverityScore> severity;          ///< the advisory's own best statement
  /// When it has none: the best statement of the other records that name the same vulnerability
  /// (by id or alias: NVD, GHSA, OSV records).
  std::optional<model::SeverityScore> related_severity;
  double epss_score = -1;  ///< highest EPSS score of its CVE ids; < 0: none
  double epss_percentile = -1;
  std::string kev_date_added;  ///< "" when none of its CVE ids is in KEV
  bool operator==(const AdvisoryCard&) const = default;
};

/// The affected blob of a package entry (its ecosystem, name and purl are stored beside it).
std::string EncodeAffected(const model::AffectedPackage& p);

/// Decodes the affected blob into `out` (ranges, unaffected, state, note; `versions` left empty;
/// ecosystem, name and purl untouched) and returns the encoded explicit-version list, a view into
/// `blob`. `out` may be reused from row to row: its vectors keep their capacity.
Result<std::string_view> DecodeAffected(std::string_view blob, model::AffectedPackage& out);

/// An affected blob as views into it: what matching evaluates, row after row, without copying a
/// string (DecodeAffected copies the same into a model::AffectedPackage).
struct RangeEventView {
  model::RangeEvent::Kind kind = model::RangeEvent::Kind::kIntroduced;
  std::string_view version;
};
struct ConstraintView {
  model::VersionConstraint::Op op = model::VersionConstraint::Op::kEq;
  std::string_view version;
};
struct RangeView {
  model::AffectedRange::Type type = model::AffectedRange::Type::kEcosystem;
  std::vector<RangeEventView> events;  ///< kEcosystem, kSemver
  std::vector<ConstraintView> all_of;  ///< kConstraints
};
struct AffectedView {
  model::FixState state = model::FixState::kFixed;
  std::string_view note;
  std::vector<RangeView> ranges;
  std::vector<RangeView> unaffected;
  std::string_view versions;  ///< the encoded explicit-version list (VersionListHas)
};

/// Decodes the affected blob into `out`, whose views stay valid as long as `blob`'s bytes. `out`
/// may be reused from row to row: its vectors keep their capacity. kDatabase when the blob is
/// malformed.
Status DecodeAffectedView(std::string_view blob, AffectedView& out);

/// True when the encoded version list holds `version` (exact string equality, as OSV defines).
Result<bool> VersionListHas(std::string_view list, std::string_view version);
Result<std::vector<std::string>> DecodeVersionList(std::string_view list);

std::string EncodeCard(const AdvisoryCard& card);
Result<AdvisoryCard> DecodeCard(std::string_view blob);

/// A severity statement of a card, as views into the card blob.
struct SeverityView {
  std::string_view type;
  std::string_view vector;
  double score = -1;
  std::string_view label;
  std::string_view source;
  model::SeverityScore ToScore() const;
};

/// A card as views into its blob: what matching reads of every record that holds before it knows
/// whether the record makes a finding of its own (then strings are copied once, into the finding)
/// or merges into one already made (then most of it is never copied).
struct CardView {
  std::string_view feed_format;
  std::string_view id;
  std::vector<std::string_view> aliases;
  std::string_view summary;
  std::optional<SeverityView> severity;
  std::optional<SeverityView> related_severity;
  double epss_score = -1;
  double epss_percentile = -1;
  std::string_view kev_date_added;
};

/// Only the id and aliases of a card (what tells whether two records name one vulnerability),
/// into `out.id` and `out.aliases`; the other fields are left as they were. kDatabase when they are
/// malformed.
Status DecodeCardIds(std::string_view blob, CardView& out);

/// Decodes a card into `out`, whose views stay valid as long as `blob`'s bytes. `out` may be
/// reused from card to card: `aliases` keeps its capacity. kDatabase when the blob is malformed
/// (as DecodeCard).
Status DecodeCardView(std::string_view blob, CardView& out);

/// One row of a match index entry: views into the entry.
struct IndexRow {
  int64_t advisory_key = 0;
  std::string_view affected;  ///< affected blob
  std::string_view card;      ///< card blob
};

/// The match index is keyed by a 64-bit hash of (ecosystem, name) (an integer key keeps the
/// B-tree shallow and its leaves hold whole entries); an entry is one group per (ecosystem, name)
/// with that hash — almost always exactly one — and each group holds every row of its package,
/// in advisory-key order, so that a query is one read.
int64_t IndexKey(std::string_view ecosystem, std::string_view name);

/// Appends a row to the rows of a group.
void AppendIndexRow(std::string& rows, int64_t advisory_key, std::string_view affected, std::string_view card);
/// One group of an entry: the package's identity and its rows.
std::string IndexGroup(std::string_view ecosystem, std::string_view name, std::string_view rows);
/// The rows of (ecosystem, name) in an entry (none when the entry holds only other names).
Result<std::vector<IndexRow>> DecodeIndexEntry(std::string_view entry, std::string_view ecosystem,
                                               std::string_view name);

}  // namespace hullscan::store
