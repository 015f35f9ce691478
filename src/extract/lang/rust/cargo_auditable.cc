// InflateZlib, ParseAuditJson and ReadAuditableElf (rust_parsers.h): the dependency list that
// cargo-auditable (https://github.com/rust-secure-code/cargo-auditable) embeds in executables.
#include <zlib.h>

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "base/json.h"
#include "extract/lang/rust/rust_parsers.h"

namespace hullscan::extract::rust {

namespace {

constexpr std::string_view kWhat = "parse .dep-v0";
// zlib counts input in uInt: longer inputs are fed in pieces of this size.
constexpr uint64_t kMaxZlibInputChunk = 1ull << 30;
constexpr size_t kInflateChunkBytes = 64 * 1024;

tl::unexpected<Error> Corrupt(std::string why) { return MakeError(ErrorCode::kCorrupt, std::move(why)); }

// Frees a z_stream on every return path.
class InflateStream {
 public:
  InflateStream() { ok_ = inflateInit(&zs_) == Z_OK; }
  ~InflateStream() {
    if (ok_) inflateEnd(&zs_);
  }
  InflateStream(const InflateStream&) = delete;
  InflateStream& operator=(const InflateStream&) = delete;
  bool ok() const { return ok_; }
  z_stream& zs() { return zs_; }

 private:
  z_stream zs_{};
  bool ok_ = false;
};

// The optional string field `key` of a package object: "" when absent; nullopt when present
// with another type.
std::optional<std::string> OptString(const Json& obj, std::string_view key) {
  auto it = obj.find(key);
  if (it == obj.end()) return std::string();
  if (!it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

Result<std::string> InflateZlib(std::string_view compressed, uint64_t max_bytes) {
  InflateStream stream;
  if (!stream.ok()) return MakeError(ErrorCode::kInternal, "zlib: inflateInit failed");
  z_stream& zs = stream.zs();
  uint64_t fed = 0;
  auto feed = [&]() {
    const uint64_t n = std::min<uint64_t>(compressed.size() - fed, kMaxZlibInputChunk);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data() + fed));
    zs.avail_in = static_cast<uInt>(n);
    fed += n;
  };
  feed();
  std::string out;
  std::array<char, kInflateChunkBytes> buf;
  for (;;) {
    zs.next_out = reinterpret_cast<Bytef*>(buf.data());
    zs.avail_out = static_cast<uInt>(buf.size());
    const int rc = inflate(&zs, Z_NO_FLUSH);
    const uint64_t got = buf.size() - zs.avail_out;
    if (got > max_bytes - out.size()) {
      return MakeError(ErrorCode::kLimitExceeded,
                       "zlib: inflates to more than the limit of " + std::to_string(max_bytes) + " bytes");
    }
    out.append(buf.data(), got);
    if (rc == Z_STREAM_END) return out;
    if (rc == Z_OK || (rc == Z_BUF_ERROR && zs.avail_in == 0 && fed < compressed.size())) {
      if (zs.avail_in == 0 && fed < compressed.size()) feed();
      continue;
    }
    if (rc == Z_BUF_ERROR) {
      return Corrupt("zlib: stream ends early after " + std::to_string(compressed.size()) + " bytes (truncated)");
    }
    if (rc == Z_MEM_ERROR) return MakeError(ErrorCode::kInternal, "zlib: out of memory");
    return Corrupt(std::string("zlib: ") + (zs.msg != nullptr ? zs.msg : "invalid stream") + " at input byte " +
                   std::to_string(zs.total_in));
  }
}

Result<ParseOutput> ParseAuditJson(std::string_view json) {
  HS_ASSIGN_OR_RETURN(const Json doc, ParseJson(json, kWhat));
  if (!doc.is_object()) return Corrupt(std::string(kWhat) + ": not a JSON object (at /)");
  auto list = doc.find("packages");
  if (list == doc.end() || !list->is_array()) {
    return Corrupt(std::string(kWhat) + ": no \"packages\" array (at /packages)");
  }
  common::PackageCollector out(kMaxPackages, common::PackageCollector::kUnlimited);
  for (size_t i = 0; i < list->size(); ++i) {
    const Json& p = (*list)[i];
    const std::string at = "/packages/" + std::to_string(i);
    auto warn = [&](const std::string& why) {
      out.Warn(Error(ErrorCode::kCorrupt, std::string(kWhat) + ": " + why + " (at " + at + ")"));
    };
    if (!p.is_object()) {
      warn("package is not an object");
      continue;
    }
    const std::optional<std::string> name = OptString(p, "name");
    const std::optional<std::string> version = OptString(p, "version");
    const std::optional<std::string> source = OptString(p, "source");
    const std::optional<std::string> kind = OptString(p, "kind");
    if (!name || name->empty() || !version || version->empty() || !source || source->empty()) {
      warn("package needs string \"name\", \"version\" and \"source\"");
      continue;
    }
    if (!kind) {
      warn("\"kind\" of '" + *name + "' is not a string");
      continue;
    }
    bool root = false;
    if (auto r = p.find("root"); r != p.end()) {
      if (!r->is_boolean()) {
        warn("\"root\" of '" + *name + "' is not a boolean");
        continue;
      }
      root = r->get<bool>();
    }
    if (*source == "local" || *kind == "build") continue;
    if (root && *source != "crates.io" && *source != "registry") continue;
    if (!out.Add(*name, *version)) {
      return MakeError(ErrorCode::kLimitExceeded,
                       std::string(kWhat) + ": more than " + std::to_string(kMaxPackages) + " packages");
    }
  }
  return out.Take();
}

Result<std::optional<ParseOutput>> ReadAuditableElf(common::ElfReader& r) {
  HS_ASSIGN_OR_RETURN(const std::optional<common::ElfSection> section, common::FindElfSection(r, kAuditSectionName));
  if (!section) return std::nullopt;
  HS_ASSIGN_OR_RETURN(const std::string_view view,
                      common::ReadElfSection(r, *section, kAuditSectionName, kMaxAuditSectionBytes));
  Result<std::string> json = InflateZlib(view);
  if (!json) return MakeError(json.error().WithContext("read .dep-v0"));
  HS_ASSIGN_OR_RETURN(ParseOutput parsed, ParseAuditJson(*json));
  return std::optional<ParseOutput>(std::move(parsed));
}

}  // namespace hullscan::extract::rust
