#include "sbom/purl.h"

#include <vector>

namespace hullscan::sbom {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

tl::unexpected<Error> Bad(std::string_view purl, std::string_view why) {
  std::string shown(purl.substr(0, 200));
  return MakeError(ErrorCode::kCorrupt, "purl '" + shown + "': " + std::string(why));
}

}  // namespace

Result<std::string> PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    int hi = i + 1 < s.size() ? HexValue(s[i + 1]) : -1;
    int lo = i + 2 < s.size() ? HexValue(s[i + 2]) : -1;
    if (hi < 0 || lo < 0) return MakeError(ErrorCode::kCorrupt, "bad percent escape at offset " + std::to_string(i));
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

Result<ParsedPurl> ParsePurl(std::string_view purl) {
  if (purl.size() > kMaxPurlBytes) {
    return MakeError(ErrorCode::kLimitExceeded,
                     "purl of " + std::to_string(purl.size()) + " bytes is longer than " +
                         std::to_string(kMaxPurlBytes));
  }
  ParsedPurl out;
  std::string_view rest = purl;
  if (rest.size() < 4 || Lower(rest.substr(0, 4)) != "pkg:") return Bad(purl, "does not start with 'pkg:'");
  rest.remove_prefix(4);
  while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);

  if (size_t hash = rest.rfind('#'); hash != std::string_view::npos) {
    std::string_view sub = rest.substr(hash + 1);
    rest = rest.substr(0, hash);
    std::string joined;
    size_t start = 0;
    while (start <= sub.size()) {
      size_t slash = sub.find('/', start);
      std::string_view seg = sub.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
      if (!seg.empty() && seg != "." && seg != "..") {
        auto d = PercentDecode(seg);
        if (!d) return Bad(purl, "subpath: " + d.error().message());
        if (!joined.empty()) joined += '/';
        joined += *d;
      }
      if (slash == std::string_view::npos) break;
      start = slash + 1;
    }
    out.subpath = std::move(joined);
  }
  if (size_t q = rest.rfind('?'); q != std::string_view::npos) {
    std::string_view qs = rest.substr(q + 1);
    rest = rest.substr(0, q);
    size_t start = 0;
    while (start <= qs.size()) {
      size_t amp = qs.find('&', start);
      std::string_view kv = qs.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
      if (!kv.empty()) {
        size_t eq = kv.find('=');
        if (eq == std::string_view::npos || eq == 0) return Bad(purl, "qualifier without 'key=': " + std::string(kv));
        auto v = PercentDecode(kv.substr(eq + 1));
        if (!v) return Bad(purl, "qualifier: " + v.error().message());
        if (!v->empty()) out.qualifiers[Lower(kv.substr(0, eq))] = std::move(*v);
      }
      if (amp == std::string_view::npos) break;
      start = amp + 1;
    }
  }
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);

  size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0) return Bad(purl, "no 'type/name'");
  out.type = Lower(rest.substr(0, slash));
  for (char c : out.type) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '+' || c == '-';
    if (!ok) return Bad(purl, "invalid type '" + out.type + "'");
  }
  rest.remove_prefix(slash + 1);
  while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);

  // The version follows the last '@' after the last '/' (an unencoded npm scope '@' comes first).
  size_t last_slash = rest.rfind('/');
  size_t at = rest.rfind('@');
  if (at != std::string_view::npos && (last_slash == std::string_view::npos || at > last_slash)) {
    auto v = PercentDecode(rest.substr(at + 1));
    if (!v) return Bad(purl, "version: " + v.error().message());
    out.version = std::move(*v);
    rest = rest.substr(0, at);
  }
  last_slash = rest.rfind('/');
  std::string_view name = last_slash == std::string_view::npos ? rest : rest.substr(last_slash + 1);
  auto n = PercentDecode(name);
  if (!n) return Bad(purl, "name: " + n.error().message());
  if (n->empty()) return Bad(purl, "empty name");
  out.name = std::move(*n);
  if (last_slash != std::string_view::npos) {
    std::string_view ns = rest.substr(0, last_slash);
    size_t start = 0;
    while (start <= ns.size()) {
      size_t s = ns.find('/', start);
      std::string_view seg = ns.substr(start, s == std::string_view::npos ? std::string_view::npos : s - start);
      if (!seg.empty()) {
        auto d = PercentDecode(seg);
        if (!d) return Bad(purl, "namespace: " + d.error().message());
        if (!out.namespace_.empty()) out.namespace_ += '/';
        out.namespace_ += *d;
      }
      if (s == std::string_view::npos) break;
      start = s + 1;
    }
  }
  return out;
}

}  // namespace hullscan::sbom
