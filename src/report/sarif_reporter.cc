#include "report/sarif_reporter.h"

#include <map>

#include "base/json.h"
#include "model/purl.h"
#include "report/finding_common.h"
#include "report/report_common.h"

namespace hullscan::report {

namespace {

std::string_view Level(std::string_view severity) {
  std::string_view s = NormalizedSeverity(severity);
  if (s == "CRITICAL" || s == "HIGH") return "error";
  if (s == "MEDIUM") return "warning";
  return "note";
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// RFC 3986 path: unreserved characters and '/' stay, everything else is percent-encoded, so the
// uri is a valid relative reference whatever bytes the image path holds.
std::string RelativeUri(std::string_view path) {
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  std::string out;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    out += model::PercentEncode(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    out += '/';
    start = slash + 1;
  }
  return out;
}

std::string Message(const model::Finding& f, const model::Package* p) {
  std::string name = p != nullptr ? p->name : "(unknown)";
  std::string version = !f.installed_version.empty() ? f.installed_version : (p ? p->version : "");
  std::string text = "Package " + name + " " + version + " is affected by " + f.id;
  text += f.fixed_version.empty() ? " (no fix available)" : " (fixed in " + f.fixed_version + ")";
  return text;
}

}  // namespace

Status SarifReporter::Write(const model::ScanReport& report, ByteSink& out) const {
  LayerIndex index(report);

  // Rules: one per advisory id, described by its first finding in report order.
  std::map<std::string, const model::Finding*> first;
  for (const model::Finding& f : report.findings) first.emplace(f.id, &f);
  std::map<std::string, size_t> rule_index;
  OrderedJson rules = OrderedJson::array();
  for (const auto& [id, f] : first) {
    rule_index[id] = rules.size();
    std::string severity(NormalizedSeverity(f->severity));
    OrderedJson rule = OrderedJson::object();
    rule["id"] = id;
    rule["name"] = "Vulnerability";
    rule["shortDescription"] = OrderedJson{{"text", f->title.empty() ? id : f->title}};
    std::string full = (f->title.empty() ? id : f->title);
    if (!f->data_source.empty()) full += " (source: " + f->data_source + ")";
    rule["fullDescription"] = OrderedJson{{"text", full}};
    rule["defaultConfiguration"] = OrderedJson{{"level", Level(severity)}};
    // security-severity: the highest CVSS score any finding of this id carries.
    double score = -1;
    for (const model::Finding& g : report.findings) {
      if (g.id == id && g.cvss_score > score) score = g.cvss_score;
    }
    OrderedJson props = OrderedJson::object();
    if (score >= 0) props["security-severity"] = FormatDecimal(score, 1);
    props["tags"] = OrderedJson::array({"security", "vulnerability", Lower(severity)});
    rule["properties"] = std::move(props);
    rules.push_back(std::move(rule));
  }

  OrderedJson results = OrderedJson::array();
  for (const model::Finding& f : report.findings) {
    const model::Package* p = FindingPackage(report, f);
    std::string purl = p != nullptr ? model::Purl(*p, report.distro) : "";
    std::string path = p != nullptr ? p->path : "";
    OrderedJson r = OrderedJson::object();
    r["ruleId"] = f.id;
    r["ruleIndex"] = rule_index[f.id];
    r["level"] = Level(f.severity);
    r["message"] = OrderedJson{{"text", Message(f, p)}};
    OrderedJson location = OrderedJson::object();
    std::string uri = RelativeUri(path.empty() ? f.target : path);
    if (!uri.empty()) {
      location["physicalLocation"] = OrderedJson{{"artifactLocation", OrderedJson{{"uri", uri}}}};
    }
    if (p != nullptr) {
      location["logicalLocations"] = OrderedJson::array(
          {OrderedJson{{"name", p->name}, {"fullyQualifiedName", purl}, {"kind", "package"}}});
    }
    if (!location.empty()) r["locations"] = OrderedJson::array({location});
    r["partialFingerprints"] = OrderedJson{{"hullscan/v1", ShortHash(f.id + "\n" + purl + "\n" + path, 32)}};
    OrderedJson props = OrderedJson::object();
    props["severity"] = NormalizedSeverity(f.severity);
    props["installed_version"] = f.installed_version;
    props["fixed_version"] = f.fixed_version;
    props["status"] = f.status;
    props["target"] = f.target;
    props["layer_index"] = f.layer_index;
    props["layer_diff_id"] = index.DiffId(f.layer_index);
    props["data_source"] = f.data_source;
    if (f.cvss_score >= 0) props["cvss_score"] = f.cvss_score;
    if (!f.cvss_vector.empty()) props["cvss_vector"] = f.cvss_vector;
    if (f.epss_score >= 0) props["epss_score"] = f.epss_score;
    if (f.epss_percentile >= 0) props["epss_percentile"] = f.epss_percentile;
    props["kev"] = f.kev;
    if (f.kev) props["kev_date_added"] = f.kev_date_added;
    props["match"] = OrderedJson{{"matcher", f.detail.matcher}, {"kind", f.detail.kind},
                                 {"ecosystem", f.detail.ecosystem}, {"name", f.detail.name},
                                 {"version", f.detail.version}, {"scheme", f.detail.scheme},
                                 {"range", f.detail.range}};
    r["properties"] = std::move(props);
    results.push_back(std::move(r));
  }

  OrderedJson driver = OrderedJson::object();
  driver["name"] = report.tool_name;
  if (!report.tool_version.empty()) driver["version"] = report.tool_version;
  driver["informationUri"] = "https://hullscan.invalid";
  driver["rules"] = std::move(rules);

  OrderedJson invocation = OrderedJson::object();
  invocation["executionSuccessful"] = true;
  OrderedJson notes = OrderedJson::array();
  for (const model::Diagnostic& d : SortedDiagnostics(report.diagnostics)) {
    std::string text = d.stage + ": " + d.code + ": " + d.message;
    notes.push_back(OrderedJson{{"level", "warning"}, {"message", OrderedJson{{"text", text}}}});
  }
  if (!notes.empty()) invocation["toolExecutionNotifications"] = std::move(notes);

  OrderedJson run = OrderedJson::object();
  run["tool"] = OrderedJson{{"driver", std::move(driver)}};
  run["invocations"] = OrderedJson::array({std::move(invocation)});
  run["results"] = std::move(results);
  OrderedJson run_props = OrderedJson::object();
  run_props["imageName"] = ImageName(report.image);
  run_props["imageConfigDigest"] = report.image.config_digest;
  run_props["distro"] = report.distro.empty() ? "" : report.distro.id + " " + report.distro.version_id;
  run["properties"] = std::move(run_props);

  OrderedJson doc = OrderedJson::object();
  doc["version"] = "2.1.0";
  doc["runs"] = OrderedJson::array({std::move(run)});
  return WriteJson(doc, out);
}

}  // namespace hullscan::report
