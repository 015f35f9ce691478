#include "registry/reference.h"

#include <cctype>

#include "base/digest.h"

namespace hullscan::registry {

namespace {

Error Bad(std::string_view text, std::string_view why) {
  return Error(ErrorCode::kInvalidArgument,
               "invalid registry reference '" + std::string(text.substr(0, 300)) + "': " + std::string(why));
}

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// One path component: [a-z0-9]+ ((\.|_|__|-+)[a-z0-9]+)*  (reference.go pathComponent).
bool ValidComponent(std::string_view c) {
  if (c.empty() || !IsLowerAlnum(c.front()) || !IsLowerAlnum(c.back())) return false;
  for (size_t i = 0; i < c.size();) {
    if (IsLowerAlnum(c[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < c.size() && !IsLowerAlnum(c[j])) ++j;
    std::string_view sep = c.substr(i, j - i);
    bool ok = sep == "." || sep == "_" || sep == "__" || sep.find_first_not_of('-') == std::string_view::npos;
    if (!ok) return false;
    i = j;
  }
  return true;
}

// Tag: [\w][\w.-]{0,127}.
bool ValidTag(std::string_view t) {
  if (t.empty() || t.size() > 128) return false;
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; };
  if (!word(t.front())) return false;
  for (char c : t) {
    if (!word(c) && c != '.' && c != '-') return false;
  }
  return true;
}

// Domain: host components of [a-zA-Z0-9-] separated by '.', optional ":port", or a bracketed
// IPv6 address with optional port.
bool ValidDomain(std::string_view d) {
  if (d.empty()) return false;
  std::string_view host = d;
  std::string_view port;
  if (d.front() == '[') {
    size_t close = d.find(']');
    if (close == std::string_view::npos || close < 2) return false;
    for (char c : d.substr(1, close - 1)) {
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') return false;
    }
    std::string_view rest = d.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return false;
      port = rest.substr(1);
      if (port.empty()) return false;
    }
    host = {};
  } else {
    size_t colon = d.find(':');
    if (colon != std::string_view::npos) {
      host = d.substr(0, colon);
      port = d.substr(colon + 1);
      if (port.empty()) return false;
    }
  }
  if (!port.empty()) {
    if (port.size() > 5) return false;
    for (char c : port) {
      if (c < '0' || c > '9') return false;
    }
    if (std::stoul(std::string(port)) > 65535) return false;
  }
  if (d.front() == '[') return true;
  if (host.empty()) return false;
  for (size_t start = 0; start <= host.size();) {
    size_t dot = host.find('.', start);
    std::string_view label = host.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return true;
}

}  // namespace

std::string Reference::ApiHost() const {
  if (registry == kDockerHubDomain || registry == "index.docker.io") return std::string(kDockerHubApiHost);
  return registry;
}

std::string Reference::str() const {
  std::string s = registry + "/" + repository;
  if (!tag.empty()) s += ":" + tag;
  if (!digest.empty()) s += "@" + digest;
  return s;
}

Result<Reference> ParseReference(std::string_view text) {
  std::string_view orig = text;
  // "registry:" is the source prefix, except where it is a host named "registry" with a
  // port ("registry:5000/app", a compose service): digits up to the first '/'.
  if (text.starts_with("registry:")) {
    std::string_view after = text.substr(9);
    size_t slash = after.find('/');
    bool host_port = slash != std::string_view::npos && slash > 0 &&
                     after.substr(0, slash).find_first_not_of("0123456789") == std::string_view::npos;
    if (!host_port) text.remove_prefix(9);
  }
  if (text.empty()) return MakeError(Bad(orig, "empty reference"));
  if (text.size() > 4096) return MakeError(Bad(orig, "longer than 4096 bytes"));
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return MakeError(Bad(orig, "contains a space or control character"));
  }
  if (text.find("://") != std::string_view::npos) {
    return MakeError(Bad(orig, "a reference has no scheme (write HOST[:PORT]/REPO[:TAG])"));
  }
  Reference ref;
  // Digest: everything after the first '@'.
  size_t at = text.find('@');
  std::string_view name = text;
  if (at != std::string_view::npos) {
    std::string_view d = text.substr(at + 1);
    auto parsed = Digest::Parse(d);
    if (!parsed) return MakeError(Bad(orig, "bad digest: " + parsed.error().message()));
    ref.digest = parsed->str();
    name = text.substr(0, at);
  }
  // Tag: after the last ':' that follows the last '/'.
  size_t slash = name.rfind('/');
  size_t colon = name.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    std::string_view tag = name.substr(colon + 1);
    if (!ValidTag(tag)) {
      return MakeError(Bad(orig, "bad tag '" + std::string(tag.substr(0, 200)) +
                                     "' (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-')"));
    }
    ref.tag = std::string(tag);
    name = name.substr(0, colon);
  }
  if (name.empty()) return MakeError(Bad(orig, "empty repository name"));
  // Domain: the first component, when it looks like a host.
  size_t first = name.find('/');
  std::string_view repo = name;
  if (first != std::string_view::npos) {
    std::string_view head = name.substr(0, first);
    if (head.find('.') != std::string_view::npos || head.find(':') != std::string_view::npos || head == "localhost" ||
        head.front() == '[') {
      if (!ValidDomain(head)) return MakeError(Bad(orig, "bad registry host '" + std::string(head.substr(0, 200)) + "'"));
      ref.registry = std::string(head);
      for (char& c : ref.registry) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      repo = name.substr(first + 1);
    }
  }
  if (ref.registry.empty()) ref.registry = std::string(kDockerHubDomain);
  if (ref.registry == "index.docker.io") ref.registry = std::string(kDockerHubDomain);
  if (repo.empty()) return MakeError(Bad(orig, "empty repository name"));
  for (size_t start = 0; start <= repo.size();) {
    size_t s = repo.find('/', start);
    std::string_view comp = repo.substr(start, s == std::string_view::npos ? std::string_view::npos : s - start);
    if (!ValidComponent(comp)) {
      bool upper = false;
      for (char c : comp) upper = upper || (c >= 'A' && c <= 'Z');
      return MakeError(Bad(orig, upper ? "repository names must be lowercase"
                                       : "bad repository component '" + std::string(comp.substr(0, 200)) + "'"));
    }
    if (s == std::string_view::npos) break;
    start = s + 1;
  }
  ref.repository = std::string(repo);
  if (ref.registry == kDockerHubDomain && ref.repository.find('/') == std::string::npos) {
    ref.repository = "library/" + ref.repository;
  }
  if (ref.registry.size() + 1 + ref.repository.size() > kMaxRepositoryBytes) {
    return MakeError(Bad(orig, "repository name longer than 255 bytes"));
  }
  if (ref.tag.empty() && ref.digest.empty()) ref.tag = "latest";
  return ref;
}

}  // namespace hullscan::registry
