#include "layer/layer_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <cstring>

namespace hullscan::layer {

struct LayerReader::Callbacks {
  static la_ssize_t Read(struct archive* a, void* client, const void** out) {
    auto* self = static_cast<LayerReader*>(client);
    auto n = self->hashed_->Read(self->buf_);
    if (!n) {
      self->source_error_ = MakeError(n.error());
      archive_set_error(a, EIO, "%s", n.error().message().c_str());
      return -1;
    }
    *out = self->buf_.data();
    return static_cast<la_ssize_t>(*n);
  }
};

// The current entry's data, read through libarchive.
class LayerReader::Body final : public ByteSource {
 public:
  explicit Body(LayerReader* r) : r_(r) {}
  Result<size_t> Read(std::span<std::byte> out) override {
    if (out.empty()) return 0;
    la_ssize_t n = archive_read_data(r_->archive_, out.data(), out.size());
    if (n < 0) {
      if (!r_->source_error_) return MakeError(r_->source_error_.error());
      return MakeError(ErrorCode::kCorrupt,
                       std::string("read ") + r_->entry_.path + ": " + archive_error_string(r_->archive_));
    }
    return static_cast<size_t>(n);
  }

 private:
  LayerReader* r_;
};

Result<std::unique_ptr<LayerReader>> LayerReader::Open(ByteSource& blob, const LayerReaderOptions& opts) {
  std::unique_ptr<LayerReader> r(new LayerReader());
  r->opts_ = opts;
  HS_ASSIGN_OR_RETURN(r->decompressor_, Decompressor::Open(blob, r->opts_.limits));
  const bool verified_below = r->decompressor_->compression() == Compression::kNone &&
                              !opts.verified_blob_digest.empty() && opts.verified_blob_digest == opts.expected_diff_id;
  r->hashed_ = std::make_unique<DigestingSource>(
      *r->decompressor_, opts.expected_diff_id, "layer diff_id",
      verified_below ? DigestingSource::Mode::kVerifiedBelow : DigestingSource::Mode::kHash);
  r->buf_.resize(256 * 1024);
  r->body_ = std::make_unique<Body>(r.get());
  r->archive_ = archive_read_new();
  if (r->archive_ == nullptr) return MakeError(ErrorCode::kInternal, "libarchive: out of memory");
  archive_read_support_format_tar(r->archive_);
  if (archive_read_open(r->archive_, r.get(), nullptr, &Callbacks::Read, nullptr) != ARCHIVE_OK) {
    Error e = !r->source_error_ ? r->source_error_.error()
                                : Error(ErrorCode::kCorrupt, std::string("not a tar stream: ") +
                                                                 archive_error_string(r->archive_));
    return MakeError(e);
  }
  return r;
}

LayerReader::~LayerReader() {
  if (archive_ != nullptr) archive_read_free(archive_);
}

ByteSource& LayerReader::body() { return *body_; }

uint64_t LayerReader::tar_bytes() const { return hashed_->bytes_read(); }

const std::string& LayerReader::diff_id() const { return hashed_->computed(); }

bool LayerReader::Fail(Error e) {
  status_ = MakeError(std::move(e));
  done_ = true;
  return false;
}

// Reads what follows the end-of-archive blocks, so the diffID covers the whole stream.
bool LayerReader::Finish() {
  auto rest = Drain(*hashed_);
  if (!rest) return Fail(rest.error());
  done_ = true;
  return false;
}

bool LayerReader::Next() {
  if (done_) return false;
  for (;;) {
    struct archive_entry* ae = nullptr;
    int rc = archive_read_next_header(archive_, &ae);
    if (rc == ARCHIVE_EOF) return Finish();
    if (rc == ARCHIVE_FATAL || (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)) {
      if (!source_error_) return Fail(source_error_.error());
      const char* msg = archive_error_string(archive_);
      return Fail(Error(ErrorCode::kCorrupt, std::string("corrupt tar stream after ") + std::to_string(entries_) +
                                                 " entries: " + (msg ? msg : "unknown error")));
    }
    if (++entries_ > opts_.limits.max_entries) {
      return Fail(Error(ErrorCode::kLimitExceeded,
                        "layer has more than " + std::to_string(opts_.limits.max_entries) + " entries"));
    }
    const char* raw = archive_entry_pathname(ae);
    if (raw == nullptr) raw = archive_entry_pathname_utf8(ae);
    std::string_view raw_path = raw ? raw : "";
    auto skip = [&](std::string reason) {
      model::Diagnostic d;
      d.stage = "layer";
      d.path = std::string(raw_path.substr(0, 256));
      d.code = "corrupt";
      d.message = std::move(reason);
      if (diagnostics_.size() < 1000) diagnostics_.push_back(std::move(d));
    };
    if (raw_path.size() > opts_.limits.max_path_bytes) {
      skip("entry name longer than " + std::to_string(opts_.limits.max_path_bytes) + " bytes: skipped");
      continue;
    }
    auto path = NormalizePath(raw_path);
    if (!path) {
      skip("entry skipped: " + path.error().message());
      continue;
    }
    entry_ = TarEntry();
    entry_.path = std::move(*path);
    entry_.mode = static_cast<uint32_t>(archive_entry_perm(ae));
    la_int64_t size = archive_entry_size(ae);
    entry_.size_bytes = size > 0 ? static_cast<uint64_t>(size) : 0;
    const char* hardlink = archive_entry_hardlink(ae);
    if (hardlink != nullptr) {
      auto target = NormalizePath(hardlink);
      if (!target || std::strlen(hardlink) > opts_.limits.max_path_bytes) {
        skip("hard link skipped: target escapes the image root or is too long");
        continue;
      }
      entry_.type = EntryType::kHardlink;
      entry_.link_target = std::move(*target);
      entry_.size_bytes = 0;
    } else {
      switch (archive_entry_filetype(ae)) {
        case AE_IFREG: entry_.type = EntryType::kRegular; break;
        case AE_IFDIR: entry_.type = EntryType::kDirectory; break;
        case AE_IFLNK: {
          entry_.type = EntryType::kSymlink;
          const char* t = archive_entry_symlink(ae);
          std::string_view target = t ? t : "";
          if (target.size() > opts_.limits.max_path_bytes) {
            skip("symlink skipped: target longer than the limit");
            continue;
          }
          entry_.link_target = std::string(target);
          break;
        }
        default: entry_.type = EntryType::kOther; break;
      }
    }
    // Whiteouts: ".wh..wh..opq" marks an opaque directory, ".wh.NAME" deletes NAME.
    size_t slash = entry_.path.rfind('/');
    std::string_view base = std::string_view(entry_.path).substr(slash + 1);
    if (base.starts_with(".wh.")) {
      std::string dir = slash == 0 ? "/" : entry_.path.substr(0, slash);
      if (base == ".wh..wh..opq") {
        entry_.whiteout = Whiteout::kOpaqueDir;
        entry_.path = dir;
      } else {
        std::string_view name = base.substr(4);
        if (name.empty() || name == "." || name == "..") {
          skip("invalid whiteout name: skipped");
          continue;
        }
        entry_.whiteout = Whiteout::kFile;
        entry_.path = (dir == "/" ? "" : dir) + "/" + std::string(name);
      }
    }
    return true;
  }
}

Result<std::string> NormalizePath(std::string_view raw, std::string_view base_dir) {
  if (raw.find('\0') != std::string_view::npos) {
    return MakeError(ErrorCode::kCorrupt, "path contains a NUL byte");
  }
  std::vector<std::string_view> parts;
  auto push_components = [&](std::string_view s) -> Status {
    size_t i = 0;
    while (i <= s.size()) {
      size_t j = s.find('/', i);
      if (j == std::string_view::npos) j = s.size();
      std::string_view c = s.substr(i, j - i);
      if (c.empty() || c == ".") {
      } else if (c == "..") {
        if (parts.empty()) {
          return MakeError(ErrorCode::kCorrupt, "path '" + std::string(raw.substr(0, 200)) + "' escapes the image root");
        }
        parts.pop_back();
      } else {
        parts.push_back(c);
      }
      i = j + 1;
    }
    return OkStatus();
  };
  if (!raw.starts_with('/')) HS_RETURN_IF_ERROR(push_components(base_dir));
  HS_RETURN_IF_ERROR(push_components(raw));
  std::string out;
  for (auto c : parts) {
    out.push_back('/');
    out.append(c);
  }
  if (out.empty()) out = "/";
  return out;
}

}  // namespace hullscan::layer
