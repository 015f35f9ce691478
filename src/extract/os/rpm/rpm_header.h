// rpm header blobs: the record every rpm database backend stores, one per installed package.
//
// Format (https://rpm-software-management.github.io/rpm/manual/format_header.html): a database
// stores the header without the 8-byte magic/reserved lead: big-endian int32 `il` (index entry
// count), int32 `dl` (data store length), `il` 16-byte index entries {tag, type, offset, count},
// then `dl` bytes of data. The first entry is usually a region tag (HEADERIMMUTABLE, 63) whose
// data is a 16-byte trailer; entries after the region ("dribbles", added at install time)
// replace region entries with the same tag. Validation follows rpm's own loader,
// lib/header.c hdrblobInit / hdrblobVerifyRegion / hdrblobVerifyInfo
// (https://github.com/rpm-software-management/rpm/blob/master/lib/header.c), so a blob that
// `rpm -qa` would reject as damaged is rejected here too.
//
// Place in the pipeline: the rpm extractor feeds every blob its database readers (sqlite, BDB,
// NDB) return into PackageFromHeader(). Thread-safety: pure functions over caller-owned bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "extract/os/rpm/byte_view.h"
#include "model/package.h"

namespace hullscan::extract::rpm {

/// Tag numbers read by hullscan (rpm include/rpm/rpmtag.h).
inline constexpr uint32_t kTagHeaderImage = 61;
inline constexpr uint32_t kTagHeaderSignatures = 62;
inline constexpr uint32_t kTagHeaderImmutable = 63;
inline constexpr uint32_t kTagName = 1000;
inline constexpr uint32_t kTagVersion = 1001;
inline constexpr uint32_t kTagRelease = 1002;
inline constexpr uint32_t kTagEpoch = 1003;
inline constexpr uint32_t kTagVendor = 1011;
inline constexpr uint32_t kTagLicense = 1014;
inline constexpr uint32_t kTagArch = 1022;
inline constexpr uint32_t kTagSourceRpm = 1044;
inline constexpr uint32_t kTagModularityLabel = 5096;
inline constexpr uint32_t kTagOldFileNames = 1027;
inline constexpr uint32_t kTagDirIndexes = 1116;
inline constexpr uint32_t kTagBaseNames = 1117;
inline constexpr uint32_t kTagDirNames = 1118;

/// Bounds from lib/header.c: HEADER_TAGS_MAX, HEADER_DATA_MAX and headerMaxbytes.
inline constexpr uint32_t kMaxIndexEntries = 0xffff;
inline constexpr uint32_t kMaxDataBytes = 0x0fffffff;
inline constexpr uint64_t kMaxHeaderBytes = 256ull * 1024 * 1024;

/// A validated view of one header blob. It points into the caller's bytes, which must outlive
/// it. Lookups see the last entry for a tag, so dribble entries win over region entries, as in
/// rpm's hdrblobImport ("Dribble entries replace duplicate region entries").
class Header {
 public:
  /// Validates the whole index of `blob` (sizes, types, alignment, offsets, NUL-terminated
  /// strings, no overlaps, region trailer). Errors: kCorrupt naming the entry and the check.
  static Result<Header> Parse(ByteView blob);

  /// The string value of `tag` (the first element of a string array or i18n string);
  /// nullopt when the tag is absent; kCorrupt when the entry is not of a string type.
  Result<std::optional<std::string_view>> GetString(uint32_t tag) const;
  /// The first INT32 of `tag`; nullopt when absent; kCorrupt when the entry is not INT32.
  Result<std::optional<uint32_t>> GetInt32(uint32_t tag) const;

  /// Every string of a STRING_ARRAY (or STRING) entry; empty when the tag is absent.
  Result<std::vector<std::string_view>> GetStrings(uint32_t tag) const;
  /// Every INT32 of `tag`; empty when absent; kCorrupt when the entry is not INT32.
  Result<std::vector<uint32_t>> GetInt32s(uint32_t tag) const;

  /// Index entries, the region entry excluded.
  size_t entry_count() const { return entries_.size(); }

 private:
  struct Entry {
    uint32_t tag;
    uint32_t type;
    uint32_t offset;
    uint32_t count;
  };
  const Entry* Find(uint32_t tag) const;

  ByteView data_;  // the data store (dl bytes)
  std::vector<Entry> entries_;
};

/// Builds a Package (type kRpm) from one header blob: name, epoch ("" when absent), version
/// "[epoch:]version-release" (the epoch prefix whenever an EPOCH entry exists, 0 included),
/// release, arch, license, vendor, modularity label, SOURCERPM ("" for rpm's "(none)"
/// placeholder) and the source name/version parsed from it. path and extractor are left empty. Errors: kCorrupt for a damaged blob or
/// one without NAME, VERSION or RELEASE.
/// When `owned_files` is given, it receives the package's file names (BASENAMES joined to
/// DIRNAMES by DIRINDEXES, or the old OLDFILENAMES) that common::MayHoldLanguagePackage()
/// accepts; a file list that does not add up leaves it empty.
Result<model::Package> PackageFromHeader(ByteView blob, std::vector<std::string>* owned_files = nullptr);



}  // namespace hullscan::extract::rpm
