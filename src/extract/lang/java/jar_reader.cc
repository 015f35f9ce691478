#include "extract/lang/java/jar_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>

namespace hullscan::extract::java {

namespace {

constexpr size_t kMaxProblems = 100;
constexpr size_t kReadBlockBytes = 64 * 1024;

struct ArchiveFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveFree>;

ArchivePtr NewZipReader() {
  ArchivePtr a(archive_read_new());
  if (a) archive_read_support_format_zip_seekable(a.get());
  return a;
}

std::string ArchiveMessage(archive* a) {
  const char* s = archive_error_string(a);
  return s != nullptr ? s : "unknown libarchive error";
}

bool EndsWithNoCase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string_view BaseName(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Java .properties, as Maven writes pom.properties: "key=value" lines, '#'/'!' comments
// (https://docs.oracle.com/javase/8/docs/api/java/util/Properties.html#load-java.io.Reader-).
// Continuation lines and escapes do not occur in pom.properties and are not interpreted.
std::map<std::string, std::string, std::less<>> ParseProperties(std::string_view text) {
  std::map<std::string, std::string, std::less<>> out;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = Trim(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (line.empty() || line.front() == '#' || line.front() == '!') continue;
    const size_t sep = line.find_first_of("=:");
    if (sep == std::string_view::npos) continue;
    out.emplace(std::string(Trim(line.substr(0, sep))), std::string(Trim(line.substr(sep + 1))));
  }
  return out;
}

// One walk over a top-level archive and its nested archives.
class Walker {
 public:
  Walker(const JarLimits& limits, JarContents& out) : limits_(limits), out_(out) {}

  // Walks one opened archive of `archive_bytes` compressed bytes.
  Status Walk(archive* a, const std::string& display_path, uint64_t archive_bytes, uint64_t depth) {
    uint64_t entries = 0;
    uint64_t produced = 0;
    size_t pom_count = 0;
    std::optional<model::Package> from_manifest;
    archive_entry* e = nullptr;
    while (true) {
      const int r = archive_read_next_header(a, &e);
      if (r == ARCHIVE_EOF) break;
      if (r < ARCHIVE_WARN) {
        if (entries == 0) return MakeError(ErrorCode::kCorrupt, display_path + ": not a zip archive: " + ArchiveMessage(a));
        Problem(ErrorCode::kCorrupt, display_path + ": member " + std::to_string(entries) + ": " + ArchiveMessage(a));
        if (r == ARCHIVE_FATAL) break;
        continue;
      }
      if (++entries > limits_.max_entries) {
        Problem(ErrorCode::kLimitExceeded,
                display_path + ": more than " + std::to_string(limits_.max_entries) + " members; the rest skipped");
        break;
      }
      if (archive_entry_filetype(e) != AE_IFREG) continue;
      const char* raw_name = archive_entry_pathname(e);
      if (raw_name == nullptr) continue;
      const std::string member(raw_name);
      const std::string member_path = display_path + "!/" + member;
      const std::string_view base = BaseName(member);
      const bool is_pom = base == "pom.properties";
      const bool is_manifest = member == "META-INF/MANIFEST.MF";
      const bool is_nested = IsJavaArchiveName(member);
      if (!is_pom && !is_manifest && !is_nested) continue;
      if (is_nested && depth >= limits_.max_depth) {
        Problem(ErrorCode::kLimitExceeded, member_path + ": nested deeper than " +
                                               std::to_string(limits_.max_depth) + " archives; not read");
        continue;
      }
      const uint64_t cap = is_nested ? limits_.max_nested_bytes : limits_.max_member_bytes;
      Result<std::string> body = ReadMember(a, member_path, cap, archive_bytes, produced);
      if (!body) {
        Problem(body.error().code(), body.error().message());
        if (body.error().code() == ErrorCode::kLimitExceeded && Exhausted(archive_bytes, produced)) break;
        continue;
      }
      if (is_pom) {
        auto props = ParseProperties(*body);
        const std::string& group = props["groupId"];
        const std::string& artifact = props["artifactId"];
        const std::string& version = props["version"];
        if (group.empty() || artifact.empty() || version.empty()) continue;
        model::Package p;
        p.type = model::PackageType::kMaven;
        p.name = group + ":" + artifact;
        p.version = version;
        p.path = member_path;
        out_.packages.push_back(std::move(p));
        ++pom_count;
      } else if (is_manifest) {
        model::Package p = PackageFromManifest(*body);
        if (!p.name.empty()) {
          p.path = member_path;
          from_manifest = std::move(p);
        }
      } else {
        ArchivePtr inner = NewZipReader();
        if (!inner) return MakeError(ErrorCode::kInternal, "libarchive: out of memory");
        if (archive_read_open_memory(inner.get(), body->data(), body->size()) != ARCHIVE_OK) {
          Problem(ErrorCode::kCorrupt, member_path + ": not a zip archive: " + ArchiveMessage(inner.get()));
          continue;
        }
        Status st = Walk(inner.get(), member_path, body->size(), depth + 1);
        if (!st) Problem(st.error().code(), st.error().message());
      }
    }
    if (pom_count == 0) {
      if (from_manifest) {
        out_.packages.push_back(std::move(*from_manifest));
      } else {
        model::Package p = PackageFromFileName(display_path);
        if (!p.name.empty()) {
          p.path = display_path;
          out_.packages.push_back(std::move(p));
        }
      }
    }
    return OkStatus();
  }

 private:
  bool Exhausted(uint64_t archive_bytes, uint64_t produced) const {
    return total_ >= limits_.max_total_bytes || produced >= RatioBudget(archive_bytes);
  }
  uint64_t RatioBudget(uint64_t archive_bytes) const {
    return archive_bytes * limits_.max_ratio + limits_.max_member_bytes;
  }

  // Decompresses the current member, at most `cap` bytes, counting against the ratio and
  // total budgets.
  Result<std::string> ReadMember(archive* a, const std::string& member_path, uint64_t cap, uint64_t archive_bytes,
                                 uint64_t& produced) {
    std::string body;
    std::array<char, kReadBlockBytes> block;
    while (true) {
      const la_ssize_t n = archive_read_data(a, block.data(), block.size());
      if (n == 0) break;
      if (n < 0) return MakeError(ErrorCode::kCorrupt, member_path + ": " + ArchiveMessage(a));
      const uint64_t got = static_cast<uint64_t>(n);
      produced += got;
      total_ += got;
      if (body.size() + got > cap) {
        return MakeError(ErrorCode::kLimitExceeded, member_path + ": larger than the limit of " +
                                                        std::to_string(cap) + " bytes; not read");
      }
      if (produced > RatioBudget(archive_bytes)) {
        return MakeError(ErrorCode::kLimitExceeded,
                         member_path + ": decompresses to more than " + std::to_string(limits_.max_ratio) +
                             " times its archive's size (zip bomb?); rest of the archive skipped");
      }
      if (total_ > limits_.max_total_bytes) {
        return MakeError(ErrorCode::kLimitExceeded, member_path + ": archive decompresses to more than " +
                                                        std::to_string(limits_.max_total_bytes) +
                                                        " bytes; rest skipped");
      }
      body.append(block.data(), got);
    }
    return body;
  }

  void Problem(ErrorCode code, std::string message) {
    if (out_.problems.size() < kMaxProblems) {
      out_.problems.emplace_back(code, std::move(message));
    } else if (out_.problems.size() == kMaxProblems) {
      out_.problems.emplace_back(ErrorCode::kLimitExceeded, "more problems in this archive; not listed");
    }
  }

  const JarLimits& limits_;
  JarContents& out_;
  uint64_t total_ = 0;
};

}  // namespace

bool IsJavaArchiveName(std::string_view path) {
  return EndsWithNoCase(path, ".jar") || EndsWithNoCase(path, ".war") || EndsWithNoCase(path, ".ear") ||
         EndsWithNoCase(path, ".par");
}

model::Package PackageFromManifest(std::string_view manifest) {
  // Main section only (up to the first blank line); a line starting with one space continues
  // the previous one.
  std::map<std::string, std::string, std::less<>> attrs;
  std::string last;
  while (!manifest.empty()) {
    const size_t nl = manifest.find('\n');
    std::string_view line = manifest.substr(0, nl);
    manifest.remove_prefix(nl == std::string_view::npos ? manifest.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    if (line.front() == ' ') {
      if (!last.empty()) attrs[last] += std::string(line.substr(1));
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    last = std::string(Trim(line.substr(0, colon)));
    attrs[last] = std::string(Trim(line.substr(colon + 1)));
  }
  auto get = [&](std::string_view k) -> std::string {
    auto it = attrs.find(k);
    return it == attrs.end() ? std::string() : std::string(Trim(it->second));
  };
  auto no_space = [](const std::string& s) { return !s.empty() && s.find_first_of(" \t") == std::string::npos; };
  model::Package p;
  p.type = model::PackageType::kMaven;
  const std::string vendor_id = get("Implementation-Vendor-Id");
  const std::string title = get("Implementation-Title");
  const std::string impl_version = get("Implementation-Version");
  std::string bsn = get("Bundle-SymbolicName");
  bsn = std::string(Trim(std::string_view(bsn).substr(0, bsn.find(';'))));
  const std::string bundle_version = get("Bundle-Version");
  if (no_space(vendor_id) && no_space(title) && no_space(impl_version)) {
    p.name = vendor_id + ":" + title;
    p.version = impl_version;
  } else if (no_space(bsn) && no_space(bundle_version)) {
    p.name = bsn;
    p.version = bundle_version;
  }
  return p;
}

model::Package PackageFromFileName(std::string_view path) {
  model::Package p;
  p.type = model::PackageType::kMaven;
  std::string_view base = BaseName(path);
  if (!IsJavaArchiveName(base)) return p;
  base.remove_suffix(4);
  for (size_t i = base.size(); i-- > 1;) {
    if (base[i - 1] == '-' && std::isdigit(static_cast<unsigned char>(base[i]))) {
      if (i - 1 == 0) break;
      p.name = std::string(base.substr(0, i - 1));
      p.version = std::string(base.substr(i));
      break;
    }
  }
  return p;
}

Result<JarContents> ReadJarFile(const std::string& file, std::string_view display_path, const JarLimits& limits) {
  ArchivePtr a = NewZipReader();
  if (!a) return MakeError(ErrorCode::kInternal, "libarchive: out of memory");
  if (archive_read_open_filename(a.get(), file.c_str(), kReadBlockBytes) != ARCHIVE_OK) {
    return MakeError(ErrorCode::kCorrupt, std::string(display_path) + ": not a zip archive: " + ArchiveMessage(a.get()));
  }
  std::error_code ec;
  const uint64_t size = std::filesystem::file_size(file, ec);
  if (ec) return MakeError(ErrorCode::kIo, "stat " + file + ": " + ec.message());
  JarContents out;
  Walker w(limits, out);
  HS_RETURN_IF_ERROR(w.Walk(a.get(), std::string(display_path), size, 0));
  return out;
}

Result<JarContents> ReadJarBytes(std::string_view bytes, std::string_view display_path, const JarLimits& limits) {
  ArchivePtr a = NewZipReader();
  if (!a) return MakeError(ErrorCode::kInternal, "libarchive: out of memory");
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
    return MakeError(ErrorCode::kCorrupt, std::string(display_path) + ": not a zip archive: " + ArchiveMessage(a.get()));
  }
  JarContents out;
  Walker w(limits, out);
  HS_RETURN_IF_ERROR(w.Walk(a.get(), std::string(display_path), bytes.size(), 0));
  return out;
}

}  // namespace hullscan::extract::java
