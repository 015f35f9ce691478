#include "extract/os/rpm/bdb_reader.h"

#include <algorithm>
#include <string>
#include <vector>

#include "extract/os/rpm/rpm_header.h"

namespace hullscan::extract::rpm {
namespace {

// Magic numbers (db.h DB_HASHMAGIC, DB_BTREEMAGIC), stored in the writer's byte order.
constexpr uint32_t kHashMagic = 0x00061561;
constexpr uint32_t kBtreeMagic = 0x00053162;

// Meta page (db_page.h DBMETA followed by HMETA): byte offsets.
constexpr uint64_t kMetaMagic = 12;
constexpr uint64_t kMetaVersion = 16;
constexpr uint64_t kMetaPageSize = 20;
constexpr uint64_t kMetaEncryptAlg = 24;
constexpr uint64_t kMetaType = 25;
constexpr uint64_t kMetaFlags = 26;
constexpr uint64_t kMetaLastPgno = 32;
constexpr uint64_t kMetaMaxBucket = 72;
constexpr uint64_t kMetaSpares = 96;  // u32 spares[32]: first page of each doubling
constexpr uint64_t kMetaBytes = kMetaSpares + 32 * 4;
constexpr uint8_t kMetaFlagChecksum = 0x01;  // DBMETA_CHKSUM

// Page header (db_page.h PAGE): byte offsets; the item index (u16 offsets) follows it.
constexpr uint64_t kPagePgno = 8;
constexpr uint64_t kPageNextPgno = 16;
constexpr uint64_t kPageEntries = 20;
constexpr uint64_t kPageHfOffset = 22;  // on overflow pages: bytes of data on this page
constexpr uint64_t kPageType = 25;
constexpr uint64_t kPageHeaderBytes = 26;  // SIZEOF_PAGE

// Page types (db_page.h).
constexpr uint8_t kPageHashUnsorted = 2;  // P_HASH_UNSORTED (old hash versions)
constexpr uint8_t kPageOverflow = 7;      // P_OVERFLOW
constexpr uint8_t kPageHashMeta = 8;      // P_HASHMETA
constexpr uint8_t kPageHash = 13;         // P_HASH

// Hash item types (db_page.h H_KEYDATA, H_OFFPAGE). HOFFPAGE: type, 3 unused, pgno, tlen.
constexpr uint8_t kItemKeyData = 1;
constexpr uint8_t kItemOffPage = 3;
constexpr uint64_t kOffPageBytes = 12;

class Bdb {
 public:
  Bdb(ByteView file, bool big_endian) : file_(file), big_endian_(big_endian) {}

  uint32_t U32(ByteView v, uint64_t off) const { return big_endian_ ? LoadBe32(v, off) : LoadLe32(v, off); }
  uint16_t U16(ByteView v, uint64_t off) const { return big_endian_ ? LoadBe16(v, off) : LoadLe16(v, off); }

  Status Open();
  Status Walk(const RecordFn& on_record, const ProblemFn& on_problem);

 private:
  Result<ByteView> Page(uint32_t pgno) const;
  Status WalkPage(uint32_t pgno, ByteView page, const RecordFn& on_record, const ProblemFn& on_problem);
  Result<std::vector<uint8_t>> ReadOverflow(uint32_t pgno, uint32_t total_bytes);
  // Marks `pgno` used; false when it already was (a loop, or a page on two chains).
  bool Claim(uint32_t pgno) {
    if (used_[pgno]) return false;
    used_[pgno] = true;
    return true;
  }

  ByteView file_;
  bool big_endian_;
  uint32_t page_size_ = 0;
  uint32_t last_pgno_ = 0;
  uint32_t max_bucket_ = 0;
  uint32_t spares_[32] = {};
  std::vector<bool> used_;
};

tl::unexpected<Error> Corrupt(const std::string& msg) { return MakeError(ErrorCode::kCorrupt, "bdb: " + msg); }
std::string PageName(uint32_t pgno) { return "page " + std::to_string(pgno); }

Status Bdb::Open() {
  if (file_.size() < kMetaBytes) {
    return Corrupt("file of " + std::to_string(file_.size()) + " bytes is shorter than a meta page");
  }
  const uint32_t version = U32(file_, kMetaVersion);
  if (version < 8 || version > 10) {
    return MakeError(ErrorCode::kUnsupported, "bdb: hash version " + std::to_string(version) + " (want 8 to 10)");
  }
  if (file_[kMetaEncryptAlg] != 0) return MakeError(ErrorCode::kUnsupported, "bdb: encrypted database");
  if (file_[kMetaFlags] & kMetaFlagChecksum) {
    return MakeError(ErrorCode::kUnsupported, "bdb: database with page checksums");
  }
  if (file_[kMetaType] != kPageHashMeta) {
    return Corrupt("meta page type " + std::to_string(file_[kMetaType]) + " is not a hash meta page");
  }
  page_size_ = U32(file_, kMetaPageSize);
  // Berkeley DB page sizes are powers of two from 512 bytes to 64 KiB (DB->set_pagesize).
  if (page_size_ < 512 || page_size_ > 65536 || (page_size_ & (page_size_ - 1)) != 0) {
    return Corrupt("page size " + std::to_string(page_size_) + " is not a power of two in 512..65536");
  }
  last_pgno_ = U32(file_, kMetaLastPgno);
  if ((static_cast<uint64_t>(last_pgno_) + 1) * page_size_ > file_.size()) {
    return Corrupt("truncated: last page " + std::to_string(last_pgno_) + " ends past the file's " +
                   std::to_string(file_.size()) + " bytes");
  }
  max_bucket_ = U32(file_, kMetaMaxBucket);
  if (max_bucket_ >= last_pgno_) {
    return Corrupt("max bucket " + std::to_string(max_bucket_) + " needs more pages than the " +
                   std::to_string(last_pgno_) + " after the meta page");
  }
  for (uint64_t i = 0; i < 32; ++i) spares_[i] = U32(file_, kMetaSpares + 4 * i);
  used_.assign(static_cast<size_t>(last_pgno_) + 1, false);
  used_[0] = true;  // the meta page
  return OkStatus();
}

Result<ByteView> Bdb::Page(uint32_t pgno) const {
  if (pgno == 0 || pgno > last_pgno_) {
    return Corrupt(PageName(pgno) + ": outside pages 1.." + std::to_string(last_pgno_));
  }
  ByteView page = file_.subspan(static_cast<uint64_t>(pgno) * page_size_, page_size_);
  // rpm's bdb_getpage: a page must name itself.
  if (U32(page, kPagePgno) != pgno) {
    return Corrupt(PageName(pgno) + ": header names page " + std::to_string(U32(page, kPagePgno)));
  }
  return page;
}

Status Bdb::Walk(const RecordFn& on_record, const ProblemFn& on_problem) {
  for (uint32_t bucket = 0; bucket <= max_bucket_; ++bucket) {
    // hash_bucket_to_page: bucket + spares[number of significant bits of bucket].
    uint32_t bits = 0;
    for (uint32_t b = bucket; b != 0; b >>= 1) ++bits;
    const uint64_t first = static_cast<uint64_t>(bucket) + spares_[bits];
    if (first == 0 || first > last_pgno_) {
      return Corrupt("bucket " + std::to_string(bucket) + ": first page " + std::to_string(first) +
                     " is outside pages 1.." + std::to_string(last_pgno_));
    }
    for (uint32_t pgno = static_cast<uint32_t>(first); pgno != 0;) {
      const std::string where = "bucket " + std::to_string(bucket) + ": " + PageName(pgno);
      if (pgno > last_pgno_) return Corrupt(where + ": outside pages 1.." + std::to_string(last_pgno_));
      if (!Claim(pgno)) return Corrupt(where + ": bucket chain loops or shares a page");
      HS_ASSIGN_OR_RETURN(ByteView page, Page(pgno));
      if (page[kPageType] != kPageHash && page[kPageType] != kPageHashUnsorted) {
        return Corrupt(where + ": type " + std::to_string(page[kPageType]) + " is not a hash page");
      }
      HS_RETURN_IF_ERROR(WalkPage(pgno, page, on_record, on_problem));
      pgno = U32(page, kPageNextPgno);
    }
  }
  return OkStatus();
}

// One hash page: an index of u16 item offsets in key/value pairs. Items are packed from the
// end of the page downwards, so an item's length is the distance to its predecessor (rpm's
// hash_next: klen = inp[idx - 1] - koff, or pagesize - koff for the first; vlen = koff - voff).
Status Bdb::WalkPage(uint32_t pgno, ByteView page, const RecordFn& on_record, const ProblemFn& on_problem) {
  const uint64_t entries = U16(page, kPageEntries);
  const uint64_t items_start = kPageHeaderBytes + 2 * entries;
  if (items_start > page_size_) {
    return Corrupt(PageName(pgno) + ": " + std::to_string(entries) + " index entries do not fit the page");
  }
  uint64_t prev = page_size_;  // start of the item above the current key
  for (uint64_t idx = 0; idx + 1 < entries; idx += 2) {
    const uint64_t koff = U16(page, kPageHeaderBytes + 2 * idx);
    const uint64_t voff = U16(page, kPageHeaderBytes + 2 * idx + 2);
    const std::string where = PageName(pgno) + ": item " + std::to_string(idx / 2);
    if (!(items_start <= voff && voff < koff && koff < prev)) {
      return Corrupt(where + ": item offsets " + std::to_string(koff) + "/" + std::to_string(voff) +
                     " out of order or outside the page");
    }
    const ByteView key = page.subspan(koff, prev - koff);
    const ByteView value = page.subspan(voff, koff - voff);
    prev = voff;

    // Keys of the Packages database are 4-byte instance numbers in the writer's byte order.
    // rpm skips other keys and key 0, which holds the next free instance (bdbro_pkgdbKey,
    // rpmdbNextIterator). Keys that long are never off-page, so an off-page key is skipped too.
    if (key[0] != kItemKeyData && key[0] != kItemOffPage) {
      return Corrupt(where + ": key item type " + std::to_string(key[0]));
    }
    if (key[0] != kItemKeyData || key.size() != 5) continue;
    const uint32_t instance = U32(key, 1);
    if (instance == 0) continue;

    if (value[0] == kItemKeyData) {
      on_record(HeaderRecord{instance, value.subspan(1)});
    } else if (value[0] == kItemOffPage) {
      if (value.size() != kOffPageBytes) {
        return Corrupt(where + ": off-page item of " + std::to_string(value.size()) + " bytes (want 12)");
      }
      Result<std::vector<uint8_t>> blob = ReadOverflow(U32(value, 4), U32(value, 8));
      if (!blob) {
        on_problem(std::move(blob).error().WithContext("instance " + std::to_string(instance)));
        continue;
      }
      on_record(HeaderRecord{instance, ByteView(*blob)});
    } else {
      return Corrupt(where + ": value item type " + std::to_string(value[0]) +
                     " (rpm stores only on-page and off-page items)");
    }
  }
  return OkStatus();
}

// An off-page item: `total_bytes` spread over a chain of P_OVERFLOW pages, each holding
// hf_offset bytes after its header (rpm's ovfl_get, db_page.h "Overflow page").
Result<std::vector<uint8_t>> Bdb::ReadOverflow(uint32_t pgno, uint32_t total_bytes) {
  const std::string what = "overflow chain at " + PageName(pgno);
  if (total_bytes == 0 || total_bytes >= kMaxHeaderBytes) {
    return Corrupt(what + ": length " + std::to_string(total_bytes) + " is not a header size");
  }
  std::vector<uint8_t> out;
  out.reserve(std::min<uint64_t>(total_bytes, file_.size()));
  while (out.size() < total_bytes) {
    if (pgno == 0 || pgno > last_pgno_) {
      return Corrupt(what + ": ends at page " + std::to_string(pgno) + " after " + std::to_string(out.size()) +
                     " of " + std::to_string(total_bytes) + " bytes");
    }
    if (!Claim(pgno)) return Corrupt(what + ": " + PageName(pgno) + ": overflow chain loops or shares a page");
    HS_ASSIGN_OR_RETURN(ByteView page, Page(pgno));
    if (page[kPageType] != kPageOverflow) {
      return Corrupt(what + ": " + PageName(pgno) + ": type " + std::to_string(page[kPageType]) +
                     " is not an overflow page");
    }
    const uint64_t len = U16(page, kPageHfOffset);
    if (len == 0 || kPageHeaderBytes + len > page_size_ || len > total_bytes - out.size()) {
      return Corrupt(what + ": " + PageName(pgno) + ": bad data length " + std::to_string(len));
    }
    const ByteView data = page.subspan(kPageHeaderBytes, len);
    out.insert(out.end(), data.begin(), data.end());
    pgno = U32(page, kPageNextPgno);
  }
  return out;
}

}  // namespace

bool IsBdb(ByteView head) {
  if (head.size() < kMetaMagic + 4) return false;
  for (uint32_t magic : {LoadLe32(head, kMetaMagic), LoadBe32(head, kMetaMagic)}) {
    if (magic == kHashMagic || magic == kBtreeMagic) return true;
  }
  return false;
}

Status ReadBdb(ByteView db, const RecordFn& on_record, const ProblemFn& on_problem) {
  if (db.size() < kMetaMagic + 4) return Corrupt("file of " + std::to_string(db.size()) + " bytes has no meta page");
  const uint32_t le = LoadLe32(db, kMetaMagic);
  const uint32_t be = LoadBe32(db, kMetaMagic);
  if (le == kBtreeMagic || be == kBtreeMagic) {
    return MakeError(ErrorCode::kUnsupported, "bdb: a B-tree database (rpm's Packages is a hash database)");
  }
  if (le != kHashMagic && be != kHashMagic) return Corrupt("no hash database magic at offset 12");
  Bdb bdb(db, /*big_endian=*/be == kHashMagic);
  HS_RETURN_IF_ERROR(bdb.Open());
  return bdb.Walk(on_record, on_problem);
}

}  // namespace hullscan::extract::rpm
