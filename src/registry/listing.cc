#include "registry/listing.h"

#include "base/json.h"

namespace hullscan::registry {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

bool HasControl(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  }
  return false;
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

// Whether a rel value (space-separated relation types) holds "next".
bool RelHasNext(std::string_view v) {
  while (!v.empty()) {
    size_t sp = v.find(' ');
    if (EqualsNoCase(v.substr(0, sp), "next")) return true;
    if (sp == std::string_view::npos) break;
    v.remove_prefix(sp + 1);
  }
  return false;
}

}  // namespace

Result<std::string> ParseLinkNext(std::string_view h) {
  if (h.size() > kMaxLinkHeaderBytes) {
    return MakeError(ErrorCode::kNetwork, "bad Link header: longer than " + std::to_string(kMaxLinkHeaderBytes) + " bytes");
  }
  size_t i = 0;
  auto fail = [](const std::string& why) { return MakeError(ErrorCode::kNetwork, "bad Link header: " + why); };
  while (i < h.size()) {
    while (i < h.size() && (IsSpace(h[i]) || h[i] == ',')) ++i;
    if (i == h.size()) break;
    if (h[i] != '<') return fail("expected '<' at offset " + std::to_string(i));
    size_t close = h.find('>', i + 1);
    if (close == std::string_view::npos) return fail("unterminated '<'");
    std::string_view target = h.substr(i + 1, close - i - 1);
    if (HasControl(target)) return fail("control character in the link target");
    i = close + 1;
    bool next = false;
    // Parameters: ; name[=value|="quoted"]
    for (;;) {
      while (i < h.size() && IsSpace(h[i])) ++i;
      if (i == h.size() || h[i] == ',') break;
      if (h[i] != ';') return fail("expected ';' or ',' at offset " + std::to_string(i));
      ++i;
      while (i < h.size() && IsSpace(h[i])) ++i;
      size_t name_start = i;
      while (i < h.size() && h[i] != '=' && h[i] != ';' && h[i] != ',' && !IsSpace(h[i])) ++i;
      std::string_view name = h.substr(name_start, i - name_start);
      while (i < h.size() && IsSpace(h[i])) ++i;
      std::string value;
      if (i < h.size() && h[i] == '=') {
        ++i;
        while (i < h.size() && IsSpace(h[i])) ++i;
        if (i < h.size() && h[i] == '"') {
          ++i;
          for (;;) {
            if (i >= h.size()) return fail("unterminated quoted string");
            if (h[i] == '\\' && i + 1 < h.size()) {
              value += h[i + 1];
              i += 2;
              continue;
            }
            if (h[i] == '"') {
              ++i;
              break;
            }
            value += h[i++];
          }
        } else {
          size_t v0 = i;
          while (i < h.size() && h[i] != ';' && h[i] != ',' && !IsSpace(h[i])) ++i;
          value = std::string(h.substr(v0, i - v0));
        }
      }
      if (EqualsNoCase(name, "rel") && RelHasNext(value)) next = true;
    }
    if (next) return std::string(target);
  }
  return std::string();
}

Result<std::vector<std::string>> ParseNameList(std::string_view body, std::string_view field, std::string_view what) {
  HS_ASSIGN_OR_RETURN(Json j, ParseJson(body, what));
  if (!j.is_object()) return MakeError(ErrorCode::kCorrupt, std::string(what) + ": not a JSON object");
  std::vector<std::string> out;
  auto it = j.find(std::string(field));
  if (it == j.end() || it->is_null()) return out;
  if (!it->is_array()) {
    return MakeError(ErrorCode::kCorrupt, std::string(what) + ": field '" + std::string(field) + "' is not an array");
  }
  out.reserve(it->size());
  for (size_t k = 0; k < it->size(); ++k) {
    const Json& e = (*it)[k];
    if (!e.is_string()) {
      return MakeError(ErrorCode::kCorrupt, std::string(what) + ": " + std::string(field) + "[" + std::to_string(k) +
                                                "] is not a string");
    }
    const std::string& s = e.get_ref<const std::string&>();
    if (s.empty() || s.size() > kMaxListedNameBytes || HasControl(s)) {
      return MakeError(ErrorCode::kCorrupt, std::string(what) + ": " + std::string(field) + "[" + std::to_string(k) +
                                                "] is empty, longer than " + std::to_string(kMaxListedNameBytes) +
                                                " bytes or holds control characters");
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace hullscan::registry
