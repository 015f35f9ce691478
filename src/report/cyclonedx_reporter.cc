#include "report/cyclonedx_reporter.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/clock.h"
#include "base/digest.h"
#include "base/json.h"
#include "model/purl.h"
#include "report/finding_common.h"
#include "report/report_common.h"

namespace hullscan::report {

namespace {

void AddProperty(OrderedJson* props, std::string_view name, const std::string& value) {
  if (value.empty()) return;
  props->push_back(OrderedJson{{"name", name}, {"value", value}});
}

std::string ImageBomRef(const model::ImageInfo& image) {
  return image.config_digest.empty() ? "image" : "image:" + image.config_digest;
}

OrderedJson ImageComponent(const model::ScanReport& report) {
  const model::ImageInfo& image = report.image;
  OrderedJson c = OrderedJson::object();
  c["type"] = "container";
  c["bom-ref"] = ImageBomRef(image);
  c["name"] = ImageName(image);
  if (!image.config_digest.empty()) c["version"] = image.config_digest;
  auto digest = Digest::Parse(image.config_digest);
  if (digest && digest->algorithm == "sha256") {
    c["hashes"] = OrderedJson::array({OrderedJson{{"alg", "SHA-256"}, {"content", digest->hex}}});
  }
  OrderedJson props = OrderedJson::array();
  AddProperty(&props, "hullscan:image:source_kind", image.source_kind);
  AddProperty(&props, "hullscan:image:manifest_digest", image.manifest_digest);
  AddProperty(&props, "hullscan:image:os", image.os);
  AddProperty(&props, "hullscan:image:architecture", image.architecture);
  AddProperty(&props, "hullscan:image:variant", image.variant);
  AddProperty(&props, "hullscan:image:created", image.created);
  std::vector<std::string> tags = image.repo_tags;
  std::sort(tags.begin(), tags.end());
  for (const std::string& t : tags) AddProperty(&props, "hullscan:image:repo_tag", t);
  for (const model::LayerInfo& l : SortedLayers(image.layers)) {
    AddProperty(&props, "hullscan:image:layer:" + std::to_string(l.index) + ":diff_id", l.diff_id);
  }
  if (!props.empty()) c["properties"] = std::move(props);
  return c;
}

std::string OsBomRef(const model::Distro& d) { return "os:" + d.id + "@" + d.version_id; }

OrderedJson OsComponent(const model::Distro& d) {
  OrderedJson c = OrderedJson::object();
  c["type"] = "operating-system";
  c["bom-ref"] = OsBomRef(d);
  c["name"] = d.id;
  if (!d.version_id.empty()) c["version"] = d.version_id;
  if (!d.pretty_name.empty()) c["description"] = d.pretty_name;
  OrderedJson props = OrderedJson::array();
  AddProperty(&props, "hullscan:os:codename", d.codename);
  AddProperty(&props, "hullscan:os:name", d.name);
  AddProperty(&props, "hullscan:os:id_like", d.id_like);
  if (!props.empty()) c["properties"] = std::move(props);
  return c;
}

// Unique bom-refs for the packages (already sorted): the purl, plus a package-id qualifier
// for purls that occur more than once, plus "-N" in the unlikely case that still collides.
std::vector<std::string> BomRefs(const std::vector<model::Package>& packages, const std::vector<std::string>& purls,
                                 const std::set<std::string>& taken) {
  std::map<std::string, int> purl_count;
  for (const std::string& p : purls) ++purl_count[p];
  std::set<std::string> used = taken;
  std::vector<std::string> refs;
  refs.reserve(packages.size());
  for (size_t i = 0; i < packages.size(); ++i) {
    const model::Package& p = packages[i];
    std::string ref = purls[i];
    if (purl_count[ref] > 1) {
      std::string id = ShortHash(p.path + "\n" + std::to_string(p.layer_index) + "\n" + p.extractor, 16);
      ref += (ref.find('?') == std::string::npos ? "?" : "&");
      ref += "package-id=" + id;
    }
    std::string unique = ref;
    for (uint64_t n = 2; used.count(unique) != 0; ++n) unique = ref + "-" + std::to_string(n);
    used.insert(unique);
    refs.push_back(std::move(unique));
  }
  return refs;
}

OrderedJson PackageComponent(const model::Package& p, const std::string& bom_ref, const std::string& purl,
                             const model::ScanReport& report, const LayerIndex& index) {
  OrderedJson c = OrderedJson::object();
  c["type"] = "library";
  c["bom-ref"] = bom_ref;
  if (!p.vendor.empty()) c["publisher"] = p.vendor;
  c["name"] = p.name;
  if (!p.version.empty()) c["version"] = p.version;
  if (!p.license.empty()) {
    c["licenses"] = OrderedJson::array({OrderedJson{{"license", OrderedJson{{"name", p.license}}}}});
  }
  c["purl"] = purl;
  OrderedJson props = OrderedJson::array();
  AddProperty(&props, "hullscan:package:type", std::string(model::PackageTypeName(p.type)));
  AddProperty(&props, "hullscan:ecosystem", model::OsvEcosystem(p, report.distro));
  AddProperty(&props, "hullscan:layer_index", p.layer_index >= 0 ? std::to_string(p.layer_index) : "");
  AddProperty(&props, "hullscan:layer_diff_id", index.DiffId(p.layer_index));
  AddProperty(&props, "hullscan:created_by", index.CreatedBy(p.layer_index));
  AddProperty(&props, "hullscan:package:path", p.path);
  AddProperty(&props, "hullscan:extractor", p.extractor);
  AddProperty(&props, "hullscan:source_name", p.source_name);
  AddProperty(&props, "hullscan:source_version", p.source_version);
  AddProperty(&props, "hullscan:package:source_rpm", p.source_rpm);
  AddProperty(&props, "hullscan:package:release", p.release);
  AddProperty(&props, "hullscan:package:modularity_label", p.modularity_label);
  AddProperty(&props, "hullscan:vendor", p.vendor);
  AddProperty(&props, "hullscan:maintainer", p.maintainer);
  AddProperty(&props, "hullscan:package:dev", p.dev ? "true" : "");
  AddProperty(&props, "hullscan:package:project", p.project ? "true" : "");
  AddProperty(&props, "hullscan:package:not_installed", p.not_installed ? "true" : "");
  AddProperty(&props, "hullscan:package:os_owner", p.os_owner);
  AddProperty(&props, "hullscan:package:also_at", model::FormatLocations(p.also_at));
  if (!props.empty()) c["properties"] = std::move(props);
  // CycloneDX 1.6 evidence.occurrences: every place the package was found.
  if (!p.path.empty()) {
    OrderedJson occ = OrderedJson::array({OrderedJson{{"location", p.path}}});
    for (const model::PackageLocation& l : p.also_at) occ.push_back(OrderedJson{{"location", l.path}});
    c["evidence"] = OrderedJson{{"occurrences", std::move(occ)}};
  }
  return c;
}

std::string LowerSeverity(std::string_view severity) {
  std::string_view s = NormalizedSeverity(severity);
  if (s == "NONE") return "none";
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// One CycloneDX vulnerability per finding (https://cyclonedx.org/docs/1.6/json/#vulnerabilities).
OrderedJson VulnerabilitiesJson(const model::ScanReport& report, const std::vector<std::string>& sorted_refs,
                                const std::set<std::string>& taken) {
  std::vector<size_t> position = SortedPositions(report.packages);
  std::set<std::string> used = taken;
  OrderedJson arr = OrderedJson::array();
  for (const model::Finding& f : report.findings) {
    const model::Package* p = FindingPackage(report, f);
    std::string component_ref = p != nullptr ? sorted_refs[position[f.package_index]] : "";
    std::string ref = "vulnerability:" + f.id + "@" + (component_ref.empty() ? "unknown" : component_ref);
    std::string unique = ref;
    for (uint64_t n = 2; used.count(unique) != 0; ++n) unique = ref + "-" + std::to_string(n);
    used.insert(unique);

    OrderedJson v = OrderedJson::object();
    v["bom-ref"] = unique;
    v["id"] = f.id;
    if (!f.data_source.empty()) v["source"] = OrderedJson{{"name", f.data_source}};
    OrderedJson rating = OrderedJson::object();
    std::string rating_source = f.severity_source.empty() ? f.data_source : f.severity_source;
    if (!rating_source.empty()) rating["source"] = OrderedJson{{"name", rating_source}};
    if (f.cvss_score >= 0) rating["score"] = f.cvss_score;
    rating["severity"] = LowerSeverity(f.severity);
    if (!f.cvss_vector.empty() || f.cvss_score >= 0) rating["method"] = CvssMethod(f.cvss_vector);
    if (!f.cvss_vector.empty()) rating["vector"] = f.cvss_vector;
    v["ratings"] = OrderedJson::array({rating});
    if (!f.title.empty()) v["description"] = f.title;
    if (!f.fixed_version.empty()) v["recommendation"] = "Upgrade " + (p ? p->name : std::string("the package")) +
                                                        " to " + f.fixed_version + " or later";
    if (!component_ref.empty()) v["affects"] = OrderedJson::array({OrderedJson{{"ref", component_ref}}});
    OrderedJson props = OrderedJson::array();
    for (const std::string& alias : f.aliases) AddProperty(&props, "hullscan:alias", alias);
    AddProperty(&props, "hullscan:installed_version", f.installed_version);
    AddProperty(&props, "hullscan:fixed_version", f.fixed_version);
    AddProperty(&props, "hullscan:status", f.status);
    if (f.epss_score >= 0) AddProperty(&props, "hullscan:epss:score", FormatDecimal(f.epss_score, 5));
    if (f.epss_percentile >= 0) {
      AddProperty(&props, "hullscan:epss:percentile", FormatDecimal(f.epss_percentile, 5));
    }
    AddProperty(&props, "hullscan:kev", f.kev ? "true" : "false");
    if (f.kev) AddProperty(&props, "hullscan:kev:date_added", f.kev_date_added);
    AddProperty(&props, "hullscan:target", f.target);
    AddProperty(&props, "hullscan:layer_index", f.layer_index >= 0 ? std::to_string(f.layer_index) : "");
    AddProperty(&props, "hullscan:match:matcher", f.detail.matcher);
    AddProperty(&props, "hullscan:match:kind", f.detail.kind);
    AddProperty(&props, "hullscan:match:ecosystem", f.detail.ecosystem);
    AddProperty(&props, "hullscan:match:name", f.detail.name);
    AddProperty(&props, "hullscan:match:version", f.detail.version);
    AddProperty(&props, "hullscan:match:scheme", f.detail.scheme);
    AddProperty(&props, "hullscan:match:range", f.detail.range);
    if (!props.empty()) v["properties"] = std::move(props);
    arr.push_back(std::move(v));
  }
  return arr;
}

}  // namespace

Status CycloneDxReporter::Write(const model::ScanReport& report, ByteSink& out) const {
  LayerIndex index(report);
  std::vector<model::Package> packages = SortedPackages(report.packages);
  std::vector<std::string> purls;
  purls.reserve(packages.size());
  for (const model::Package& p : packages) purls.push_back(model::Purl(p, report.distro));

  OrderedJson doc = OrderedJson::object();
  doc["$schema"] = "http://cyclonedx.org/schema/bom-1.6.schema.json";
  doc["bomFormat"] = "CycloneDX";
  doc["specVersion"] = "1.6";
  doc["serialNumber"] = "";  // filled in below from the hash of the rest
  doc["version"] = 1;

  OrderedJson tool = OrderedJson::object();
  tool["type"] = "application";
  tool["name"] = report.tool_name;
  if (!report.tool_version.empty()) tool["version"] = report.tool_version;
  OrderedJson metadata = OrderedJson::object();
  metadata["timestamp"] = FormatRfc3339(report.timestamp);
  metadata["tools"] = OrderedJson{{"components", OrderedJson::array({tool})}};
  metadata["component"] = ImageComponent(report);
  doc["metadata"] = std::move(metadata);

  std::set<std::string> taken = {ImageBomRef(report.image)};
  OrderedJson components = OrderedJson::array();
  if (!report.distro.empty()) {
    components.push_back(OsComponent(report.distro));
    taken.insert(OsBomRef(report.distro));
  }
  std::vector<std::string> refs = BomRefs(packages, purls, taken);
  for (size_t i = 0; i < packages.size(); ++i) {
    components.push_back(PackageComponent(packages[i], refs[i], purls[i], report, index));
  }
  doc["components"] = std::move(components);
  if (report.vulnerability_scan) {
    taken.insert(refs.begin(), refs.end());
    doc["vulnerabilities"] = VulnerabilitiesJson(report, refs, taken);
  }

  HS_ASSIGN_OR_RETURN(std::string unnumbered, DumpOrdered(doc));
  doc["serialNumber"] = "urn:uuid:" + UuidFromContent(unnumbered);
  return WriteJson(doc, out);
}

}  // namespace hullscan::report
