#include "extract/os/rpm/rpm_header.h"

#include <cstring>

#include "extract/common/owned_files.h"

namespace hullscan::extract::rpm {
namespace {

// Data types (rpm include/rpm/rpmtag.h rpmTagType_e). RPM_NULL_TYPE (0) is not valid on disk:
// hdrchkType() accepts RPM_MIN_TYPE (1) .. RPM_MAX_TYPE (9).
constexpr uint32_t kTypeChar = 1;
constexpr uint32_t kTypeInt32 = 4;
constexpr uint32_t kTypeString = 6;
constexpr uint32_t kTypeBin = 7;
constexpr uint32_t kTypeStringArray = 8;
constexpr uint32_t kTypeI18nString = 9;
constexpr uint32_t kMaxType = 9;
// typeAlign[] and typeSizes[] of lib/header.c, indexed by type; -1 = NUL-terminated strings.
constexpr uint32_t kTypeAlign[kMaxType + 1] = {1, 1, 1, 2, 4, 8, 1, 1, 1, 1};
constexpr int kTypeSize[kMaxType + 1] = {0, 1, 1, 2, 4, 8, -1, 1, -1, -1};

constexpr uint64_t kIntroBytes = 8;   // il + dl
constexpr uint64_t kEntryBytes = 16;  // sizeof(struct entryInfo_s) == REGION_TAG_COUNT
// HEADER_I18NTABLE: tags below it are reserved for regions (hdrchkTag rejects them).
constexpr uint32_t kFirstOrdinaryTag = 100;
// HEADER_ARRAY_MAX: "a million files in a package still more than we're likely to handle".
constexpr uint32_t kMaxArrayCount = 0x000fffff;

tl::unexpected<Error> Corrupt(const std::string& msg) {
  return MakeError(ErrorCode::kCorrupt, "rpm header: " + msg);
}

std::string Describe(uint64_t index, uint32_t tag, uint32_t type, uint32_t offset, uint32_t count) {
  return "entry " + std::to_string(index) + " (tag " + std::to_string(tag) + " type " + std::to_string(type) +
         " offset " + std::to_string(offset) + " count " + std::to_string(count) + ")";
}

// Bytes taken by `count` NUL-terminated strings starting at data[off] (rpm's strtaglen);
// nullopt when one is not terminated inside the data store. REQUIRES: off <= data.size().
std::optional<uint64_t> StringsLength(ByteView data, uint64_t off, uint32_t count) {
  uint64_t pos = off;
  for (uint32_t i = 0; i < count; ++i) {
    const void* nul = std::memchr(data.data() + pos, 0, data.size() - pos);
    if (nul == nullptr) return std::nullopt;
    pos = static_cast<uint64_t>(static_cast<const uint8_t*>(nul) - data.data()) + 1;
  }
  return pos - off;
}

}  // namespace

Result<Header> Header::Parse(ByteView blob) {
  // hdrblobInit: the intro and the overall size.
  if (blob.size() < kIntroBytes) {
    return Corrupt("blob of " + std::to_string(blob.size()) + " bytes is shorter than its 8-byte intro");
  }
  const uint32_t il = LoadBe32(blob, 0);
  const uint32_t dl = LoadBe32(blob, 4);
  if (il > kMaxIndexEntries) return Corrupt("index entry count " + std::to_string(il) + " is over 65535");
  if (dl > kMaxDataBytes) return Corrupt("data length " + std::to_string(dl) + " is over 256 MiB");
  const uint64_t pvlen = kIntroBytes + kEntryBytes * il + dl;
  if (pvlen >= kMaxHeaderBytes || pvlen != blob.size()) {
    return Corrupt("blob size " + std::to_string(blob.size()) + " does not match 8 + 16 * il(" +
                   std::to_string(il) + ") + dl(" + std::to_string(dl) + ")");
  }
  if (il < 1) return Corrupt("no index entries");

  Header h;
  const ByteView index = blob.subspan(kIntroBytes, kEntryBytes * il);
  h.data_ = blob.subspan(kIntroBytes + kEntryBytes * il, dl);
  auto entry_at = [&](uint64_t i) {
    return Entry{LoadBe32(index, i * kEntryBytes), LoadBe32(index, i * kEntryBytes + 4),
                 LoadBe32(index, i * kEntryBytes + 8), LoadBe32(index, i * kEntryBytes + 12)};
  };

  // hdrblobVerifyRegion: a leading region tag must carry a well-formed 16-byte trailer whose
  // negated offset is the region's index size. The region's own entry is not a package tag.
  uint64_t first = 0;
  uint64_t rdl = 0;  // data bytes covered by the region, trailer included; 0 = no region
  const Entry e0 = entry_at(0);
  if (e0.tag == kTagHeaderImage || e0.tag == kTagHeaderSignatures || e0.tag == kTagHeaderImmutable) {
    const std::string what = "region tag " + std::to_string(e0.tag);
    if (e0.type != kTypeBin || e0.count != kEntryBytes) {
      return Corrupt(what + ": type " + std::to_string(e0.type) + " count " + std::to_string(e0.count) +
                     ", want type 7 count 16");
    }
    if (static_cast<uint64_t>(e0.offset) + kEntryBytes > dl) {
      return Corrupt(what + ": trailer offset " + std::to_string(e0.offset) + " is outside the data store");
    }
    uint32_t trailer_tag = LoadBe32(h.data_, e0.offset);
    const uint32_t trailer_type = LoadBe32(h.data_, e0.offset + 4);
    const int32_t trailer_offset = static_cast<int32_t>(LoadBe32(h.data_, e0.offset + 8));
    const uint32_t trailer_count = LoadBe32(h.data_, e0.offset + 12);
    // "Some old packages have HEADERIMAGE in signature region trailer, fix up".
    if (e0.tag == kTagHeaderSignatures && trailer_tag == kTagHeaderImage) trailer_tag = kTagHeaderSignatures;
    if (trailer_tag != e0.tag || trailer_type != kTypeBin || trailer_count != kEntryBytes) {
      return Corrupt(what + ": bad trailer (tag " + std::to_string(trailer_tag) + " type " +
                     std::to_string(trailer_type) + " count " + std::to_string(trailer_count) + ")");
    }
    // The trailer offset is negative: minus the byte size of the region's index entries.
    const int64_t region_index_bytes = -static_cast<int64_t>(trailer_offset);
    if (region_index_bytes <= 0 || region_index_bytes % static_cast<int64_t>(kEntryBytes) != 0 ||
        region_index_bytes / static_cast<int64_t>(kEntryBytes) > static_cast<int64_t>(il)) {
      return Corrupt(what + ": trailer offset " + std::to_string(trailer_offset) + " does not fit " +
                     std::to_string(il) + " index entries");
    }
    first = 1;
    rdl = static_cast<uint64_t>(e0.offset) + kEntryBytes;
  }

  // hdrblobVerifyInfo: every other entry, in index order.
  h.entries_.reserve(il - first);
  uint64_t end = 0;  // end of the previous entry's data: entries are sorted and may not overlap
  for (uint64_t i = first; i < il; ++i) {
    const Entry e = entry_at(i);
    const auto bad = [&](const char* why) { return Corrupt(Describe(i, e.tag, e.type, e.offset, e.count) + ": " + why); };
    if (end > e.offset) return bad("data overlaps the previous entry");
    if (e.tag < kFirstOrdinaryTag) return bad("tag below 100 outside a region");
    if (e.type < kTypeChar || e.type > kMaxType) return bad("unknown data type");
    if (e.count < 1 || e.count > dl) return bad("count out of range");
    if (e.offset % kTypeAlign[e.type] != 0) return bad("offset not aligned for its type");
    if (e.offset > dl) return bad("offset outside the data store");
    if (e.type != kTypeBin && e.count > kMaxArrayCount) return bad("more than 1048575 elements");
    uint64_t len = 0;
    if (kTypeSize[e.type] < 0) {
      if (e.type == kTypeString && e.count != 1) return bad("a STRING entry must have count 1");
      std::optional<uint64_t> n = StringsLength(h.data_, e.offset, e.count);
      if (!n) return bad("string not NUL-terminated inside the data store");
      len = *n;
    } else {
      len = static_cast<uint64_t>(kTypeSize[e.type]) * e.count;
    }
    if (len == 0 || e.offset + len > dl) return bad("data runs past the data store");
    end = e.offset + len;
    // The loop skips the region trailer, so check that no data overlaps it.
    if (rdl != 0 && end > rdl - kEntryBytes && e.offset < rdl) return bad("data overlaps the region trailer");
    h.entries_.push_back(e);
  }
  return h;
}

const Header::Entry* Header::Find(uint32_t tag) const {
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (it->tag == tag) return &*it;
  }
  return nullptr;
}

Result<std::optional<std::string_view>> Header::GetString(uint32_t tag) const {
  const Entry* e = Find(tag);
  if (e == nullptr) return std::optional<std::string_view>();
  if (e->type != kTypeString && e->type != kTypeStringArray && e->type != kTypeI18nString) {
    return Corrupt("tag " + std::to_string(tag) + " has type " + std::to_string(e->type) + ", not a string");
  }
  // Parse() checked that the first string ends with a NUL inside the data store.
  const char* s = reinterpret_cast<const char*>(data_.data() + e->offset);
  return std::optional<std::string_view>(std::string_view(s, std::strlen(s)));
}

Result<std::optional<uint32_t>> Header::GetInt32(uint32_t tag) const {
  const Entry* e = Find(tag);
  if (e == nullptr) return std::optional<uint32_t>();
  if (e->type != kTypeInt32) {
    return Corrupt("tag " + std::to_string(tag) + " has type " + std::to_string(e->type) + ", not INT32");
  }
  return std::optional<uint32_t>(LoadBe32(data_, e->offset));
}

Result<std::vector<std::string_view>> Header::GetStrings(uint32_t tag) const {
  std::vector<std::string_view> out;
  const Entry* e = Find(tag);
  if (e == nullptr) return out;
  if (e->type != kTypeString && e->type != kTypeStringArray) {
    return Corrupt("tag " + std::to_string(tag) + " has type " + std::to_string(e->type) + ", not a string array");
  }
  // Parse() checked that all `count` strings end with a NUL inside the data store.
  const char* s = reinterpret_cast<const char*>(data_.data() + e->offset);
  out.reserve(e->count);
  for (uint32_t i = 0; i < e->count; ++i) {
    std::string_view v(s);
    out.push_back(v);
    s += v.size() + 1;
  }
  return out;
}

Result<std::vector<uint32_t>> Header::GetInt32s(uint32_t tag) const {
  std::vector<uint32_t> out;
  const Entry* e = Find(tag);
  if (e == nullptr) return out;
  if (e->type != kTypeInt32) {
    return Corrupt("tag " + std::to_string(tag) + " has type " + std::to_string(e->type) + ", not INT32");
  }
  out.reserve(e->count);
  for (uint32_t i = 0; i < e->count; ++i) out.push_back(LoadBe32(data_, e->offset + 4ull * i));
  return out;
}

namespace {

// rpm's file list (lib/rpmfi.c, lib/legacy.c compressFilelist): BASENAMES[i] lives in
// DIRNAMES[DIRINDEXES[i]] (directory names end with '/'); headers older than rpm 4.0 carry
// OLDFILENAMES instead.
Status OwnedFiles(const Header& h, std::vector<std::string>* out) {
  HS_ASSIGN_OR_RETURN(std::vector<std::string_view> bases, h.GetStrings(kTagBaseNames));
  if (bases.empty()) {
    HS_ASSIGN_OR_RETURN(std::vector<std::string_view> old, h.GetStrings(kTagOldFileNames));
    for (std::string_view f : old) {
      if (common::MayHoldLanguagePackage(f)) out->emplace_back(f);
    }
    return OkStatus();
  }
  HS_ASSIGN_OR_RETURN(std::vector<std::string_view> dirs, h.GetStrings(kTagDirNames));
  HS_ASSIGN_OR_RETURN(std::vector<uint32_t> index, h.GetInt32s(kTagDirIndexes));
  if (index.size() != bases.size()) {
    return Corrupt("file list: " + std::to_string(bases.size()) + " BASENAMES but " +
                   std::to_string(index.size()) + " DIRINDEXES");
  }
  std::string file;
  for (size_t i = 0; i < bases.size(); ++i) {
    if (index[i] >= dirs.size()) return Corrupt("file list: DIRINDEXES entry out of range");
    file.assign(dirs[index[i]]);
    file.append(bases[i]);
    if (common::MayHoldLanguagePackage(file)) out->push_back(file);
  }
  return OkStatus();
}

}  // namespace

Result<model::Package> PackageFromHeader(ByteView blob, std::vector<std::string>* owned_files) {
  HS_ASSIGN_OR_RETURN(const Header h, Header::Parse(blob));
  // A damaged file list costs only the ownership hint, not the package (rpm -qa does not
  // read it either).
  if (owned_files != nullptr && !OwnedFiles(h, owned_files)) owned_files->clear();
  model::Package p;
  p.type = model::PackageType::kRpm;

  // NAME, VERSION and RELEASE are required: rpm skips a header without NAME as damaged
  // (lib/rpmdb.c rpmdbNextIterator), and an EVR needs the other two.
  struct Required {
    uint32_t tag;
    const char* label;
    std::string* out;
  };
  std::string version;
  for (const Required& r : {Required{kTagName, "NAME", &p.name}, Required{kTagVersion, "VERSION", &version},
                            Required{kTagRelease, "RELEASE", &p.release}}) {
    HS_ASSIGN_OR_RETURN(std::optional<std::string_view> v, h.GetString(r.tag));
    if (!v) return Corrupt(std::string("no ") + r.label + " tag");
    *r.out = std::string(*v);
  }

  struct Optional {
    uint32_t tag;
    std::string* out;
  };
  for (const Optional& o : {Optional{kTagArch, &p.arch}, Optional{kTagLicense, &p.license},
                            Optional{kTagVendor, &p.vendor}, Optional{kTagSourceRpm, &p.source_rpm},
                            Optional{kTagModularityLabel, &p.modularity_label}}) {
    HS_ASSIGN_OR_RETURN(std::optional<std::string_view> v, h.GetString(o.tag));
    if (v) *o.out = std::string(*v);
  }

  // rpm stores the placeholder "(none)" as SOURCERPM of binary headers that have no source
  // package: gpg-pubkey headers (lib/keystore.c) and old binary headers without it
  // (lib/package.c applyRetrofits). It names no file, so it is kept as "no source rpm".
  if (p.source_rpm == "(none)") p.source_rpm.clear();

  // `rpm -q --qf '%{EPOCH}'` prints "(none)" when the tag is absent and the number otherwise,
  // 0 included; the EVR carries "epoch:" exactly when the tag is present.
  HS_ASSIGN_OR_RETURN(std::optional<uint32_t> epoch, h.GetInt32(kTagEpoch));
  if (epoch) p.epoch = std::to_string(*epoch);
  p.version = (epoch ? p.epoch + ":" : std::string()) + version + "-" + p.release;

  if (std::optional<model::SourceRpm> src = model::ParseSourceRpm(p.source_rpm)) {
    p.source_name = std::move(src->name);
    p.source_version = std::move(src->version);
  }
  return p;
}

}  // namespace hullscan::extract::rpm
