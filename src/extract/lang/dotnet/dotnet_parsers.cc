#include "extract/lang/dotnet/dotnet_parsers.h"

#include <expat.h>

#include <climits>
#include <utility>

#include "base/json.h"

namespace hullscan::extract::dotnet {

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

// One JSON pointer reference token (RFC 6901: '~' -> "~0", '/' -> "~1") for a message: at most
// 64 bytes of the key, control bytes replaced by '?'.
std::string PointerToken(std::string_view key) {
  constexpr size_t kMax = 64;
  std::string out;
  for (size_t i = 0; i < key.size() && i < kMax; ++i) {
    unsigned char c = static_cast<unsigned char>(key[i]);
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out.push_back(c < 0x20 || c == 0x7f ? '?' : key[i]);
  }
  if (key.size() > kMax) out += "...";
  return out;
}

std::string At(std::string_view section, std::string_view key) {
  return " (at /" + std::string(section) + "/" + PointerToken(key) + ")";
}

std::string At(std::string_view section, std::string_view mid, std::string_view key) {
  return " (at /" + std::string(section) + "/" + PointerToken(mid) + "/" + PointerToken(key) + ")";
}

Error Corrupt(std::string message) { return Error(ErrorCode::kCorrupt, std::move(message)); }

// Collects packages once per (name, version), at most kMaxPackagesPerFile (Add() is false
// past it), and warnings up to kMaxWarnings.
struct Collector : common::PackageCollector {
  Collector() : common::PackageCollector(kMaxPackagesPerFile, kMaxWarnings) {}
};

Error TooMany(std::string_view what) {
  return Error(ErrorCode::kLimitExceeded, "parse " + std::string(what) + ": more than " +
                                              std::to_string(kMaxPackagesPerFile) + " packages");
}

// deps.json: whether a `targets` entry lists an asset that ships with the app.
bool HasRuntimeAsset(const Json& entry) {
  for (const char* section : {"runtime", "runtimeTargets", "native", "resources"}) {
    auto it = entry.find(section);
    if (it == entry.end()) continue;
    if ((it->is_object() || it->is_array()) && !it->empty()) return true;
  }
  return false;
}

// deps.json: the object of `targets[runtimeTarget.name]`, or nullptr.
const Json* RuntimeTarget(const Json& doc) {
  auto rt = doc.find("runtimeTarget");
  if (rt == doc.end()) return nullptr;
  std::string name;
  if (rt->is_object()) {
    auto n = rt->find("name");
    if (n == rt->end() || !n->is_string()) return nullptr;
    name = n->get<std::string>();
  } else if (rt->is_string()) {
    name = rt->get<std::string>();  // early (pre-2.0) files named the target directly
  } else {
    return nullptr;
  }
  auto targets = doc.find("targets");
  if (targets == doc.end() || !targets->is_object()) return nullptr;
  auto target = targets->find(name);
  if (target == targets->end() || !target->is_object()) return nullptr;
  return &*target;
}

constexpr std::string_view kRuntimePackPrefix = "runtimepack.";

}  // namespace

FileKind ClassifyPath(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (base == "packages.lock.json") return FileKind::kPackagesLock;
  if (base == "packages.config") return FileKind::kPackagesConfig;
  constexpr std::string_view kDepsSuffix = ".deps.json";
  if (base.size() > kDepsSuffix.size() && EndsWith(base, kDepsSuffix)) return FileKind::kDepsJson;
  return FileKind::kNone;
}

Result<ParseOutput> ParseDepsJson(std::string_view text) {
  HS_ASSIGN_OR_RETURN(Json doc, ParseJson(text, "parse deps.json"));
  if (!doc.is_object()) return MakeError(Corrupt("parse deps.json: not a JSON object (at /)"));
  Collector c;
  auto libs = doc.find("libraries");
  if (libs == doc.end()) return c.Take();  // nothing to report (Trivy treats it the same way)
  if (!libs->is_object()) {
    return MakeError(Corrupt("parse deps.json: 'libraries' is not an object (at /libraries)"));
  }
  const Json* target = RuntimeTarget(doc);
  for (auto it = libs->begin(); it != libs->end(); ++it) {
    const std::string& key = it.key();
    if (!it->is_object()) {
      c.Warn(Corrupt("parse deps.json: library is not an object; skipped" + At("libraries", key)));
      continue;
    }
    auto type_it = it->find("type");
    if (type_it == it->end() || !type_it->is_string()) {
      c.Warn(Corrupt("parse deps.json: library has no string 'type'; skipped" + At("libraries", key)));
      continue;
    }
    const std::string& type = type_it->get_ref<const std::string&>();
    const bool runtime_pack = EqualsIgnoreCase(type, "runtimepack");
    if (!runtime_pack && !EqualsIgnoreCase(type, "package")) continue;  // project, reference, ...
    size_t slash = key.rfind('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == key.size()) {
      c.Warn(Corrupt("parse deps.json: library key is not 'name/version'; skipped" + At("libraries", key)));
      continue;
    }
    if (target != nullptr) {
      auto entry = target->find(key);
      if (entry != target->end() && entry->is_object() && !HasRuntimeAsset(*entry)) continue;
    }
    std::string name = key.substr(0, slash);
    if (runtime_pack && name.size() > kRuntimePackPrefix.size() &&
        EqualsIgnoreCase(std::string_view(name).substr(0, kRuntimePackPrefix.size()), kRuntimePackPrefix)) {
      name.erase(0, kRuntimePackPrefix.size());
    }
    if (!c.Add(std::move(name), key.substr(slash + 1), false)) return MakeError(TooMany("deps.json"));
  }
  return c.Take();
}

Result<ParseOutput> ParsePackagesLock(std::string_view text) {
  HS_ASSIGN_OR_RETURN(Json doc, ParseJson(text, "parse packages.lock.json"));
  if (!doc.is_object()) return MakeError(Corrupt("parse packages.lock.json: not a JSON object (at /)"));
  auto deps = doc.find("dependencies");
  if (deps == doc.end() || !deps->is_object()) {
    return MakeError(Corrupt("parse packages.lock.json: no 'dependencies' object (at /dependencies)"));
  }
  Collector c;
  for (auto fw = deps->begin(); fw != deps->end(); ++fw) {
    if (!fw->is_object()) {
      c.Warn(Corrupt("parse packages.lock.json: target framework is not an object; skipped" +
                     At("dependencies", fw.key())));
      continue;
    }
    for (auto it = fw->begin(); it != fw->end(); ++it) {
      const std::string& name = it.key();
      if (!it->is_object()) {
        c.Warn(Corrupt("parse packages.lock.json: dependency is not an object; skipped" +
                       At("dependencies", fw.key(), name)));
        continue;
      }
      auto type = it->find("type");
      if (type != it->end() && type->is_string() && EqualsIgnoreCase(type->get_ref<const std::string&>(), "Project")) {
        continue;  // a project reference, not a package
      }
      auto resolved = it->find("resolved");
      if (resolved == it->end() || !resolved->is_string() || resolved->get_ref<const std::string&>().empty()) {
        c.Warn(Corrupt("parse packages.lock.json: dependency has no 'resolved' version; skipped" +
                       At("dependencies", fw.key(), name)));
        continue;
      }
      if (name.empty()) {
        c.Warn(Corrupt("parse packages.lock.json: dependency with an empty name; skipped" +
                       At("dependencies", fw.key(), name)));
        continue;
      }
      if (!c.Add(name, resolved->get<std::string>(), false)) return MakeError(TooMany("packages.lock.json"));
    }
  }
  return c.Take();
}

namespace {

// State of one packages.config parse, shared with the expat callbacks through user data.
struct ConfigState {
  XML_Parser parser = nullptr;
  Collector collector;
  uint64_t depth = 0;
  bool saw_root = false;
  Error failure{ErrorCode::kCorrupt, ""};  ///< why the callbacks stopped the parser
  bool failed = false;

  void Fail(Error e) {
    if (failed) return;
    failed = true;
    failure = std::move(e);
    XML_StopParser(parser, XML_FALSE);
  }
  std::string Line() const {
    return " (line " + std::to_string(static_cast<uint64_t>(XML_GetCurrentLineNumber(parser))) + ")";
  }
};

const char* Attr(const XML_Char** attrs, std::string_view name) {
  for (size_t i = 0; attrs[i] != nullptr && attrs[i + 1] != nullptr; i += 2) {
    if (name == attrs[i]) return attrs[i + 1];
  }
  return nullptr;
}

void XMLCALL OnStart(void* user, const XML_Char* name, const XML_Char** attrs) {
  auto* s = static_cast<ConfigState*>(user);
  if (s->failed) return;
  ++s->depth;
  if (s->depth > kMaxXmlDepth) {
    s->Fail(Error(ErrorCode::kLimitExceeded, "parse packages.config: elements nested deeper than " +
                                                 std::to_string(kMaxXmlDepth) + " levels" + s->Line()));
    return;
  }
  std::string_view element(name);
  if (s->depth == 1) {
    if (element != "packages") {
      s->Fail(Corrupt("parse packages.config: root element is '" + PointerToken(element) +
                      "', not 'packages'" + s->Line()));
    }
    s->saw_root = true;
    return;
  }
  if (s->depth != 2 || element != "package") return;
  const char* id = Attr(attrs, "id");
  const char* version = Attr(attrs, "version");
  if (id == nullptr || *id == '\0' || version == nullptr || *version == '\0') {
    s->collector.Warn(Corrupt(std::string("parse packages.config: <package> without ") +
                              (id == nullptr || *id == '\0' ? "id" : "version") + "; skipped" + s->Line()));
    return;
  }
  const char* dev = Attr(attrs, "developmentDependency");
  if (!s->collector.Add(id, version, dev != nullptr && EqualsIgnoreCase(dev, "true"))) {
    s->Fail(TooMany("packages.config"));
  }
}

void XMLCALL OnEnd(void* user, const XML_Char*) {
  auto* s = static_cast<ConfigState*>(user);
  if (s->depth > 0) --s->depth;
}

void XMLCALL OnDoctype(void* user, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  auto* s = static_cast<ConfigState*>(user);
  s->Fail(Corrupt("parse packages.config: a DOCTYPE is not allowed" + s->Line()));
}

}  // namespace

Result<ParseOutput> ParsePackagesConfig(std::string_view text) {
  static_assert(kMaxPackagesConfigBytes <= static_cast<uint64_t>(INT_MAX));
  if (text.size() > kMaxPackagesConfigBytes) {
    return MakeError(ErrorCode::kLimitExceeded, "parse packages.config: larger than " +
                                                    std::to_string(kMaxPackagesConfigBytes) + " bytes");
  }
  ConfigState state;
  state.parser = XML_ParserCreate(nullptr);
  if (state.parser == nullptr) {
    return MakeError(ErrorCode::kInternal, "parse packages.config: cannot create an XML parser");
  }
  XML_SetUserData(state.parser, &state);
  XML_SetElementHandler(state.parser, OnStart, OnEnd);
  XML_SetStartDoctypeDeclHandler(state.parser, OnDoctype);
  const XML_Status status = XML_Parse(state.parser, text.data(), static_cast<int>(text.size()), XML_TRUE);
  std::string error;
  if (status != XML_STATUS_OK && !state.failed) {
    error = "parse packages.config: " + std::string(XML_ErrorString(XML_GetErrorCode(state.parser))) + state.Line();
  }
  XML_ParserFree(state.parser);
  state.parser = nullptr;
  if (state.failed) return MakeError(std::move(state.failure));
  if (!error.empty()) return MakeError(Corrupt(std::move(error)));
  if (!state.saw_root) return MakeError(Corrupt("parse packages.config: no root element"));
  return state.collector.Take();
}

}  // namespace hullscan::extract::dotnet
