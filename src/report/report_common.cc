#include "report/report_common.h"

#include <algorithm>
#include <exception>
#include <tuple>

#include "base/digest.h"

namespace hullscan::report {

bool PackageTotalLess(const model::Package& a, const model::Package& b) {
  if (model::PackageLess(a, b)) return true;
  if (model::PackageLess(b, a)) return false;
  return std::tie(a.layer_index, a.extractor, a.source_name, a.source_version, a.epoch, a.release,
                  a.source_rpm, a.license, a.vendor, a.maintainer, a.modularity_label, a.dev, a.project,
                  a.not_installed, a.os_owner) <
         std::tie(b.layer_index, b.extractor, b.source_name, b.source_version, b.epoch, b.release,
                  b.source_rpm, b.license, b.vendor, b.maintainer, b.modularity_label, b.dev, b.project,
                  b.not_installed, b.os_owner);
}

std::vector<model::Package> SortedPackages(const std::vector<model::Package>& packages) {
  std::vector<model::Package> out = packages;
  std::sort(out.begin(), out.end(), PackageTotalLess);
  return out;
}

std::vector<model::LayerInfo> SortedLayers(const std::vector<model::LayerInfo>& layers) {
  std::vector<model::LayerInfo> out = layers;
  std::stable_sort(out.begin(), out.end(), [](const model::LayerInfo& a, const model::LayerInfo& b) {
    return std::tie(a.index, a.diff_id, a.digest) < std::tie(b.index, b.diff_id, b.digest);
  });
  return out;
}

std::vector<model::Diagnostic> SortedDiagnostics(const std::vector<model::Diagnostic>& diagnostics) {
  std::vector<model::Diagnostic> out = diagnostics;
  std::sort(out.begin(), out.end(), [](const model::Diagnostic& a, const model::Diagnostic& b) {
    return std::tie(a.layer_index, a.stage, a.path, a.extractor, a.code, a.message) <
           std::tie(b.layer_index, b.stage, b.path, b.extractor, b.code, b.message);
  });
  return out;
}

LayerIndex::LayerIndex(const model::ScanReport& report) : report_(report) {
  // On duplicate indexes (a malformed report) the first one wins, whatever the input order:
  // iterate in a sorted order so the choice is deterministic.
  for (const model::LayerInfo& l : report.image.layers) {
    auto [it, inserted] = layers_.emplace(l.index, &l);
    if (!inserted && std::tie(l.diff_id, l.digest) < std::tie(it->second->diff_id, it->second->digest)) {
      it->second = &l;
    }
  }
  for (const model::LayerChange& c : report.layer_changes) changes_.emplace(c.layer_index, &c);
}

const model::LayerInfo* LayerIndex::Layer(int index) const {
  auto it = layers_.find(index);
  return it == layers_.end() ? nullptr : it->second;
}

const model::LayerInfo* LayerIndex::LayerForHistory(int history_index) const {
  const auto& history = report_.image.history;
  if (history_index < 0 || static_cast<size_t>(history_index) >= history.size()) return nullptr;
  const model::HistoryEntry& h = history[static_cast<size_t>(history_index)];
  if (h.empty_layer) return nullptr;
  if (h.layer_index >= 0) return Layer(h.layer_index);
  for (const auto& [index, layer] : layers_) {
    if (layer->history_index == history_index) return layer;
  }
  return nullptr;
}

const model::LayerChange* LayerIndex::Change(int index) const {
  auto it = changes_.find(index);
  return it == changes_.end() ? nullptr : it->second;
}

std::string LayerIndex::CreatedBy(int index) const {
  const model::LayerInfo* l = Layer(index);
  if (l == nullptr) return "";
  if (!l->created_by.empty()) return l->created_by;
  const auto& history = report_.image.history;
  if (l->history_index >= 0 && static_cast<size_t>(l->history_index) < history.size()) {
    return history[static_cast<size_t>(l->history_index)].created_by;
  }
  for (const model::HistoryEntry& h : history) {
    if (!h.empty_layer && h.layer_index == index) return h.created_by;
  }
  return "";
}

std::string LayerIndex::DiffId(int index) const {
  const model::LayerInfo* l = Layer(index);
  return l == nullptr ? "" : l->diff_id;
}

namespace {
bool IsTransportChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

std::string BaseName(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  size_t slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return std::string(base);
}
}  // namespace

std::string DisplayRef(std::string_view ref) {
  if (!ref.empty() && ref.front() == '/') return BaseName(ref);
  // "<transport>:/abs/path..." (docker-archive:, oci:, oci-archive:, dir:, ...).
  size_t colon = ref.find(':');
  if (colon != std::string_view::npos && colon > 0 && colon + 1 < ref.size() && ref[colon + 1] == '/' &&
      std::all_of(ref.begin(), ref.begin() + static_cast<std::ptrdiff_t>(colon), IsTransportChar)) {
    return std::string(ref.substr(0, colon + 1)) + BaseName(ref.substr(colon + 1));
  }
  return std::string(ref);
}

std::string ImageName(const model::ImageInfo& image) {
  std::string name = DisplayRef(image.ref);
  if (!name.empty() && name != "/") return name;
  if (!image.repo_tags.empty()) return *std::min_element(image.repo_tags.begin(), image.repo_tags.end());
  return "image";
}

std::string DigestHex(std::string_view digest) {
  size_t colon = digest.find(':');
  return colon == std::string_view::npos ? "" : std::string(digest.substr(colon + 1));
}

std::string ShortHash(std::string_view content, size_t n) {
  std::string hex = DigestHex(Sha256Of(content));
  return hex.substr(0, std::min(n, hex.size()));
}

std::string UuidFromContent(std::string_view content) {
  std::string h = ShortHash(content, 32);
  static const char* kHex = "0123456789abcdef";
  auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  h[12] = '5';                                    // version (RFC 4122 section 4.1.3)
  h[16] = kHex[(nibble(h[16]) & 0x3) | 0x8];      // variant 10xx (section 4.1.1)
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" +
         h.substr(20, 12);
}

Result<std::string> DumpOrdered(const OrderedJson& doc) {
  try {
    return DumpJson(doc);
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kInternal, std::string("serialise report: ") + e.what());
  }
}

Status WriteJson(const OrderedJson& doc, ByteSink& out) {
  HS_ASSIGN_OR_RETURN(std::string text, DumpOrdered(doc));
  return out.Write(std::string_view(text));
}

}  // namespace hullscan::report
