#include "image/tar_index.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace hullscan::image {

namespace {

constexpr uint64_t kBlock = 512;
/// A pax extended header is read into memory; real ones hold a few records.
constexpr uint64_t kMaxPaxHeaderBytes = 1024 * 1024;
/// Links followed by Resolve() before it declares a loop (Linux's MAXSYMLINKS is 40).
constexpr int kMaxLinkDepth = 40;

// ustar header field offsets and lengths (POSIX pax, "ustar Interchange Format").
constexpr size_t kNameOff = 0, kNameLen = 100;
constexpr size_t kSizeOff = 124, kSizeLen = 12;
constexpr size_t kChksumOff = 148, kChksumLen = 8;
constexpr size_t kTypeOff = 156;
constexpr size_t kLinkOff = 157, kLinkLen = 100;
constexpr size_t kMagicOff = 257;
constexpr size_t kPrefixOff = 345, kPrefixLen = 155;

using Block = std::array<unsigned char, kBlock>;

std::string Field(const Block& b, size_t off, size_t len) {
  const char* p = reinterpret_cast<const char*>(b.data() + off);
  size_t n = 0;
  while (n < len && p[n] != '\0') ++n;
  return std::string(p, n);
}

std::string At(std::string_view what, uint64_t offset) {
  return std::string(what) + ": header at offset " + std::to_string(offset);
}

// A numeric field: octal digits (leading spaces allowed, ended by NUL or space), or GNU base-256
// when the first byte has its high bit set (0x80 positive; 0xff negative, which sizes never are).
Result<uint64_t> ParseNumber(const Block& b, size_t off, size_t len, std::string_view field,
                             const std::string& where) {
  const unsigned char* p = b.data() + off;
  if (p[0] & 0x80) {
    if (p[0] != 0x80) {
      return MakeError(ErrorCode::kCorrupt, where + ": negative base-256 " + std::string(field));
    }
    uint64_t v = 0;
    for (size_t i = 1; i < len; ++i) {
      if (v > (UINT64_MAX >> 8)) {
        return MakeError(ErrorCode::kCorrupt, where + ": " + std::string(field) + " overflows 64 bits");
      }
      v = (v << 8) | p[i];
    }
    return v;
  }
  size_t i = 0;
  while (i < len && p[i] == ' ') ++i;
  uint64_t v = 0;
  for (; i < len && p[i] != '\0' && p[i] != ' '; ++i) {
    if (p[i] < '0' || p[i] > '7') {
      return MakeError(ErrorCode::kCorrupt, where + ": invalid octal in " + std::string(field));
    }
    if (v > (UINT64_MAX >> 3)) {
      return MakeError(ErrorCode::kCorrupt, where + ": " + std::string(field) + " overflows 64 bits");
    }
    v = (v << 3) | static_cast<uint64_t>(p[i] - '0');
  }
  return v;
}

Status CheckChecksum(const Block& b, const std::string& where) {
  HS_ASSIGN_OR_RETURN(uint64_t stored, ParseNumber(b, kChksumOff, kChksumLen, "checksum", where));
  // The checksum is the sum of all header bytes with the checksum field taken as spaces. Some
  // historic writers summed signed chars; both are accepted, as GNU tar does.
  uint64_t unsigned_sum = 0;
  int64_t signed_sum = 0;
  for (size_t i = 0; i < kBlock; ++i) {
    bool in_field = i >= kChksumOff && i < kChksumOff + kChksumLen;
    unsigned char c = in_field ? ' ' : b[i];
    unsigned_sum += c;
    signed_sum += static_cast<signed char>(c);
  }
  if (stored != unsigned_sum && static_cast<int64_t>(stored) != signed_sum) {
    return MakeError(ErrorCode::kCorrupt, where + ": bad header checksum (not a tar archive, or corrupt)");
  }
  return OkStatus();
}

bool IsZeroBlock(const Block& b) {
  return std::all_of(b.begin(), b.end(), [](unsigned char c) { return c == 0; });
}

Result<uint64_t> ParseDecimal(std::string_view s) {
  if (s.empty() || s.size() > 19) return MakeError(ErrorCode::kCorrupt, "bad decimal");
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return MakeError(ErrorCode::kCorrupt, "bad decimal");
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

struct PaxOverrides {
  bool has_path = false, has_linkpath = false, has_size = false;
  std::string path, linkpath;
  uint64_t size = 0;
};

// Records are "LEN KEY=VALUE\n" where LEN counts the whole record in decimal (POSIX pax,
// "pax Extended Header File Format").
Status ParsePax(std::string_view data, PaxOverrides* out, const std::string& where) {
  size_t pos = 0;
  while (pos < data.size()) {
    if (data[pos] == '\0') break;  // some writers pad the block with NULs
    const size_t start = pos;
    size_t space = data.find(' ', start);
    if (space == std::string_view::npos || space - start > 19) {
      return MakeError(ErrorCode::kCorrupt, where + ": malformed pax record length");
    }
    auto len = ParseDecimal(data.substr(start, space - start));
    if (!len || *len <= space - start + 1 || *len > data.size() - start) {
      return MakeError(ErrorCode::kCorrupt, where + ": malformed pax record length");
    }
    std::string_view rec = data.substr(start, *len);
    pos = start + *len;
    if (rec.back() != '\n') return MakeError(ErrorCode::kCorrupt, where + ": pax record without newline");
    std::string_view kv = rec.substr(space - start + 1);
    kv.remove_suffix(1);
    size_t eq = kv.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return MakeError(ErrorCode::kCorrupt, where + ": pax record without key");
    }
    std::string_view key = kv.substr(0, eq);
    std::string_view value = kv.substr(eq + 1);
    if (key == "path") {
      out->has_path = true;
      out->path = std::string(value);
    } else if (key == "linkpath") {
      out->has_linkpath = true;
      out->linkpath = std::string(value);
    } else if (key == "size") {
      auto v = ParseDecimal(value);
      if (!v) return MakeError(ErrorCode::kCorrupt, where + ": bad pax size '" + std::string(value.substr(0, 30)) + "'");
      out->has_size = true;
      out->size = *v;
    }
  }
  return OkStatus();
}

Result<size_t> ReadFull(ReaderAt& r, uint64_t offset, std::span<std::byte> out) {
  size_t done = 0;
  while (done < out.size()) {
    HS_ASSIGN_OR_RETURN(size_t n, r.ReadAt(offset + done, out.subspan(done)));
    if (n == 0) break;
    done += n;
  }
  return done;
}

Result<std::string> ReadString(ReaderAt& r, uint64_t offset, uint64_t size) {
  std::string s(static_cast<size_t>(size), '\0');
  HS_ASSIGN_OR_RETURN(size_t n, ReadFull(r, offset, std::as_writable_bytes(std::span<char>(s.data(), s.size()))));
  if (n != size) return MakeError(ErrorCode::kCorrupt, "short read");
  return s;
}

std::string DirName(std::string_view name) {
  size_t slash = name.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(name.substr(0, slash));
}

}  // namespace

Result<size_t> MemoryReaderAt::ReadAt(uint64_t offset, std::span<std::byte> out) {
  if (offset >= data_.size()) return 0;
  size_t n = static_cast<size_t>(std::min<uint64_t>(out.size(), data_.size() - offset));
  std::memcpy(out.data(), data_.data() + offset, n);
  return n;
}

Result<std::unique_ptr<FileReaderAt>> FileReaderAt::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    return MakeError(e == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                     "open " + path + ": " + std::strerror(e));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int e = errno;
    ::close(fd);
    return MakeError(ErrorCode::kIo, "stat " + path + ": " + std::strerror(e));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return MakeError(ErrorCode::kInvalidArgument, "open " + path + ": is a directory");
  }
  return std::unique_ptr<FileReaderAt>(new FileReaderAt(fd, path, static_cast<uint64_t>(st.st_size)));
}

FileReaderAt::~FileReaderAt() { ::close(fd_); }

Result<size_t> FileReaderAt::ReadAt(uint64_t offset, std::span<std::byte> out) {
  if (offset >= size_) return 0;
  size_t want = static_cast<size_t>(std::min<uint64_t>(out.size(), size_ - offset));
  for (;;) {
    ssize_t n = ::pread(fd_, out.data(), want, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return MakeError(ErrorCode::kIo, "read " + path_ + ": " + std::strerror(errno));
    return static_cast<size_t>(n);
  }
}

Result<std::string> NormalizeMemberName(std::string_view raw, std::string_view base_dir) {
  if (raw.find('\0') != std::string_view::npos) {
    return MakeError(ErrorCode::kCorrupt, "member name contains NUL");
  }
  if (!raw.empty() && raw.front() == '/') {
    return MakeError(ErrorCode::kCorrupt, "absolute member name '" + std::string(raw.substr(0, 200)) + "'");
  }
  std::vector<std::string_view> parts;
  auto push = [&parts](std::string_view path) -> bool {
    size_t pos = 0;
    while (pos <= path.size()) {
      size_t slash = path.find('/', pos);
      if (slash == std::string_view::npos) slash = path.size();
      std::string_view c = path.substr(pos, slash - pos);
      pos = slash + 1;
      if (c.empty() || c == ".") continue;
      if (c == "..") {
        if (parts.empty()) return false;
        parts.pop_back();
        continue;
      }
      parts.push_back(c);
    }
    return true;
  };
  if (!push(base_dir) || !push(raw)) {
    return MakeError(ErrorCode::kCorrupt,
                     "member name '" + std::string(raw.substr(0, 200)) + "' escapes the archive root");
  }
  std::string out;
  for (std::string_view p : parts) {
    if (!out.empty()) out.push_back('/');
    out.append(p);
  }
  return out;
}

Result<TarIndex> TarIndex::Build(ReaderAt& reader, const Limits& limits, std::string_view what) {
  TarIndex index;
  index.what_ = std::string(what);
  const uint64_t file_size = reader.size_bytes();
  uint64_t offset = 0;
  PaxOverrides pax;
  bool has_long_name = false, has_long_link = false;
  std::string long_name, long_link;
  bool saw_end = false;
  uint64_t headers = 0;

  while (offset < file_size) {
    Block b;
    HS_ASSIGN_OR_RETURN(size_t got, ReadFull(reader, offset, std::as_writable_bytes(std::span(b))));
    std::string where = At(what, offset);
    if (got < kBlock) return MakeError(ErrorCode::kCorrupt, where + ": truncated header");
    if (IsZeroBlock(b)) {
      saw_end = true;
      break;
    }
    HS_RETURN_IF_ERROR(CheckChecksum(b, where));
    ++headers;
    HS_ASSIGN_OR_RETURN(uint64_t size, ParseNumber(b, kSizeOff, kSizeLen, "size", where));
    char type = static_cast<char>(b[kTypeOff]);
    const uint64_t data_offset = offset + kBlock;
    const bool is_meta = type == 'x' || type == 'g' || type == 'L' || type == 'K';
    if (!is_meta && pax.has_size) size = pax.size;

    // Which types carry data after the header. Links, directories, devices and FIFOs store none
    // even when their size field is not zero (as Python's tarfile and GNU tar read them).
    bool carries_data = !(type == '1' || type == '2' || type == '3' || type == '4' || type == '5' || type == '6');
    uint64_t data_len = carries_data ? size : 0;
    if (data_len > file_size - data_offset) {
      return MakeError(ErrorCode::kCorrupt, where + ": member of " + std::to_string(size) +
                                                " bytes runs past the end of the archive (truncated)");
    }
    uint64_t padded = data_len + ((kBlock - data_len % kBlock) % kBlock);
    if (padded > file_size - data_offset) {
      return MakeError(ErrorCode::kCorrupt, where + ": member data is not padded to a block (truncated)");
    }
    uint64_t next = data_offset + padded;

    if (type == 'L' || type == 'K') {
      if (size > limits.max_path_bytes + 1) {
        return MakeError(ErrorCode::kLimitExceeded, where + ": long name of " + std::to_string(size) +
                                                        " bytes is over the path limit");
      }
      HS_ASSIGN_OR_RETURN(std::string s, ReadString(reader, data_offset, size));
      size_t nul = s.find('\0');
      if (nul != std::string::npos) s.resize(nul);
      if (type == 'L') {
        has_long_name = true;
        long_name = std::move(s);
      } else {
        has_long_link = true;
        long_link = std::move(s);
      }
      offset = next;
      continue;
    }
    if (type == 'x') {
      if (size > kMaxPaxHeaderBytes) {
        return MakeError(ErrorCode::kLimitExceeded, where + ": pax header of " + std::to_string(size) +
                                                        " bytes is over the limit");
      }
      HS_ASSIGN_OR_RETURN(std::string s, ReadString(reader, data_offset, size));
      HS_RETURN_IF_ERROR(ParsePax(s, &pax, where));
      offset = next;
      continue;
    }
    if (type == 'g' || type == 'V') {  // global pax defaults and volume labels name no member
      offset = next;
      continue;
    }

    std::string raw_name;
    if (pax.has_path) {
      raw_name = pax.path;
    } else if (has_long_name) {
      raw_name = long_name;
    } else {
      raw_name = Field(b, kNameOff, kNameLen);
      // POSIX ustar ("ustar\0") splits long names into prefix + "/" + name; GNU ("ustar  ")
      // uses the prefix area for other fields.
      bool posix = std::memcmp(b.data() + kMagicOff, "ustar\0", 6) == 0;
      std::string prefix = posix ? Field(b, kPrefixOff, kPrefixLen) : std::string();
      if (!prefix.empty()) raw_name = prefix + "/" + raw_name;
    }
    std::string raw_link = pax.has_linkpath ? pax.linkpath : has_long_link ? long_link : Field(b, kLinkOff, kLinkLen);
    pax = PaxOverrides();
    has_long_name = has_long_link = false;
    long_name.clear();
    long_link.clear();

    if (raw_name.size() > limits.max_path_bytes || raw_link.size() > limits.max_path_bytes) {
      return MakeError(ErrorCode::kLimitExceeded, where + ": member name over the path limit");
    }
    auto name = NormalizeMemberName(raw_name);
    if (!name) return MakeError(std::move(name).error().WithContext(where));

    TarMember m;
    m.name = std::move(*name);
    m.data_offset = data_offset;
    m.size_bytes = data_len;
    switch (type) {
      case '0': case '\0': case '7': m.type = TarMemberType::kRegular; break;
      case '5': case 'D': m.type = TarMemberType::kDirectory; m.size_bytes = 0; break;
      case '2': m.type = TarMemberType::kSymlink; m.link_target = raw_link; break;
      case '1': {
        m.type = TarMemberType::kHardlink;
        auto target = NormalizeMemberName(raw_link);
        if (!target) return MakeError(std::move(target).error().WithContext(where + ": hard link target"));
        m.link_target = std::move(*target);
        break;
      }
      default: m.type = TarMemberType::kOther; break;
    }
    offset = next;
    if (m.name.empty()) continue;  // the archive root itself ("./")

    auto it = index.by_name_.find(m.name);
    if (it != index.by_name_.end()) {
      index.members_[it->second] = std::move(m);
      continue;
    }
    if (index.members_.size() >= limits.max_archive_members) {
      return MakeError(ErrorCode::kLimitExceeded, std::string(what) + ": more than " +
                                                      std::to_string(limits.max_archive_members) +
                                                      " archive members");
    }
    index.by_name_.emplace(m.name, index.members_.size());
    index.members_.push_back(std::move(m));
  }
  if (headers == 0 && !saw_end) {
    return MakeError(ErrorCode::kCorrupt, std::string(what) + ": empty file, not a tar archive");
  }
  if (pax.has_path || pax.has_size || has_long_name || has_long_link) {
    return MakeError(ErrorCode::kCorrupt, std::string(what) + ": archive ends after an extended header (truncated)");
  }
  // An archive cut exactly at a header boundary is accepted without the end-of-archive blocks,
  // as GNU tar and libarchive do; a member it lost is then reported as missing by name.
  return index;
}

const TarMember* TarIndex::Find(std::string_view name) const {
  auto norm = NormalizeMemberName(name);
  if (!norm) return nullptr;
  auto it = by_name_.find(*norm);
  return it == by_name_.end() ? nullptr : &members_[it->second];
}

Result<const TarMember*> TarIndex::Resolve(std::string_view name) const {
  auto norm = NormalizeMemberName(name);
  if (!norm) return MakeError(std::move(norm).error().WithContext(what_));
  std::string current = std::move(*norm);
  for (int depth = 0; depth <= kMaxLinkDepth; ++depth) {
    auto it = by_name_.find(current);
    if (it == by_name_.end()) {
      std::string msg = "member '" + current + "' not found in " + what_;
      if (current != name) msg += " (resolving '" + std::string(name.substr(0, 200)) + "')";
      return MakeError(ErrorCode::kNotFound, msg);
    }
    const TarMember& m = members_[it->second];
    if (m.type == TarMemberType::kHardlink) {
      current = m.link_target;
      continue;
    }
    if (m.type != TarMemberType::kSymlink) return &m;
    std::string_view target = m.link_target;
    std::string base = DirName(m.name);
    if (!target.empty() && target.front() == '/') {  // absolute: taken from the archive root
      while (!target.empty() && target.front() == '/') target.remove_prefix(1);
      base.clear();
    }
    auto next = NormalizeMemberName(target, base);
    if (!next || next->empty()) {
      return MakeError(ErrorCode::kCorrupt, what_ + ": symlink '" + m.name + "' -> '" +
                                                m.link_target.substr(0, 200) + "' points outside the archive");
    }
    current = std::move(*next);
  }
  return MakeError(ErrorCode::kCorrupt, what_ + ": too many levels of links resolving '" +
                                            std::string(name.substr(0, 200)) + "' (a link loop)");
}

std::vector<const TarMember*> TarIndex::Members() const {
  std::vector<const TarMember*> out;
  out.reserve(members_.size());
  for (const TarMember& m : members_) out.push_back(&m);
  return out;
}

}  // namespace hullscan::image
