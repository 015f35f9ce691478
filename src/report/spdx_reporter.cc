#include "report/spdx_reporter.h"

#include <algorithm>
#include <set>

#include "base/clock.h"
#include "base/json.h"
#include "model/purl.h"
#include "report/report_common.h"

namespace hullscan::report {

namespace {

constexpr std::string_view kNoAssertion = "NOASSERTION";

// SPDX idstring: letters, digits, '.' and '-' (spec clause 3.2 "SPDXRef-[idstring]").
std::string SanitizeId(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    out.push_back(ok ? c : '-');
  }
  if (out.size() > 64) out.resize(64);
  return out;
}

std::string Unique(std::string id, std::set<std::string>* used) {
  std::string unique = id;
  for (uint64_t n = 2; used->count(unique) != 0; ++n) unique = id + "-" + std::to_string(n);
  used->insert(unique);
  return unique;
}

OrderedJson BasePackage(const std::string& spdx_id, const std::string& name, const std::string& version) {
  OrderedJson p = OrderedJson::object();
  p["name"] = name;
  p["SPDXID"] = spdx_id;
  if (!version.empty()) p["versionInfo"] = version;
  p["downloadLocation"] = kNoAssertion;
  p["filesAnalyzed"] = false;
  return p;
}

OrderedJson Relationship(const std::string& from, std::string_view type, const std::string& to) {
  OrderedJson r = OrderedJson::object();
  r["spdxElementId"] = from;
  r["relationshipType"] = type;
  r["relatedSpdxElement"] = to;
  return r;
}

OrderedJson ImagePackage(const model::ScanReport& report, const std::string& spdx_id) {
  const model::ImageInfo& image = report.image;
  OrderedJson p = BasePackage(spdx_id, ImageName(image), image.config_digest);
  p["primaryPackagePurpose"] = "CONTAINER";
  std::string comment;
  auto add = [&comment](std::string_view key, const std::string& value) {
    if (value.empty()) return;
    if (!comment.empty()) comment += ' ';
    comment += std::string(key) + "=" + value;
  };
  add("source_kind", image.source_kind);
  add("config_digest", image.config_digest);
  add("manifest_digest", image.manifest_digest);
  add("platform", image.os + (image.architecture.empty() ? "" : "/" + image.architecture) +
                      (image.variant.empty() ? "" : "/" + image.variant));
  std::vector<std::string> tags = image.repo_tags;
  std::sort(tags.begin(), tags.end());
  for (const std::string& t : tags) add("repo_tag", t);
  for (const model::LayerInfo& l : SortedLayers(image.layers)) {
    add("layer_" + std::to_string(l.index) + "_diff_id", l.diff_id);
  }
  if (!comment.empty()) p["comment"] = comment;
  return p;
}

OrderedJson PackageJson(const model::Package& pkg, const std::string& spdx_id, const std::string& purl,
                        const LayerIndex& index) {
  OrderedJson p = BasePackage(spdx_id, pkg.name, pkg.version);
  if (!pkg.vendor.empty()) p["supplier"] = "Organization: " + pkg.vendor;
  if (!pkg.path.empty() || !pkg.extractor.empty()) {
    std::string info = "acquired package info from";
    if (!pkg.extractor.empty()) info += " " + pkg.extractor;
    if (!pkg.path.empty()) info += " evidence " + pkg.path;
    p["sourceInfo"] = info;
  }
  p["licenseConcluded"] = kNoAssertion;
  p["licenseDeclared"] = kNoAssertion;
  if (!pkg.license.empty()) p["licenseComments"] = "license declared by the package manager: " + pkg.license;
  p["copyrightText"] = kNoAssertion;
  std::string comment = "layer_index=" + std::to_string(pkg.layer_index);
  std::string diff_id = index.DiffId(pkg.layer_index);
  if (!diff_id.empty()) comment += " layer_diff_id=" + diff_id;
  if (!pkg.path.empty()) comment += " path=" + pkg.path;
  if (!pkg.source_name.empty()) comment += " source_name=" + pkg.source_name;
  if (!pkg.source_version.empty()) comment += " source_version=" + pkg.source_version;
  if (!pkg.source_rpm.empty()) comment += " source_rpm=" + pkg.source_rpm;
  if (pkg.dev) comment += " dev=true";
  if (pkg.project) comment += " project=true";
  if (pkg.not_installed) comment += " not_installed=true";
  if (!pkg.os_owner.empty()) comment += " os_owner=" + pkg.os_owner;
  if (!pkg.also_at.empty()) {
    std::string all = model::FormatLocations(pkg.also_at);
    std::replace(all.begin(), all.end(), '\n', '|');
    comment += " also_at=" + all;
  }
  std::string created_by = index.CreatedBy(pkg.layer_index);
  if (!created_by.empty()) comment += " created_by=" + created_by;
  p["comment"] = comment;
  OrderedJson ref = OrderedJson::object();
  ref["referenceCategory"] = "PACKAGE-MANAGER";
  ref["referenceType"] = "purl";
  ref["referenceLocator"] = purl;
  p["externalRefs"] = OrderedJson::array({ref});
  return p;
}

}  // namespace

Status SpdxReporter::Write(const model::ScanReport& report, ByteSink& out) const {
  LayerIndex index(report);
  std::vector<model::Package> packages = SortedPackages(report.packages);
  std::string name = ImageName(report.image);
  std::set<std::string> used = {"SPDXRef-DOCUMENT"};

  std::string image_hex = DigestHex(report.image.config_digest);
  std::string image_id = Unique(
      "SPDXRef-Image-" + SanitizeId(image_hex.empty() ? ShortHash(name, 12) : image_hex.substr(0, 12)), &used);

  OrderedJson doc = OrderedJson::object();
  doc["spdxVersion"] = "SPDX-2.3";
  doc["dataLicense"] = "CC0-1.0";
  doc["SPDXID"] = "SPDXRef-DOCUMENT";
  doc["name"] = name;
  doc["documentNamespace"] = "";  // filled in below from the hash of the rest
  std::string creator = "Tool: " + report.tool_name;
  if (!report.tool_version.empty()) creator += "-" + report.tool_version;
  OrderedJson creation = OrderedJson::object();
  creation["created"] = FormatRfc3339(report.timestamp);
  creation["creators"] = OrderedJson::array({creator});
  doc["creationInfo"] = std::move(creation);

  OrderedJson spdx_packages = OrderedJson::array();
  OrderedJson relationships = OrderedJson::array();
  spdx_packages.push_back(ImagePackage(report, image_id));
  relationships.push_back(Relationship("SPDXRef-DOCUMENT", "DESCRIBES", image_id));

  if (!report.distro.empty()) {
    const model::Distro& d = report.distro;
    std::string os_id = Unique("SPDXRef-OperatingSystem-" + SanitizeId(d.id) + "-" +
                                   ShortHash(d.id + "\n" + d.version_id, 8),
                               &used);
    OrderedJson os = BasePackage(os_id, d.id, d.version_id);
    os["primaryPackagePurpose"] = "OPERATING_SYSTEM";
    if (!d.pretty_name.empty()) os["description"] = d.pretty_name;
    spdx_packages.push_back(std::move(os));
    relationships.push_back(Relationship(image_id, "CONTAINS", os_id));
  }

  for (const model::Package& p : packages) {
    std::string purl = model::Purl(p, report.distro);
    std::string type(model::PackageTypeName(p.type));
    std::string id = Unique("SPDXRef-Package-" + type + "-" + SanitizeId(p.name) + "-" +
                                ShortHash(purl + "\n" + p.path + "\n" + std::to_string(p.layer_index) + "\n" +
                                              p.extractor,
                                          8),
                            &used);
    spdx_packages.push_back(PackageJson(p, id, purl, index));
    relationships.push_back(Relationship(image_id, "CONTAINS", id));
  }
  doc["packages"] = std::move(spdx_packages);
  doc["relationships"] = std::move(relationships);

  HS_ASSIGN_OR_RETURN(std::string unnamed, DumpOrdered(doc));
  doc["documentNamespace"] = "https://hullscan.invalid/spdx/" + model::PercentEncode(name) + "-" + UuidFromContent(unnamed);
  return WriteJson(doc, out);
}

}  // namespace hullscan::report
