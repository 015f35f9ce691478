#include "image/docker_manifest.h"

#include "base/json.h"

namespace hullscan::image {

Result<std::vector<DockerManifestEntry>> ParseDockerManifest(std::string_view json, std::string_view what_view) {
  std::string what(what_view);
  HS_ASSIGN_OR_RETURN(Json doc, ParseJson(json, what));
  if (!doc.is_array()) return MakeError(ErrorCode::kCorrupt, what + ": not a JSON array");
  if (doc.empty()) return MakeError(ErrorCode::kCorrupt, what + ": lists no image");
  std::vector<DockerManifestEntry> out;
  for (size_t i = 0; i < doc.size(); ++i) {
    const Json& e = doc[i];
    std::string ewhat = what + "[" + std::to_string(i) + "]";
    if (!e.is_object()) return MakeError(ErrorCode::kCorrupt, ewhat + ": not a JSON object");
    DockerManifestEntry entry;
    HS_ASSIGN_OR_RETURN(entry.config, JsonString(e, "Config", ewhat));
    auto tags = e.find("RepoTags");
    if (tags != e.end() && !tags->is_null()) {
      if (!tags->is_array()) return MakeError(ErrorCode::kCorrupt, ewhat + ": RepoTags is not an array");
      for (const Json& t : *tags) {
        if (!t.is_string()) return MakeError(ErrorCode::kCorrupt, ewhat + ": RepoTags holds a non-string");
        entry.repo_tags.push_back(t.get<std::string>());
      }
    }
    auto layers = e.find("Layers");
    if (layers == e.end() || !layers->is_array()) {
      return MakeError(ErrorCode::kCorrupt, ewhat + ": field 'Layers' is missing or not an array");
    }
    for (const Json& l : *layers) {
      if (!l.is_string()) return MakeError(ErrorCode::kCorrupt, ewhat + ": Layers holds a non-string");
      entry.layers.push_back(l.get<std::string>());
    }
    out.push_back(std::move(entry));
  }
  return out;
}

std::string NormalizeDockerReference(std::string_view ref) {
  // Reference grammar: https://github.com/distribution/reference/blob/main/reference.go. The first
  // component is a registry host when it has a '.' or ':' or is "localhost".
  std::string s(ref);
  size_t slash = s.find('/');
  std::string first = slash == std::string::npos ? std::string() : s.substr(0, slash);
  bool has_host = !first.empty() && (first.find('.') != std::string::npos ||
                                     first.find(':') != std::string::npos || first == "localhost");
  if (!has_host) {
    s = (slash == std::string::npos ? "docker.io/library/" : "docker.io/") + s;
  } else if (first == "docker.io" && s.find('/', slash + 1) == std::string::npos) {
    s = "docker.io/library/" + s.substr(slash + 1);
  }
  size_t last_slash = s.rfind('/');
  std::string_view name_part = std::string_view(s).substr(last_slash == std::string::npos ? 0 : last_slash);
  if (name_part.find(':') == std::string_view::npos && name_part.find('@') == std::string_view::npos) {
    s += ":latest";
  }
  return s;
}

Result<size_t> SelectDockerManifestEntry(const std::vector<DockerManifestEntry>& entries, std::string_view tag,
                                         std::string_view what) {
  if (tag.empty()) {
    if (entries.size() == 1) return size_t{0};
    std::string list;
    for (const DockerManifestEntry& e : entries) {
      if (!list.empty()) list += ", ";
      list += e.repo_tags.empty() ? std::string("<untagged>") : e.repo_tags.front();
    }
    return MakeError(ErrorCode::kInvalidArgument, std::string(what) + " holds " + std::to_string(entries.size()) +
                                                      " images; choose one with docker-archive:PATH:TAG (" + list + ")");
  }
  std::string want = NormalizeDockerReference(tag);
  for (size_t i = 0; i < entries.size(); ++i) {
    for (const std::string& t : entries[i].repo_tags) {
      if (t == tag || NormalizeDockerReference(t) == want) return i;
    }
  }
  std::string list;
  for (const DockerManifestEntry& e : entries) {
    for (const std::string& t : e.repo_tags) list += (list.empty() ? "" : ", ") + t;
  }
  return MakeError(ErrorCode::kNotFound, "tag '" + std::string(tag.substr(0, 200)) + "' not found in " +
                                             std::string(what) + " (tags present: " +
                                             (list.empty() ? std::string("none") : list) + ")");
}

}  // namespace hullscan::image
