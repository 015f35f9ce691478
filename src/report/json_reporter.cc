#include "report/json_reporter.h"

#include <algorithm>

#include "base/clock.h"
#include "base/json.h"
#include "model/purl.h"
#include "report/finding_common.h"
#include "report/report_common.h"

namespace hullscan::report {

namespace {

OrderedJson DistroJson(const model::Distro& d) {
  OrderedJson j = OrderedJson::object();
  j["id"] = d.id;
  j["version_id"] = d.version_id;
  j["codename"] = d.codename;
  j["name"] = d.name;
  j["pretty_name"] = d.pretty_name;
  j["id_like"] = d.id_like;
  return j;
}

OrderedJson ImageJson(const model::ImageInfo& image, const model::Distro& distro) {
  OrderedJson j = OrderedJson::object();
  j["ref"] = DisplayRef(image.ref);
  j["source_kind"] = image.source_kind;
  j["config_digest"] = image.config_digest;
  j["manifest_digest"] = image.manifest_digest;
  j["os"] = DistroJson(distro);
  j["architecture"] = image.architecture;
  j["variant"] = image.variant;
  j["platform_os"] = image.os;
  j["created"] = image.created;
  std::vector<std::string> tags = image.repo_tags;
  std::sort(tags.begin(), tags.end());
  j["repo_tags"] = tags;
  return j;
}

OrderedJson LayersJson(const model::ScanReport& report, const LayerIndex& index) {
  OrderedJson arr = OrderedJson::array();
  for (const model::LayerInfo& l : SortedLayers(report.image.layers)) {
    OrderedJson j = OrderedJson::object();
    j["index"] = l.index;
    j["digest"] = l.digest;
    j["diff_id"] = l.diff_id;
    j["media_type"] = l.media_type;
    j["created_by"] = index.CreatedBy(l.index);
    j["history_index"] = l.history_index;
    j["size_bytes"] = l.size_bytes;
    j["tar_bytes"] = l.tar_bytes;
    j["compressed_size_bytes"] = l.compressed_size_bytes;
    j["file_count"] = l.file_count;
    j["empty"] = l.diff_id == kEmptyTarDiffId;
    const model::LayerChange* c = index.Change(l.index);
    j["packages_added"] = c ? OrderedJson(c->added) : OrderedJson(nullptr);
    j["packages_removed"] = c ? OrderedJson(c->removed) : OrderedJson(nullptr);
    j["packages_changed"] = c ? OrderedJson(c->changed) : OrderedJson(nullptr);
    arr.push_back(std::move(j));
  }
  return arr;
}

OrderedJson HistoryJson(const model::ImageInfo& image) {
  OrderedJson arr = OrderedJson::array();
  for (size_t i = 0; i < image.history.size(); ++i) {
    const model::HistoryEntry& h = image.history[i];
    OrderedJson j = OrderedJson::object();
    j["index"] = i;
    j["created"] = h.created;
    j["created_by"] = h.created_by;
    j["author"] = h.author;
    j["comment"] = h.comment;
    j["empty_layer"] = h.empty_layer;
    j["layer_index"] = h.layer_index;
    arr.push_back(std::move(j));
  }
  return arr;
}

OrderedJson PackagesJson(const model::ScanReport& report, const LayerIndex& index) {
  OrderedJson arr = OrderedJson::array();
  for (const model::Package& p : SortedPackages(report.packages)) {
    OrderedJson j = OrderedJson::object();
    j["type"] = model::PackageTypeName(p.type);
    j["ecosystem"] = model::OsvEcosystem(p, report.distro);
    j["name"] = p.name;
    j["version"] = p.version;
    j["arch"] = p.arch;
    j["purl"] = model::Purl(p, report.distro);
    j["source_name"] = p.source_name;
    j["source_version"] = p.source_version;
    j["epoch"] = p.epoch;
    j["release"] = p.release;
    j["source_rpm"] = p.source_rpm;
    j["modularity_label"] = p.modularity_label;
    j["license"] = p.license;
    j["vendor"] = p.vendor;
    j["maintainer"] = p.maintainer;
    j["layer_index"] = p.layer_index;
    j["layer_diff_id"] = index.DiffId(p.layer_index);
    j["created_by"] = index.CreatedBy(p.layer_index);
    j["path"] = p.path;
    j["extractor"] = p.extractor;
    j["dev"] = p.dev;
    j["project"] = p.project;
    j["not_installed"] = p.not_installed;
    j["os_owner"] = p.os_owner;
    OrderedJson also = OrderedJson::array();
    for (const model::PackageLocation& l : p.also_at) {
      also.push_back(OrderedJson{{"path", l.path},
                                 {"layer_index", l.layer_index},
                                 {"layer_diff_id", index.DiffId(l.layer_index)}});
    }
    j["also_at"] = std::move(also);
    arr.push_back(std::move(j));
  }
  return arr;
}

OrderedJson DiagnosticsJson(const model::ScanReport& report) {
  OrderedJson arr = OrderedJson::array();
  for (const model::Diagnostic& d : SortedDiagnostics(report.diagnostics)) {
    OrderedJson j = OrderedJson::object();
    j["stage"] = d.stage;
    j["layer_index"] = d.layer_index;
    j["path"] = d.path;
    j["extractor"] = d.extractor;
    j["code"] = d.code;
    j["message"] = d.message;
    arr.push_back(std::move(j));
  }
  return arr;
}

OrderedJson DbJson(const model::DbInfo& db) {
  OrderedJson j = OrderedJson::object();
  j["schema_version"] = db.schema_version;
  OrderedJson feeds = OrderedJson::array();
  for (const model::FeedStatus& f : db.feeds) {
    OrderedJson fj = OrderedJson::object();
    fj["name"] = f.name;
    fj["format"] = f.format;
    fj["as_of"] = f.as_of;
    fj["records"] = f.records;
    feeds.push_back(std::move(fj));
  }
  j["feeds"] = std::move(feeds);
  return j;
}

OrderedJson VulnerabilitiesJson(const model::ScanReport& report, const LayerIndex& index) {
  OrderedJson arr = OrderedJson::array();
  for (const model::Finding& f : report.findings) {
    OrderedJson j = OrderedJson::object();
    j["id"] = f.id;
    j["aliases"] = f.aliases;
    const model::Package* p = FindingPackage(report, f);
    if (p != nullptr) {
      OrderedJson pj = OrderedJson::object();
      pj["type"] = model::PackageTypeName(p->type);
      pj["name"] = p->name;
      pj["version"] = p->version;
      pj["purl"] = model::Purl(*p, report.distro);
      j["package"] = std::move(pj);
    } else {
      j["package"] = nullptr;
    }
    j["installed_version"] = f.installed_version;
    j["fixed_version"] = f.fixed_version;
    j["status"] = f.status;
    j["severity"] = f.severity;
    j["severity_source"] = f.severity_source;
    if (f.cvss_score >= 0 || !f.cvss_vector.empty()) {
      j["cvss"] = OrderedJson{{"vector", f.cvss_vector},
                              {"score", f.cvss_score >= 0 ? OrderedJson(f.cvss_score) : OrderedJson(nullptr)}};
    } else {
      j["cvss"] = nullptr;
    }
    if (f.epss_score >= 0) {
      j["epss"] = OrderedJson{{"score", f.epss_score},
                              {"percentile", f.epss_percentile >= 0 ? OrderedJson(f.epss_percentile)
                                                                    : OrderedJson(nullptr)}};
    } else {
      j["epss"] = nullptr;
    }
    j["kev"] = f.kev;
    j["kev_date_added"] = f.kev ? OrderedJson(f.kev_date_added) : OrderedJson(nullptr);
    j["layer_index"] = f.layer_index;
    j["layer_diff_id"] = index.DiffId(f.layer_index);
    j["created_by"] = index.CreatedBy(f.layer_index);
    j["target"] = f.target;
    j["data_source"] = f.data_source;
    j["title"] = f.title;
    const model::MatchDetail& d = f.detail;
    OrderedJson m = OrderedJson::object();
    m["matcher"] = d.matcher;
    m["kind"] = d.kind;
    m["ecosystem"] = d.ecosystem;
    m["name"] = d.name;
    m["version"] = d.version;
    m["scheme"] = d.scheme;
    m["range"] = d.range;
    j["match"] = std::move(m);
    arr.push_back(std::move(j));
  }
  return arr;
}

}  // namespace

Status JsonReporter::Write(const model::ScanReport& report, ByteSink& out) const {
  LayerIndex index(report);
  OrderedJson doc = OrderedJson::object();
  doc["schema_version"] = 1;
  doc["tool"] = OrderedJson{{"name", report.tool_name}, {"version", report.tool_version}};
  doc["timestamp"] = FormatRfc3339(report.timestamp);
  doc["image"] = ImageJson(report.image, report.distro);
  doc["layers"] = LayersJson(report, index);
  doc["history"] = HistoryJson(report.image);
  doc["packages"] = PackagesJson(report, index);
  doc["diagnostics"] = DiagnosticsJson(report);
  if (report.vulnerability_scan) {
    doc["db"] = DbJson(report.db);
    doc["vulnerabilities"] = VulnerabilitiesJson(report, index);
  }
  return WriteJson(doc, out);
}

}  // namespace hullscan::report
