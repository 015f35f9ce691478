// Fuzzes the reporters with hostile ScanReport strings and numbers (image configs are
// untrusted: created_by, comments, tags and os-release fields reach the output). The input is
// a line-oriented description of a report (see Build below). Invariants: no crash; every JSON
// output parses; the history table has exactly one line per row plus the header (no string
// can add a line); writing twice gives the same bytes.
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "base/byte_io.h"
#include "base/json.h"
#include "report/reporter.h"

namespace {

using namespace hullscan;

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    out.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

int64_t Int(const std::vector<std::string_view>& f, size_t i) {
  if (i >= f.size()) return 0;
  int64_t v = 0;
  std::from_chars(f[i].data(), f[i].data() + f[i].size(), v);
  return v;
}

std::string Str(const std::vector<std::string_view>& f, size_t i) { return i < f.size() ? std::string(f[i]) : ""; }

// One record per line, fields separated by '|':
//   r|ref|config_digest|timestamp      d|id|version_id|pretty_name
//   h|created|created_by|comment|empty|layer_index
//   l|index|digest|diff_id|compressed|size|files|history_index|created_by
//   p|type|name|version|arch|path|layer_index|license|source_name
//   c|layer_index|added|removed|changed        g|stage|layer|path|message
model::ScanReport Build(std::string_view data) {
  model::ScanReport r;
  size_t records = 0;
  for (std::string_view line : Split(data, '\n')) {
    if (line.empty() || ++records > 256) continue;
    std::vector<std::string_view> f = Split(line.substr(1), '|');
    switch (line[0]) {
      case 'r':
        r.image.ref = Str(f, 1);
        r.image.config_digest = Str(f, 2);
        r.timestamp = Int(f, 3) % 4102444800;  // keep the clock within 1970..2100
        if (r.timestamp < 0) r.timestamp = -r.timestamp;
        break;
      case 'd':
        r.distro.id = Str(f, 1);
        r.distro.version_id = Str(f, 2);
        r.distro.pretty_name = Str(f, 3);
        break;
      case 'h': {
        model::HistoryEntry h;
        h.created = Str(f, 1);
        h.created_by = Str(f, 2);
        h.comment = Str(f, 3);
        h.empty_layer = Int(f, 4) != 0;
        h.layer_index = static_cast<int>(Int(f, 5) % 1000);
        r.image.history.push_back(std::move(h));
        break;
      }
      case 'l': {
        model::LayerInfo l;
        l.index = static_cast<int>(Int(f, 1) % 1000);
        l.digest = Str(f, 2);
        l.diff_id = Str(f, 3);
        l.compressed_size_bytes = Int(f, 4);
        l.size_bytes = static_cast<uint64_t>(Int(f, 5));
        l.file_count = static_cast<uint64_t>(Int(f, 6));
        l.history_index = static_cast<int>(Int(f, 7) % 1000);
        l.created_by = Str(f, 8);
        r.image.layers.push_back(std::move(l));
        break;
      }
      case 'p': {
        model::Package p;
        p.type = static_cast<model::PackageType>(static_cast<uint64_t>(Int(f, 1)) % 11);
        p.name = Str(f, 2);
        p.version = Str(f, 3);
        p.arch = Str(f, 4);
        p.path = Str(f, 5);
        p.layer_index = static_cast<int>(Int(f, 6) % 1000);
        p.license = Str(f, 7);
        p.source_name = Str(f, 8);
        r.packages.push_back(std::move(p));
        break;
      }
      case 'c':
        r.layer_changes.push_back({static_cast<int>(Int(f, 1) % 1000), static_cast<int>(Int(f, 2) % 100000),
                                   static_cast<int>(Int(f, 3) % 100000), static_cast<int>(Int(f, 4) % 100000)});
        break;
      case 'g':
        r.diagnostics.push_back({Str(f, 1), static_cast<int>(Int(f, 2) % 1000), Str(f, 3), "", "corrupt", Str(f, 4)});
        break;
      default:
        break;
    }
  }
  return r;
}

std::string Render(const report::Reporter& rep, const model::ScanReport& r) {
  StringSink sink;
  if (!rep.Write(r, sink)) {
    std::fprintf(stderr, "reporter failed\n");
    std::abort();
  }
  return sink.Take();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  model::ScanReport r = Build(std::string_view(reinterpret_cast<const char*>(data), size));
  for (std::string_view format : {"json", "cyclonedx", "spdx"}) {
    auto rep = report::NewSbomReporter(format);
    if (!rep) std::abort();
    std::string out = Render(**rep, r);
    if (!ParseJson(out, format) || out != Render(**rep, r)) {
      std::fprintf(stderr, "%.*s: output does not parse or is not deterministic\n", static_cast<int>(format.size()),
                   format.data());
      std::abort();
    }
  }
  report::HistoryOptions opts{size % 2 == 0, 1717243200};
  auto table = report::NewHistoryReporter("table", opts);
  auto json = report::NewHistoryReporter("json", opts);
  if (!table || !json) std::abort();
  std::string text = Render(**table, r);
  size_t rows = r.image.history.empty() ? r.image.layers.size() : r.image.history.size();
  size_t lines = 0;
  for (char c : text) lines += c == '\n';
  if (lines != rows + 1 || text.find('\x1b') != std::string::npos) {
    std::fprintf(stderr, "history table: %zu lines for %zu rows\n", lines, rows);
    std::abort();
  }
  if (!ParseJson(Render(**json, r), "history json")) std::abort();
  return 0;
}
