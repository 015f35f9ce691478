#include "extract/os/rpm/ndb_reader.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace hullscan::extract::rpm {
namespace {

// Sizes and offsets of rpmpkg.c.
constexpr uint64_t kFileHeaderBytes = 32;  // PKGDB_HEADER_SIZE
constexpr uint64_t kVersionOffset = 4;     // PKGDB_OFFSET_VERSION
constexpr uint64_t kSlotPagesOffset = 12;  // PKGDB_OFFSET_SLOTNPAGES
constexpr uint64_t kSlotBytes = 16;        // SLOT_SIZE
constexpr uint64_t kBlockBytes = 16;       // BLK_SIZE
constexpr uint64_t kPageBytes = 4096;      // PAGE_SIZE
constexpr uint64_t kBlobHeadBytes = 16;    // BLOBHEAD_SIZE: magic, instance, generation, length
constexpr uint64_t kBlobTailBytes = 12;    // BLOBTAIL_SIZE: adler32, length, magic
// PKGDB_MAX_SLOTNPAGES: slot and block indexes must fit 32 bits.
constexpr uint64_t kMaxSlotPages = 0xffffffffull / (kPageBytes / kSlotBytes);
constexpr uint64_t kMaxBlobBytes = 0xffffffffull - (kBlobHeadBytes + kBlobTailBytes + kBlockBytes - 1);

constexpr std::string_view kFileMagic = "RpmP";
constexpr std::string_view kSlotMagic = "Slot";
constexpr std::string_view kBlobHeadMagic = "BlbS";
constexpr std::string_view kBlobTailMagic = "BlbE";

bool HasMagic(ByteView v, uint64_t off, std::string_view magic) {
  return off + magic.size() <= v.size() && std::memcmp(v.data() + off, magic.data(), magic.size()) == 0;
}

tl::unexpected<Error> Corrupt(const std::string& msg) { return MakeError(ErrorCode::kCorrupt, "ndb: " + msg); }

// Adler-32, RFC 1950 section 8.2 (rpmpkg.c update_adler32).
uint32_t Adler32(ByteView data) {
  constexpr uint32_t kMod = 65521;
  constexpr size_t kChunk = 5552;  // the most bytes before s2 could overflow 32 bits
  uint32_t s1 = 1;
  uint32_t s2 = 0;
  for (size_t pos = 0; pos < data.size();) {
    const size_t end = std::min(data.size(), pos + kChunk);
    for (; pos < end; ++pos) {
      s1 += data[pos];
      s2 += s1;
    }
    s1 %= kMod;
    s2 %= kMod;
  }
  return (s2 << 16) | s1;
}

struct Slot {
  uint64_t slot_no;
  uint32_t instance;
  uint64_t block_offset;
  uint64_t block_count;
};

// rpmpkgReadBlob: checks head and tail against the slot; returns the blob bytes.
Result<ByteView> ReadBlob(ByteView db, const Slot& s, const ProblemFn& on_problem) {
  const std::string what = "blob at block " + std::to_string(s.block_offset);
  if (s.block_count * kBlockBytes < kBlobHeadBytes + kBlobTailBytes) {
    return Corrupt(what + ": " + std::to_string(s.block_count) + " blocks cannot hold a blob");
  }
  // The slot table check guarantees (block_offset + block_count) * 16 <= db.size().
  const ByteView area = db.subspan(s.block_offset * kBlockBytes, s.block_count * kBlockBytes);
  if (!HasMagic(area, 0, kBlobHeadMagic)) return Corrupt(what + ": bad head magic");
  if (LoadLe32(area, 4) != s.instance) {
    return Corrupt(what + ": head names instance " + std::to_string(LoadLe32(area, 4)));
  }
  const uint64_t length = LoadLe32(area, 12);
  if (length > kMaxBlobBytes ||
      s.block_count != (kBlobHeadBytes + length + kBlobTailBytes + kBlockBytes - 1) / kBlockBytes) {
    return Corrupt(what + ": length " + std::to_string(length) + " does not match " +
                   std::to_string(s.block_count) + " blocks");
  }
  const uint64_t tail = area.size() - kBlobTailBytes;
  if (LoadLe32(area, tail + 4) != length || !HasMagic(area, tail + 8, kBlobTailMagic)) {
    return Corrupt(what + ": bad tail");
  }
  // The checksum covers the head, the blob and the padding.
  const uint32_t stored = LoadLe32(area, tail);
  const uint32_t computed = Adler32(area.first(tail));
  if (stored != computed) {
    on_problem(Error(ErrorCode::kCorrupt, "instance " + std::to_string(s.instance) + ": ndb: " + what +
                                              ": adler32 mismatch (stored " + std::to_string(stored) + ", computed " +
                                              std::to_string(computed) + "); record kept"));
  }
  return area.subspan(kBlobHeadBytes, length);
}

}  // namespace

bool IsNdb(ByteView head) { return HasMagic(head, 0, kFileMagic); }

Status ReadNdb(ByteView db, const RecordFn& on_record, const ProblemFn& on_problem) {
  // rpmpkgReadHeader.
  if (db.size() < kFileHeaderBytes || !IsNdb(db)) return Corrupt("no RpmP file header");
  const uint32_t version = LoadLe32(db, kVersionOffset);
  if (version != 0) return MakeError(ErrorCode::kUnsupported, "ndb: format version " + std::to_string(version));
  const uint64_t slot_pages = LoadLe32(db, kSlotPagesOffset);
  if (slot_pages == 0 || slot_pages > kMaxSlotPages) {
    return Corrupt("slot page count " + std::to_string(slot_pages) + " out of range");
  }
  // rpmpkgReadSlots: the file is whole blocks, and holds every slot page.
  if (db.size() % kBlockBytes != 0) {
    return Corrupt("file size " + std::to_string(db.size()) + " is not a multiple of 16 (truncated)");
  }
  if (db.size() / kBlockBytes >= 0xffffffffull) return Corrupt("file too large for 32-bit block numbers");
  if (slot_pages * kPageBytes > db.size()) {
    return Corrupt("truncated: " + std::to_string(slot_pages) + " slot pages do not fit " +
                   std::to_string(db.size()) + " bytes");
  }
  const uint64_t file_blocks = db.size() / kBlockBytes;
  const uint64_t min_block = slot_pages * (kPageBytes / kBlockBytes);  // blobs follow the slot pages

  std::vector<Slot> slots;
  const uint64_t first_slot = kFileHeaderBytes / kSlotBytes;
  for (uint64_t slot_no = first_slot; slot_no < slot_pages * (kPageBytes / kSlotBytes); ++slot_no) {
    const uint64_t off = slot_no * kSlotBytes;
    if (!HasMagic(db, off, kSlotMagic)) return Corrupt("slot " + std::to_string(slot_no) + ": bad magic");
    const Slot s{slot_no, LoadLe32(db, off + 4), LoadLe32(db, off + 8), LoadLe32(db, off + 12)};
    if (s.block_offset == 0) continue;  // a free slot
    const std::string where = "slot " + std::to_string(slot_no);
    if (s.block_offset + s.block_count > file_blocks) {
      return Corrupt(where + ": blob at blocks " + std::to_string(s.block_offset) + "+" +
                     std::to_string(s.block_count) + " ends past the file (truncated)");
    }
    if (s.instance == 0 || s.block_count == 0 || s.block_offset < min_block) {
      return Corrupt(where + ": bad entry (instance " + std::to_string(s.instance) + ", blocks " +
                     std::to_string(s.block_offset) + "+" + std::to_string(s.block_count) + ")");
    }
    slots.push_back(s);
  }

  // rpm lists packages in blob order (rpmpkgOrderSlots). Blobs never overlap in a sound
  // database; skipping any that do keeps the total work linear in the file size.
  std::sort(slots.begin(), slots.end(), [](const Slot& a, const Slot& b) {
    return a.block_offset != b.block_offset ? a.block_offset < b.block_offset : a.slot_no < b.slot_no;
  });
  uint64_t next_free_block = 0;
  for (const Slot& s : slots) {
    if (s.block_offset < next_free_block) {
      on_problem(Error(ErrorCode::kCorrupt, "instance " + std::to_string(s.instance) + ": ndb: blob at block " +
                                                std::to_string(s.block_offset) + " overlaps the previous blob"));
      continue;
    }
    next_free_block = s.block_offset + s.block_count;
    Result<ByteView> blob = ReadBlob(db, s, on_problem);
    if (!blob) {
      on_problem(std::move(blob).error().WithContext("instance " + std::to_string(s.instance)));
      continue;
    }
    on_record(HeaderRecord{s.instance, *blob});
  }
  return OkStatus();
}

}  // namespace hullscan::extract::rpm
