#include "feed/common/feed_files.h"

#include <archive.h>
#include <archive_entry.h>
#include <yaml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <vector>

namespace hullscan::feed {

namespace fs = std::filesystem;

std::string_view BaseName(std::string_view path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

namespace {

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveCloser>;

// libarchive's message for the last error; it may be null.
std::string ArchiveError(archive* a) {
  const char* e = archive_error_string(a);
  return e ? e : "unknown libarchive error";
}

std::string StripCompressionSuffix(std::string_view name) {
  for (std::string_view ext : {".gz", ".zst", ".xz", ".bz2"}) {
    if (name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext) {
      return std::string(name.substr(0, name.size() - ext.size()));
    }
  }
  return std::string(name);
}

// Opens `path` with libarchive: tar and zip archives, or any other file as a single "raw" entry;
// every compression filter libarchive has.
Result<ArchivePtr> OpenArchive(const std::string& path, bool raw_only) {
  ArchivePtr a(archive_read_new());
  if (!a) return MakeError(ErrorCode::kInternal, "libarchive: out of memory");
  archive_read_support_filter_all(a.get());
  if (!raw_only) {
    archive_read_support_format_tar(a.get());
    archive_read_support_format_gnutar(a.get());
    archive_read_support_format_zip(a.get());
  }
  archive_read_support_format_raw(a.get());
  archive_read_support_format_empty(a.get());  // an empty file: no entries, not an error
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return MakeError(ErrorCode::kNotFound, path + ": no such file");
    // A file we can read that libarchive cannot open has broken content ("Truncated zstd
    // input"); otherwise the open itself failed.
    if (FILE* f = std::fopen(path.c_str(), "rb")) {
      std::fclose(f);
      return MakeError(ErrorCode::kCorrupt, path + ": " + ArchiveError(a.get()));
    }
    return MakeError(ErrorCode::kIo, path + ": " + std::strerror(errno));
  }
  return a;
}

bool IsRawFormat(archive* a) { return archive_format(a) == ARCHIVE_FORMAT_RAW; }

Status ReadEntryBody(archive* a, const std::string& path, std::string_view name, uint64_t max_bytes,
                     uint64_t* total, uint64_t max_total, std::string* out) {
  out->clear();
  char buf[1 << 16];
  for (;;) {
    la_ssize_t n = archive_read_data(a, buf, sizeof buf);
    if (n < 0) {
      return MakeError(ErrorCode::kCorrupt, path + ": " + std::string(name) + ": " + ArchiveError(a));
    }
    if (n == 0) break;
    if (out->size() + static_cast<uint64_t>(n) > max_bytes) {
      return MakeError(ErrorCode::kLimitExceeded, path + ": " + std::string(name) + ": entry larger than " +
                                                  std::to_string(max_bytes) + " bytes");
    }
    *total += static_cast<uint64_t>(n);
    if (*total > max_total) {
      return MakeError(ErrorCode::kLimitExceeded,
                   path + ": more than " + std::to_string(max_total) + " bytes after decompression");
    }
    out->append(buf, static_cast<size_t>(n));
  }
  return {};
}

Result<std::vector<fs::path>> ListDirectory(const std::string& path, const FeedFileLimits& limits) {
  std::vector<fs::path> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(path, fs::directory_options::none, ec), end;
  if (ec) return MakeError(ErrorCode::kIo, path + ": " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) return MakeError(ErrorCode::kIo, path + ": " + ec.message());
    if (it->is_symlink(ec)) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    if (files.size() >= limits.max_entries) {
      return MakeError(ErrorCode::kLimitExceeded, path + ": more than " + std::to_string(limits.max_entries) + " files");
    }
    files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

Status ReadPlainFile(const fs::path& p, uint64_t max_bytes, std::string* out) {
  std::error_code ec;
  uint64_t size = fs::file_size(p, ec);
  if (ec) return MakeError(ErrorCode::kIo, p.string() + ": " + ec.message());
  if (size > max_bytes) {
    return MakeError(ErrorCode::kLimitExceeded, p.string() + ": larger than " + std::to_string(max_bytes) + " bytes");
  }
  FILE* f = std::fopen(p.c_str(), "rb");
  if (!f) return MakeError(ErrorCode::kIo, p.string() + ": " + std::strerror(errno));
  out->resize(size);
  size_t got = size ? std::fread(out->data(), 1, size, f) : 0;
  std::fclose(f);
  if (got != size) return MakeError(ErrorCode::kIo, p.string() + ": short read");
  return {};
}

}  // namespace

Status ForEachFeedEntry(const std::string& path, const FeedFileLimits& limits, const EntryFn& fn) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    HS_ASSIGN_OR_RETURN(auto files, ListDirectory(path, limits));
    std::string content;
    uint64_t total = 0;
    for (const auto& f : files) {
      std::string rel = fs::relative(f, path, ec).generic_string();
      if (ec) rel = f.filename().string();
      HS_RETURN_IF_ERROR(ReadPlainFile(f, limits.max_entry_bytes, &content));
      total += content.size();
      if (total > limits.max_total_bytes) {
        return MakeError(ErrorCode::kLimitExceeded,
                         path + ": more than " + std::to_string(limits.max_total_bytes) + " bytes in its files");
      }
      HS_RETURN_IF_ERROR(fn(rel, content));
    }
    return {};
  }
  HS_ASSIGN_OR_RETURN(ArchivePtr a, OpenArchive(path, /*raw_only=*/false));
  archive_entry* entry = nullptr;
  uint64_t entries = 0, total = 0;
  std::string content;
  for (;;) {
    int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
      return MakeError(ErrorCode::kCorrupt, path + ": " + ArchiveError(a.get()));
    }
    if (++entries > limits.max_entries) {
      return MakeError(ErrorCode::kLimitExceeded, path + ": more than " + std::to_string(limits.max_entries) + " entries");
    }
    std::string name;
    if (IsRawFormat(a.get())) {
      name = StripCompressionSuffix(BaseName(path));
    } else {
      if (archive_entry_filetype(entry) != AE_IFREG) continue;
      const char* n = archive_entry_pathname(entry);
      name = n ? n : "";
    }
    HS_RETURN_IF_ERROR(ReadEntryBody(a.get(), path, name, limits.max_entry_bytes, &total, limits.max_total_bytes, &content));
    HS_RETURN_IF_ERROR(fn(name, content));
  }
  return {};
}

Result<FeedHead> ReadFeedHead(const std::string& path, const FeedFileLimits& limits) {
  constexpr size_t kHeadBytes = 64 * 1024;
  FeedHead head;
  head.path = path;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    head.is_archive = true;
    HS_ASSIGN_OR_RETURN(auto files, ListDirectory(path, limits));
    if (!files.empty()) {
      head.first_name = fs::relative(files[0], path, ec).generic_string();
      std::string content;
      HS_RETURN_IF_ERROR(ReadPlainFile(files[0], limits.max_entry_bytes, &content));
      head.head = content.substr(0, kHeadBytes);
    }
    return head;
  }
  HS_ASSIGN_OR_RETURN(ArchivePtr a, OpenArchive(path, /*raw_only=*/false));
  archive_entry* entry = nullptr;
  for (;;) {
    int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) return head;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
      return MakeError(ErrorCode::kCorrupt, path + ": " + ArchiveError(a.get()));
    }
    if (IsRawFormat(a.get())) {
      head.first_name = StripCompressionSuffix(BaseName(path));
    } else {
      head.is_archive = true;
      if (archive_entry_filetype(entry) != AE_IFREG) continue;
      const char* n = archive_entry_pathname(entry);
      head.first_name = n ? n : "";
    }
    head.head.resize(kHeadBytes);
    size_t got = 0;
    while (got < kHeadBytes) {
      la_ssize_t n = archive_read_data(a.get(), head.head.data() + got, kHeadBytes - got);
      if (n < 0) return MakeError(ErrorCode::kCorrupt, path + ": " + ArchiveError(a.get()));
      if (n == 0) break;
      got += static_cast<size_t>(n);
    }
    head.head.resize(got);
    return head;
  }
}

Status ForEachFeedLine(const std::string& path, const FeedFileLimits& limits, const LineFn& fn) {
  HS_ASSIGN_OR_RETURN(ArchivePtr a, OpenArchive(path, /*raw_only=*/true));
  archive_entry* entry = nullptr;
  int r = archive_read_next_header(a.get(), &entry);
  if (r == ARCHIVE_EOF) return {};
  if (r != ARCHIVE_OK && r != ARCHIVE_WARN) return MakeError(ErrorCode::kCorrupt, path + ": " + ArchiveError(a.get()));
  std::string pending;
  uint64_t line_no = 0, total = 0;
  char buf[1 << 16];
  auto too_long = [&] {
    return MakeError(ErrorCode::kLimitExceeded, path + ": line " + std::to_string(line_no + 1) + " longer than " +
                                                    std::to_string(limits.max_line_bytes) + " bytes");
  };
  auto emit = [&](std::string_view line) -> Status {
    if (line.size() > limits.max_line_bytes) return too_long();
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return fn(line, ++line_no);
  };
  for (;;) {
    la_ssize_t n = archive_read_data(a.get(), buf, sizeof buf);
    if (n < 0) return MakeError(ErrorCode::kCorrupt, path + ": " + ArchiveError(a.get()));
    if (n == 0) break;
    total += static_cast<uint64_t>(n);
    if (total > limits.max_total_bytes) {
      return MakeError(ErrorCode::kLimitExceeded, path + ": more than " + std::to_string(limits.max_total_bytes) + " bytes");
    }
    std::string_view chunk(buf, static_cast<size_t>(n));
    while (!chunk.empty()) {
      size_t nl = chunk.find('\n');
      if (nl == std::string_view::npos) {
        pending.append(chunk);
        if (pending.size() > limits.max_line_bytes) return too_long();
        break;
      }
      if (pending.empty()) {
        HS_RETURN_IF_ERROR(emit(chunk.substr(0, nl)));
      } else {
        pending.append(chunk.substr(0, nl));
        HS_RETURN_IF_ERROR(emit(pending));
        pending.clear();
      }
      chunk.remove_prefix(nl + 1);
    }
  }
  if (!pending.empty()) HS_RETURN_IF_ERROR(emit(pending));
  return {};
}

namespace {

bool LooksInteger(const std::string& s) {
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i >= s.size() || s.size() - i > 18) return false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

bool LooksFloat(const std::string& s) {
  // YAML 1.2 core schema float: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exp = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exp;
    if (exp == 0) return false;
  }
  return i == s.size();
}

Json PlainScalarToJson(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (LooksInteger(s)) return std::stoll(s);
  if (LooksFloat(s)) {
    double d = std::strtod(s.c_str(), nullptr);
    if (std::isfinite(d)) return d;
  }
  return s;
}

struct ParserCloser {
  void operator()(yaml_parser_t* p) const {
    yaml_parser_delete(p);
    delete p;
  }
};

// Builds JSON from libyaml's event stream (https://pyyaml.org/wiki/LibYAML): a stack of open
// collections; mapping keys alternate with values. Anchored nodes are remembered for aliases,
// with their expanded node count and height: an alias copies its target, so both the total
// size ("billion laughs": each level aliases the one before nine times) and the nesting an
// alias adds are bounded before the copy is made.
class JsonBuilder {
 public:
  JsonBuilder(std::string_view what, const FeedFileLimits& limits) : what_(what), limits_(limits) {}

  Status Add(Json value, const char* anchor) {
    HS_RETURN_IF_ERROR(Count(1));
    if (anchor) anchors_[anchor] = Node{value, 1, 0};
    return Place(std::move(value), 1, 0);
  }
  Status Open(Json container, const char* anchor) {
    if (static_cast<int64_t>(stack_.size()) >= limits_.max_depth) return TooDeep();
    HS_RETURN_IF_ERROR(Count(1));
    stack_.push_back({std::move(container), anchor ? std::string(anchor) : std::string(), std::string(), false, 1, 1});
    return OkStatus();
  }
  Status Close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    if (!f.anchor.empty()) anchors_[f.anchor] = Node{f.value, f.nodes, f.height};
    return Place(std::move(f.value), f.nodes, f.height);
  }
  Status Alias(const char* anchor) {
    auto it = anchors_.find(anchor ? anchor : "");
    if (it == anchors_.end()) return MakeError(ErrorCode::kCorrupt, what_ + ": unknown alias *" + std::string(anchor ? anchor : ""));
    const Node& n = it->second;
    if (static_cast<int64_t>(stack_.size()) + n.height > limits_.max_depth) return TooDeep();
    HS_RETURN_IF_ERROR(Count(n.nodes));
    return Place(n.value, n.nodes, n.height);
  }
  Json Take() { return std::move(root_); }

 private:
  static constexpr uint64_t kMaxNodes = 4'000'000;  // scalars and collections, aliases expanded

  struct Node {
    Json value;
    uint64_t nodes;  // in the expanded value, itself included
    int64_t height;  // nesting of collections: 0 for a scalar
  };
  struct Frame {
    Json value;
    std::string anchor;
    std::string key;
    bool have_key;
    uint64_t nodes;
    int64_t height;
  };

  Status TooDeep() const {
    return MakeError(ErrorCode::kLimitExceeded, what_ + ": nested deeper than " + std::to_string(limits_.max_depth));
  }

  // Counts nodes the document gains (aliases count their whole target) against kMaxNodes.
  Status Count(uint64_t nodes) {
    values_ += nodes;
    if (values_ > kMaxNodes) return MakeError(ErrorCode::kLimitExceeded, what_ + ": document expands too much");
    return OkStatus();
  }

  // Places a value of `nodes` nodes and `height` into the open collection (or as the root).
  Status Place(Json v, uint64_t nodes, int64_t height) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return OkStatus();
    }
    Frame& top = stack_.back();
    top.nodes += nodes;
    top.height = std::max(top.height, height + 1);
    if (top.value.is_array()) {
      top.value.push_back(std::move(v));
      return OkStatus();
    }
    if (!top.have_key) {
      if (v.is_structured()) return MakeError(ErrorCode::kCorrupt, what_ + ": mapping key is not a scalar");
      top.key = v.is_string() ? v.get<std::string>() : v.dump();
      top.have_key = true;
      return OkStatus();
    }
    top.value[top.key] = std::move(v);
    top.have_key = false;
    return OkStatus();
  }

  std::string what_;
  FeedFileLimits limits_;
  std::vector<Frame> stack_;
  std::map<std::string, Node> anchors_;
  Json root_;
  uint64_t values_ = 0;
};

}  // namespace

Result<Json> YamlToJson(std::string_view text, std::string_view what, const FeedFileLimits& limits) {
  std::unique_ptr<yaml_parser_t, ParserCloser> parser(new yaml_parser_t);
  if (!yaml_parser_initialize(parser.get())) {
    return MakeError(ErrorCode::kInternal, "libyaml: cannot create a parser");
  }
  yaml_parser_set_input_string(parser.get(), reinterpret_cast<const unsigned char*>(text.data()), text.size());
  JsonBuilder b(what, limits);
  bool first_document_done = false;
  for (;;) {
    yaml_event_t ev;
    if (!yaml_parser_parse(parser.get(), &ev)) {
      const yaml_parser_t& p = *parser;
      return MakeError(ErrorCode::kCorrupt, std::string(what) + ": line " + std::to_string(p.problem_mark.line + 1) +
                                                " column " + std::to_string(p.problem_mark.column + 1) + ": " +
                                                (p.problem ? p.problem : "invalid YAML"));
    }
    std::unique_ptr<yaml_event_t, void (*)(yaml_event_t*)> guard(&ev, yaml_event_delete);
    Status st;
    switch (ev.type) {
      case YAML_STREAM_END_EVENT:
        return b.Take();
      case YAML_DOCUMENT_END_EVENT:
        // One document: the first one is the record.
        first_document_done = true;
        return b.Take();
      case YAML_SCALAR_EVENT: {
        std::string value(reinterpret_cast<const char*>(ev.data.scalar.value), ev.data.scalar.length);
        const char* anchor = reinterpret_cast<const char*>(ev.data.scalar.anchor);
        bool plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        st = b.Add(plain ? PlainScalarToJson(value) : Json(value), anchor);
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
        st = b.Open(Json::array(), reinterpret_cast<const char*>(ev.data.sequence_start.anchor));
        break;
      case YAML_MAPPING_START_EVENT:
        st = b.Open(Json::object(), reinterpret_cast<const char*>(ev.data.mapping_start.anchor));
        break;
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        st = b.Close();
        break;
      case YAML_ALIAS_EVENT:
        st = b.Alias(reinterpret_cast<const char*>(ev.data.alias.anchor));
        break;
      default:
        break;
    }
    if (!st) return MakeError(st.error());
  }
  (void)first_document_done;
}

}  // namespace hullscan::feed
