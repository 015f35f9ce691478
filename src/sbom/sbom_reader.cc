#include "sbom/sbom_reader.h"

#include <algorithm>
#include <charconv>
#include <exception>
#include <map>
#include <optional>

#include "base/json.h"
#include "sbom/purl.h"

namespace hullscan::sbom {

namespace {

// ---------------------------------------------------------------- bounded parse

// A first pass that builds nothing: checks syntax, depth and the number of values, so that the
// DOM parse after it allocates only for a document within the limits. (nlohmann's callback
// parser cannot do this: it rescans the parent container on every value, O(n^2).)
class BoundsSax final : public nlohmann::json_sax<Json> {
 public:
  bool null() override { return Value(); }
  bool boolean(bool) override { return Value(); }
  bool number_integer(number_integer_t) override { return Value(); }
  bool number_unsigned(number_unsigned_t) override { return Value(); }
  bool number_float(number_float_t, const string_t&) override { return Value(); }
  bool string(string_t&) override { return Value(); }
  bool binary(binary_t&) override { return Value(); }
  bool start_object(std::size_t) override { return Open(); }
  bool key(string_t&) override { return true; }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(); }
  bool end_array() override { return Close(); }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
    code_ = ErrorCode::kCorrupt;
    reason_ = "not JSON: syntax error at byte " + std::to_string(position);
    return false;
  }

  ErrorCode code() const { return code_; }
  const std::string& reason() const { return reason_; }

 private:
  bool Value() {
    if (++values_ > kMaxSbomJsonValues) {
      code_ = ErrorCode::kLimitExceeded;
      reason_ = "more than " + std::to_string(kMaxSbomJsonValues) + " JSON values";
      return false;
    }
    return true;
  }
  bool Open() {
    if (++depth_ > kMaxSbomDepth) {
      code_ = ErrorCode::kLimitExceeded;
      reason_ = "JSON nested deeper than " + std::to_string(kMaxSbomDepth) + " levels";
      return false;
    }
    return Value();
  }
  bool Close() {
    --depth_;
    return true;
  }

  uint64_t values_ = 0;
  uint64_t depth_ = 0;
  ErrorCode code_ = ErrorCode::kCorrupt;
  std::string reason_ = "not JSON";
};

Result<Json> ParseBounded(std::string_view bytes, const std::string& what) {
  if (bytes.size() > kMaxSbomBytes) {
    return MakeError(ErrorCode::kLimitExceeded, what + ": document of " + std::to_string(bytes.size()) +
                                                    " bytes is larger than the limit of " +
                                                    std::to_string(kMaxSbomBytes));
  }
  try {
    BoundsSax bounds;
    if (!Json::sax_parse(bytes.begin(), bytes.end(), &bounds)) {
      return MakeError(bounds.code(), what + ": " + bounds.reason());
    }
    return Json::parse(bytes.begin(), bytes.end());
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kCorrupt, what + ": not JSON: " + e.what());
  }
}

// ---------------------------------------------------------------- typed access

std::string TypeName(const Json& j) { return j.type_name(); }

tl::unexpected<Error> WrongType(const std::string& what, const std::string& path, std::string_view want,
                                const Json& got) {
  return MakeError(ErrorCode::kCorrupt,
                   what + ": " + path + ": want " + std::string(want) + ", got " + TypeName(got));
}

/// A member that may be absent or null ("" then); any other non-string type is kCorrupt.
Result<std::string> OptStr(const Json& obj, const char* key, const std::string& what, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::string();
  if (!it->is_string()) return WrongType(what, path + "." + key, "a string", *it);
  return it->get<std::string>();
}

/// An array member or nullptr when absent/null; kCorrupt for another type.
Result<const Json*> OptArray(const Json& obj, const char* key, const std::string& what, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return static_cast<const Json*>(nullptr);
  if (!it->is_array()) return WrongType(what, path + "." + key, "an array", *it);
  return &*it;
}

Result<const Json*> OptObject(const Json& obj, const char* key, const std::string& what, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return static_cast<const Json*>(nullptr);
  if (!it->is_object()) return WrongType(what, path + "." + key, "an object", *it);
  return &*it;
}

std::string Index(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

// ---------------------------------------------------------------- purl -> package

/// What a document says about a package besides its purl.
struct Facts {
  std::string path;           ///< JSON path of the element, for messages
  std::string version_field;  ///< CycloneDX version / SPDX versionInfo
  std::string license;
  std::string vendor;
  bool hullscan = false;      ///< written by hullscan: read back as is, no defaults
  std::map<std::string, std::string> props;  ///< first value of each property name
};

std::string Prop(const Facts& f, const std::string& name) {
  auto it = f.props.find(name);
  return it == f.props.end() ? std::string() : it->second;
}

std::optional<model::PackageType> TypeOfPurl(const std::string& type) {
  // purl types and model::PackageTypeName use the same words.
  return model::ParsePackageType(type);
}


int ParseLayerIndex(const std::string& s) {
  int v = -1;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || v < 0) return -1;
  return v;
}

/// "debian-12" -> {debian, 12}; "opensuse-leap-15.5" -> {opensuse-leap, 15.5}.
model::Distro DistroFromQualifier(const std::string& q) {
  model::Distro d;
  size_t dash = q.rfind('-');
  if (dash == std::string::npos) {
    d.id = q;
  } else {
    d.id = q.substr(0, dash);
    d.version_id = q.substr(dash + 1);
  }
  return d;
}

struct Reader {
  std::string what;
  SbomInventory inv;
  std::optional<model::Distro> os_component;
  std::optional<model::Distro> purl_distro;

  void Diag(const std::string& code, const std::string& message) {
    model::Diagnostic d;
    d.stage = "sbom";
    d.code = code;
    d.message = what + ": " + message;
    inv.diagnostics.push_back(std::move(d));
  }

  /// Adds the package of `purl_text`; a bad or unsupported purl is a diagnostic.
  void AddPackage(const std::string& purl_text, const Facts& f) {
    auto parsed = ParsePurl(purl_text);
    if (!parsed) {
      Diag(std::string(ErrorCodeName(parsed.error().code())), f.path + ": " + parsed.error().message());
      return;
    }
    const ParsedPurl& u = *parsed;
    std::optional<model::PackageType> type = TypeOfPurl(u.type);
    if (!type) {
      Diag("unsupported", f.path + ": purl type '" + u.type + "' is not supported, package '" + u.name + "' skipped");
      return;
    }
    model::Package p;
    p.type = *type;
    switch (p.type) {
      case model::PackageType::kDeb:
      case model::PackageType::kApk:
      case model::PackageType::kRpm:
        p.name = u.name;  // the namespace names the vendor ("debian"), not part of the name
        break;
      case model::PackageType::kMaven:
        p.name = u.namespace_.empty() ? u.name : u.namespace_ + ":" + u.name;
        break;
      default:
        p.name = u.namespace_.empty() ? u.name : u.namespace_ + "/" + u.name;
        break;
    }
    p.version = u.version.empty() ? f.version_field : u.version;
    if (auto it = u.qualifiers.find("arch"); it != u.qualifiers.end()) p.arch = it->second;
    if (auto it = u.qualifiers.find("distro"); it != u.qualifiers.end() && !purl_distro) {
      purl_distro = DistroFromQualifier(it->second);
    }
    std::string upstream;
    if (auto it = u.qualifiers.find("upstream"); it != u.qualifiers.end()) upstream = it->second;

    if (p.type == model::PackageType::kRpm) {
      // purl: version-release with the epoch as a qualifier; hullscan: "[epoch:]version-release".
      std::string epoch;
      if (auto it = u.qualifiers.find("epoch"); it != u.qualifiers.end()) epoch = it->second;
      size_t colon = f.version_field.find(':');
      if (colon != std::string::npos && f.version_field.substr(colon + 1) == u.version &&
          (epoch.empty() || epoch == f.version_field.substr(0, colon))) {
        epoch = f.version_field.substr(0, colon);
      }
      p.epoch = epoch;
      if (!epoch.empty() && !u.version.empty()) p.version = epoch + ":" + u.version;
      size_t dash = u.version.rfind('-');
      if (dash != std::string::npos) p.release = u.version.substr(dash + 1);
    }

    // hullscan's own properties (CycloneDX) or comment keys (SPDX), read back as written.
    p.path = Prop(f, "hullscan:package:path");
    p.extractor = Prop(f, "hullscan:extractor");
    p.source_name = Prop(f, "hullscan:source_name");
    p.source_version = Prop(f, "hullscan:source_version");
    p.source_rpm = Prop(f, "hullscan:package:source_rpm");
    if (std::string release = Prop(f, "hullscan:package:release"); !release.empty()) p.release = release;
    p.modularity_label = Prop(f, "hullscan:package:modularity_label");
    p.maintainer = Prop(f, "hullscan:maintainer");
    p.vendor = Prop(f, "hullscan:vendor");
    p.dev = Prop(f, "hullscan:package:dev") == "true";
    p.project = Prop(f, "hullscan:package:project") == "true";
    p.not_installed = Prop(f, "hullscan:package:not_installed") == "true";
    p.os_owner = Prop(f, "hullscan:package:os_owner");
    p.also_at = model::ParseLocations(Prop(f, "hullscan:package:also_at"));
    if (p.vendor.empty()) p.vendor = f.vendor;
    p.license = f.license;
    std::string layer = Prop(f, "hullscan:layer_index");
    if (!layer.empty()) {
      p.layer_index = ParseLayerIndex(layer);
      if (p.layer_index < 0) Diag("corrupt", f.path + ": layer index '" + layer.substr(0, 40) + "' ignored");
    }

    if (!f.hullscan) ApplyOtherTools(upstream, f, &p);
    inv.packages.push_back(std::move(p));
  }

  // Trivy and Syft spellings, then the extractors' defaults.
  void ApplyOtherTools(const std::string& upstream, const Facts& f, model::Package* p) {
    if (p->path.empty()) {
      p->path = Prop(f, "aquasecurity:trivy:FilePath");
      if (p->path.empty()) p->path = Prop(f, "syft:location:0:path");
      if (!p->path.empty() && p->path.front() != '/') p->path.insert(p->path.begin(), '/');
    }
    if (p->source_name.empty()) p->source_name = Prop(f, "aquasecurity:trivy:SrcName");
    if (p->source_version.empty()) {
      std::string v = Prop(f, "aquasecurity:trivy:SrcVersion");
      if (!v.empty()) {
        std::string release = Prop(f, "aquasecurity:trivy:SrcRelease");
        std::string epoch = Prop(f, "aquasecurity:trivy:SrcEpoch");
        if (!release.empty()) v += "-" + release;
        if (!epoch.empty() && epoch != "0") v = epoch + ":" + v;
        p->source_version = v;
      }
    }
    if (p->source_name.empty()) p->source_name = Prop(f, "syft:metadata:source");
    if (p->source_version.empty()) p->source_version = Prop(f, "syft:metadata:sourceVersion");
    if (p->source_rpm.empty()) p->source_rpm = Prop(f, "syft:metadata:sourceRpm");
    if (!upstream.empty()) {
      if (p->type == model::PackageType::kRpm) {
        if (p->source_rpm.empty()) p->source_rpm = upstream;
      } else if (p->source_name.empty()) {
        size_t at = upstream.find('@');
        p->source_name = upstream.substr(0, at);
        if (at != std::string::npos && p->source_version.empty()) p->source_version = upstream.substr(at + 1);
      }
    }
    if (p->type == model::PackageType::kRpm && p->source_name.empty() && !p->source_rpm.empty()) {
      if (auto src = model::ParseSourceRpm(p->source_rpm)) p->source_name = std::move(src->name);
    }
    if (p->type == model::PackageType::kDeb || p->type == model::PackageType::kApk) {
      if (p->source_name.empty()) p->source_name = p->name;
      if (p->source_version.empty()) p->source_version = p->version;
    }
  }
};

// ---------------------------------------------------------------- CycloneDX

Result<std::map<std::string, std::string>> CdxProperties(const Json& c, const std::string& what,
                                                         const std::string& path) {
  std::map<std::string, std::string> out;
  HS_ASSIGN_OR_RETURN(const Json* props, OptArray(c, "properties", what, path));
  if (props == nullptr) return out;
  for (size_t i = 0; i < props->size(); ++i) {
    const Json& p = (*props)[i];
    std::string ppath = Index(path + ".properties", i);
    if (!p.is_object()) return WrongType(what, ppath, "an object", p);
    HS_ASSIGN_OR_RETURN(std::string name, OptStr(p, "name", what, ppath));
    HS_ASSIGN_OR_RETURN(std::string value, OptStr(p, "value", what, ppath));
    out.emplace(std::move(name), std::move(value));
  }
  return out;
}

Result<std::string> CdxLicense(const Json& c, const std::string& what, const std::string& path) {
  HS_ASSIGN_OR_RETURN(const Json* licenses, OptArray(c, "licenses", what, path));
  if (licenses == nullptr || licenses->empty()) return std::string();
  std::string out;
  for (size_t i = 0; i < licenses->size(); ++i) {
    const Json& l = (*licenses)[i];
    std::string lpath = Index(path + ".licenses", i);
    if (!l.is_object()) return WrongType(what, lpath, "an object", l);
    std::string text;
    HS_ASSIGN_OR_RETURN(std::string expr, OptStr(l, "expression", what, lpath));
    text = expr;
    HS_ASSIGN_OR_RETURN(const Json* lic, OptObject(l, "license", what, lpath));
    if (lic != nullptr && text.empty()) {
      HS_ASSIGN_OR_RETURN(std::string id, OptStr(*lic, "id", what, lpath + ".license"));
      HS_ASSIGN_OR_RETURN(std::string name, OptStr(*lic, "name", what, lpath + ".license"));
      text = !id.empty() ? id : name;
    }
    if (text.empty()) continue;
    out += out.empty() ? text : " AND " + text;
  }
  return out;
}

Result<model::Distro> CdxOs(const Json& c, const std::map<std::string, std::string>& props, const std::string& what,
                            const std::string& path) {
  model::Distro d;
  HS_ASSIGN_OR_RETURN(d.id, OptStr(c, "name", what, path));
  HS_ASSIGN_OR_RETURN(d.version_id, OptStr(c, "version", what, path));
  HS_ASSIGN_OR_RETURN(d.pretty_name, OptStr(c, "description", what, path));
  auto get = [&props](const char* k) {
    auto it = props.find(k);
    return it == props.end() ? std::string() : it->second;
  };
  d.codename = get("hullscan:os:codename");
  d.name = get("hullscan:os:name");
  d.id_like = get("hullscan:os:id_like");
  return d;
}

Status CdxComponents(const Json& arr, const std::string& path, uint64_t depth, uint64_t* count, Reader* r) {
  for (size_t i = 0; i < arr.size(); ++i) {
    const Json& c = arr[i];
    std::string cpath = Index(path, i);
    if (!c.is_object()) return WrongType(r->what, cpath, "an object", c);
    if (++*count > kMaxSbomComponents) {
      return MakeError(ErrorCode::kLimitExceeded,
                       r->what + ": more than " + std::to_string(kMaxSbomComponents) + " components");
    }
    HS_ASSIGN_OR_RETURN(std::string type, OptStr(c, "type", r->what, cpath));
    HS_ASSIGN_OR_RETURN(std::string purl, OptStr(c, "purl", r->what, cpath));
    HS_ASSIGN_OR_RETURN(auto props, CdxProperties(c, r->what, cpath));
    if (type == "operating-system") {
      HS_ASSIGN_OR_RETURN(model::Distro d, CdxOs(c, props, r->what, cpath));
      if (!r->os_component && !d.id.empty()) r->os_component = d;
    } else if (!purl.empty()) {
      Facts f;
      f.path = cpath;
      HS_ASSIGN_OR_RETURN(f.version_field, OptStr(c, "version", r->what, cpath));
      HS_ASSIGN_OR_RETURN(f.license, CdxLicense(c, r->what, cpath));
      HS_ASSIGN_OR_RETURN(f.vendor, OptStr(c, "publisher", r->what, cpath));
      f.hullscan = std::any_of(props.begin(), props.end(),
                               [](const auto& kv) { return kv.first.starts_with("hullscan:"); });
      f.props = std::move(props);
      r->AddPackage(purl, f);
    } else if (type == "library") {
      HS_ASSIGN_OR_RETURN(std::string name, OptStr(c, "name", r->what, cpath));
      r->Diag("unsupported", cpath + ": library '" + name.substr(0, 200) + "' has no purl, skipped");
    }
    HS_ASSIGN_OR_RETURN(const Json* nested, OptArray(c, "components", r->what, cpath));
    if (nested != nullptr) HS_RETURN_IF_ERROR(CdxComponents(*nested, cpath + ".components", depth + 1, count, r));
  }
  return OkStatus();
}

Status ReadCycloneDx(const Json& doc, Reader* r) {
  HS_ASSIGN_OR_RETURN(const Json* metadata, OptObject(doc, "metadata", r->what, "$"));
  if (metadata != nullptr) {
    HS_ASSIGN_OR_RETURN(const Json* mc, OptObject(*metadata, "component", r->what, "$.metadata"));
    if (mc != nullptr) {
      HS_ASSIGN_OR_RETURN(r->inv.name, OptStr(*mc, "name", r->what, "$.metadata.component"));
      HS_ASSIGN_OR_RETURN(std::string type, OptStr(*mc, "type", r->what, "$.metadata.component"));
      HS_ASSIGN_OR_RETURN(auto props, CdxProperties(*mc, r->what, "$.metadata.component"));
      if (type == "operating-system") {
        HS_ASSIGN_OR_RETURN(model::Distro d, CdxOs(*mc, props, r->what, "$.metadata.component"));
        if (!d.id.empty()) r->os_component = d;
      }
    }
  }
  HS_ASSIGN_OR_RETURN(const Json* components, OptArray(doc, "components", r->what, "$"));
  uint64_t count = 0;
  if (components != nullptr) HS_RETURN_IF_ERROR(CdxComponents(*components, "$.components", 0, &count, r));
  return OkStatus();
}

// ---------------------------------------------------------------- SPDX

/// The "key=value ..." comment hullscan writes on each package (spdx_reporter.cc), in its order;
/// a value runs up to the next known key, created_by to the end.
std::map<std::string, std::string> HullscanComment(std::string_view comment) {
  static const char* kKeys[] = {"layer_index", "layer_diff_id", "path",          "source_name",
                                "source_version", "source_rpm", "dev",         "project",
                                "not_installed",  "os_owner",   "also_at",     "created_by"};
  std::map<std::string, std::string> out;
  struct Hit {
    size_t key_pos;
    size_t value_pos;
    std::string key;
  };
  std::vector<Hit> hits;
  size_t from = 0;
  for (const char* key : kKeys) {
    std::string k(key);
    size_t pos = std::string_view::npos;
    if (k == "layer_index") {
      if (comment.starts_with("layer_index=")) pos = 0;
    } else {
      size_t f = comment.find(" " + k + "=", from);
      if (f != std::string_view::npos) pos = f + 1;
    }
    if (pos == std::string_view::npos) continue;
    hits.push_back({pos, pos + k.size() + 1, k});
    from = pos + k.size() + 1;
  }
  for (size_t i = 0; i < hits.size(); ++i) {
    size_t end = i + 1 < hits.size() ? hits[i + 1].key_pos - 1 : comment.size();
    out[hits[i].key] = std::string(comment.substr(hits[i].value_pos, end - hits[i].value_pos));
  }
  return out;
}

Status ReadSpdx(const Json& doc, Reader* r) {
  HS_ASSIGN_OR_RETURN(r->inv.name, OptStr(doc, "name", r->what, "$"));
  bool hullscan = false;
  HS_ASSIGN_OR_RETURN(const Json* creation, OptObject(doc, "creationInfo", r->what, "$"));
  if (creation != nullptr) {
    HS_ASSIGN_OR_RETURN(const Json* creators, OptArray(*creation, "creators", r->what, "$.creationInfo"));
    if (creators != nullptr) {
      for (const Json& c : *creators) {
        if (c.is_string() && c.get<std::string>().starts_with("Tool: hullscan")) hullscan = true;
      }
    }
  }
  HS_ASSIGN_OR_RETURN(const Json* packages, OptArray(doc, "packages", r->what, "$"));
  if (packages == nullptr) return OkStatus();
  if (packages->size() > kMaxSbomComponents) {
    return MakeError(ErrorCode::kLimitExceeded,
                     r->what + ": more than " + std::to_string(kMaxSbomComponents) + " packages");
  }
  for (size_t i = 0; i < packages->size(); ++i) {
    const Json& p = (*packages)[i];
    std::string ppath = Index("$.packages", i);
    if (!p.is_object()) return WrongType(r->what, ppath, "an object", p);
    HS_ASSIGN_OR_RETURN(std::string name, OptStr(p, "name", r->what, ppath));
    HS_ASSIGN_OR_RETURN(std::string version, OptStr(p, "versionInfo", r->what, ppath));
    HS_ASSIGN_OR_RETURN(std::string purpose, OptStr(p, "primaryPackagePurpose", r->what, ppath));
    if (purpose == "OPERATING-SYSTEM" || purpose == "OPERATING_SYSTEM") {
      if (!r->os_component && !name.empty()) {
        model::Distro d;
        d.id = name;
        d.version_id = version;
        HS_ASSIGN_OR_RETURN(d.pretty_name, OptStr(p, "description", r->what, ppath));
        r->os_component = d;
      }
      continue;
    }
    std::string purl;
    HS_ASSIGN_OR_RETURN(const Json* refs, OptArray(p, "externalRefs", r->what, ppath));
    if (refs != nullptr) {
      for (size_t k = 0; k < refs->size(); ++k) {
        const Json& ref = (*refs)[k];
        std::string rpath = Index(ppath + ".externalRefs", k);
        if (!ref.is_object()) return WrongType(r->what, rpath, "an object", ref);
        HS_ASSIGN_OR_RETURN(std::string type, OptStr(ref, "referenceType", r->what, rpath));
        HS_ASSIGN_OR_RETURN(std::string locator, OptStr(ref, "referenceLocator", r->what, rpath));
        if (type == "purl" && !locator.empty()) {
          purl = locator;
          break;
        }
      }
    }
    if (purl.empty()) {
      if (purpose == "LIBRARY") r->Diag("unsupported", ppath + ": library '" + name.substr(0, 200) + "' has no purl, skipped");
      continue;
    }
    Facts f;
    f.path = ppath;
    f.version_field = version;
    f.hullscan = hullscan;
    HS_ASSIGN_OR_RETURN(std::string comments, OptStr(p, "licenseComments", r->what, ppath));
    constexpr std::string_view kDeclared = "license declared by the package manager: ";
    if (comments.starts_with(kDeclared)) {
      f.license = comments.substr(kDeclared.size());
    } else {
      HS_ASSIGN_OR_RETURN(std::string declared, OptStr(p, "licenseDeclared", r->what, ppath));
      HS_ASSIGN_OR_RETURN(std::string concluded, OptStr(p, "licenseConcluded", r->what, ppath));
      for (const std::string& l : {declared, concluded}) {
        if (f.license.empty() && !l.empty() && l != "NOASSERTION" && l != "NONE") f.license = l;
      }
    }
    HS_ASSIGN_OR_RETURN(std::string supplier, OptStr(p, "supplier", r->what, ppath));
    constexpr std::string_view kOrg = "Organization: ";
    if (supplier.starts_with(kOrg)) f.vendor = supplier.substr(kOrg.size());
    HS_ASSIGN_OR_RETURN(std::string source_info, OptStr(p, "sourceInfo", r->what, ppath));
    HS_ASSIGN_OR_RETURN(std::string comment, OptStr(p, "comment", r->what, ppath));
    if (hullscan) {
      for (const auto& [k, v] : HullscanComment(comment)) {
        if (k == "layer_index") f.props["hullscan:layer_index"] = v;
        if (k == "path") f.props["hullscan:package:path"] = v;
        if (k == "source_name") f.props["hullscan:source_name"] = v;
        if (k == "source_version") f.props["hullscan:source_version"] = v;
        if (k == "source_rpm") f.props["hullscan:package:source_rpm"] = v;
        if (k == "dev") f.props["hullscan:package:dev"] = v;
        if (k == "project") f.props["hullscan:package:project"] = v;
        if (k == "not_installed") f.props["hullscan:package:not_installed"] = v;
        if (k == "os_owner") f.props["hullscan:package:os_owner"] = v;
        if (k == "also_at") {  // "LAYER:PATH|LAYER:PATH"
          std::string all = v;
          std::replace(all.begin(), all.end(), '|', '\n');
          f.props["hullscan:package:also_at"] = all;
        }
      }
      // "acquired package info from EXTRACTOR evidence PATH"
      constexpr std::string_view kFrom = "acquired package info from ";
      if (source_info.starts_with(kFrom)) {
        std::string rest = source_info.substr(kFrom.size());
        size_t ev = rest.find(" evidence ");
        std::string extractor = ev == std::string::npos ? rest : rest.substr(0, ev);
        if (ev != 0 && !extractor.starts_with("evidence ")) f.props["hullscan:extractor"] = extractor;
      }
      if (f.props["hullscan:layer_index"] == "-1") f.props.erase("hullscan:layer_index");
    } else {
      // Syft: "acquired package info from DPKG DB: /var/lib/dpkg/status, /usr/share/doc/..."
      size_t colon = source_info.find(": /");
      if (colon != std::string::npos) {
        std::string paths = source_info.substr(colon + 2);
        f.props["syft:location:0:path"] = paths.substr(0, paths.find(", "));
      }
    }
    r->AddPackage(purl, f);
  }
  return OkStatus();
}

}  // namespace

Result<SbomInventory> ReadSbom(std::string_view bytes, std::string_view what_view) {
  std::string what(what_view);
  size_t first = bytes.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && bytes[first] == '<') {
    return MakeError(ErrorCode::kUnsupported, what + ": XML SBOMs are not supported (want CycloneDX or SPDX JSON)");
  }
  HS_ASSIGN_OR_RETURN(Json doc, ParseBounded(bytes, what));
  if (!doc.is_object()) return WrongType(what, "$", "an object", doc);
  Reader r;
  r.what = what;
  if (doc.contains("bomFormat")) {
    HS_ASSIGN_OR_RETURN(std::string format, OptStr(doc, "bomFormat", what, "$"));
    if (format != "CycloneDX") {
      return MakeError(ErrorCode::kUnsupported, what + ": bomFormat '" + format.substr(0, 40) + "' is not CycloneDX");
    }
    HS_ASSIGN_OR_RETURN(std::string spec, OptStr(doc, "specVersion", what, "$"));
    if (spec != "1.4" && spec != "1.5" && spec != "1.6") {
      return MakeError(ErrorCode::kUnsupported, what + ": CycloneDX specVersion '" + spec.substr(0, 40) +
                                                    "' is not supported (want 1.4, 1.5 or 1.6)");
    }
    r.inv.format = "cyclonedx-" + spec;
    HS_RETURN_IF_ERROR(ReadCycloneDx(doc, &r));
  } else if (doc.contains("spdxVersion")) {
    HS_ASSIGN_OR_RETURN(std::string spec, OptStr(doc, "spdxVersion", what, "$"));
    if (spec != "SPDX-2.2" && spec != "SPDX-2.3") {
      return MakeError(ErrorCode::kUnsupported, what + ": spdxVersion '" + spec.substr(0, 40) +
                                                    "' is not supported (want SPDX-2.2 or SPDX-2.3)");
    }
    r.inv.format = "spdx-" + spec.substr(5);
    HS_RETURN_IF_ERROR(ReadSpdx(doc, &r));
  } else {
    return MakeError(ErrorCode::kUnsupported,
                     what + ": not a CycloneDX or SPDX JSON document (no 'bomFormat' or 'spdxVersion')");
  }
  if (r.os_component) {
    r.inv.distro = *r.os_component;
  } else if (r.purl_distro) {
    r.inv.distro = *r.purl_distro;
  }
  std::stable_sort(r.inv.packages.begin(), r.inv.packages.end(), model::PackageLess);
  return std::move(r.inv);
}

}  // namespace hullscan::sbom
