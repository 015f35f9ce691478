// Reading feed files the way every importer needs: archives entry by entry (zip, tar, tar.gz,
// tar.zst, via libarchive), directories file by file (sorted, symlinks not followed), single files
// decompressed on the fly (gzip, zstd, xz, bzip2), line streams, and YAML documents as JSON values.
// Nothing is unpacked to disk; one entry at a time is in memory, bounded by FeedFileLimits.
// Stateless functions: thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "base/json.h"
#include "base/status.h"

namespace hullscan::feed {

struct FeedFileLimits {
  uint64_t max_entry_bytes = 64ull << 20;   ///< one record file / one archive entry
  uint64_t max_entries = 2'000'000;         ///< entries in one archive or directory tree
  uint64_t max_total_bytes = 16ull << 30;   ///< decompressed bytes of a whole feed file
  uint64_t max_line_bytes = 1ull << 20;     ///< one line of a line-oriented feed
  int max_depth = 64;                       ///< JSON/YAML nesting
};

/// What Detect() sees: the file's first entry (for archives and directories) or its content.
struct FeedHead {
  std::string path;        ///< as given
  bool is_archive = false; ///< zip/tar or a directory
  std::string first_name;  ///< archive: name of the first regular entry; single file: base name
                           ///< without .gz/.zst/.xz/.bz2
  std::string head;        ///< up to 64 KiB of that entry's (decompressed) bytes
};

Result<FeedHead> ReadFeedHead(const std::string& path, const FeedFileLimits& limits = {});

/// Calls `fn(name, content)` for every regular file, in archive order (directories: sorted by
/// relative path). A single non-archive file is one entry named as in FeedHead::first_name.
/// Errors: kNotFound/kIo opening, kCorrupt for a broken archive, kLimitExceeded for limits, and
/// whatever `fn` returns (the walk stops at the first error).
using EntryFn = std::function<Status(std::string_view name, std::string_view content)>;
Status ForEachFeedEntry(const std::string& path, const FeedFileLimits& limits, const EntryFn& fn);

/// Streams the lines (without "\n" / "\r\n") of a single, possibly compressed, file.
/// `line_no` counts from 1. A line longer than max_line_bytes is kLimitExceeded.
using LineFn = std::function<Status(std::string_view line, uint64_t line_no)>;
Status ForEachFeedLine(const std::string& path, const FeedFileLimits& limits, const LineFn& fn);

/// Parses one YAML document into JSON. Quoted scalars stay strings; plain scalars become null
/// (~, null, empty), booleans (true/false), integers or floats when they look like one, and
/// strings otherwise (so unquoted timestamps stay text). Anchors/aliases are expanded with a
/// bound on the result size. kCorrupt "WHAT: line L column C: why".
Result<Json> YamlToJson(std::string_view text, std::string_view what, const FeedFileLimits& limits = {});

/// "a/b/c.json" -> "c.json"
std::string_view BaseName(std::string_view path);

}  // namespace hullscan::feed
