#include "image/test_tar_writer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "base/digest.h"

namespace hullscan::image::testutil {

using OJson = nlohmann::ordered_json;

std::string TarWriter::Header(const std::string& name, uint64_t size, char type, const std::string& link) {
  std::string h(512, '\0');
  std::memcpy(h.data(), name.data(), std::min<size_t>(name.size(), 100));
  std::memcpy(h.data() + 100, "0000644", 7);
  std::memcpy(h.data() + 108, "0000000", 7);
  std::memcpy(h.data() + 116, "0000000", 7);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%011llo", static_cast<unsigned long long>(size));
  std::memcpy(h.data() + 124, buf, 11);
  std::memcpy(h.data() + 136, "00000000000", 11);
  h[156] = type;
  std::memcpy(h.data() + 157, link.data(), std::min<size_t>(link.size(), 100));
  std::memcpy(h.data() + 257, "ustar\0" "00", 8);
  FixChecksum(&h);
  return h;
}

void TarWriter::FixChecksum(std::string* block) {
  std::memset(block->data() + 148, ' ', 8);
  unsigned sum = 0;
  for (unsigned char c : *block) sum += c;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%06o", sum);
  std::memcpy(block->data() + 148, buf, 6);
  (*block)[154] = '\0';
  (*block)[155] = ' ';
}

void TarWriter::AddData(const std::string& content) {
  out_ += content;
  out_ += std::string((512 - content.size() % 512) % 512, '\0');
}

void TarWriter::AddFile(const std::string& name, const std::string& content) {
  out_ += Header(name, content.size(), '0');
  AddData(content);
}

void TarWriter::AddDir(const std::string& name) { out_ += Header(name, 0, '5'); }
void TarWriter::AddSymlink(const std::string& name, const std::string& target) { out_ += Header(name, 0, '2', target); }
void TarWriter::AddHardlink(const std::string& name, const std::string& target) { out_ += Header(name, 0, '1', target); }

void TarWriter::AddGnuLong(const std::string& name, const std::string& content, char type, const std::string& link) {
  std::string n = name + '\0';
  out_ += Header("././@LongLink", n.size(), 'L');
  AddData(n);
  if (!link.empty()) {
    std::string l = link + '\0';
    out_ += Header("././@LongLink", l.size(), 'K');
    AddData(l);
  }
  out_ += Header(name.substr(0, 100), type == '0' ? content.size() : 0, type, link.substr(0, 100));
  if (type == '0') AddData(content);
}

void TarWriter::AddPax(const std::map<std::string, std::string>& records, const std::string& short_name,
                       const std::string& content, char type) {
  std::string body;
  for (const auto& [k, v] : records) {
    std::string rec = " " + k + "=" + v + "\n";
    size_t len = rec.size() + 1;
    while (std::to_string(len).size() + rec.size() != len) ++len;
    body += std::to_string(len) + rec;
  }
  out_ += Header("PaxHeaders/x", body.size(), 'x');
  AddData(body);
  out_ += Header(short_name, type == '0' ? content.size() : 0, type);
  if (type == '0') AddData(content);
}

std::string DigestOf(const std::string& bytes) { return Sha256Of(bytes); }
std::string HexOf(const std::string& digest) { return digest.substr(digest.find(':') + 1); }

TestImage BuildImage(const ImageSpec& spec) {
  TestImage img;
  for (size_t i = 0; i < spec.layer_files.size(); ++i) {
    TarWriter w;
    w.AddFile("file-" + std::to_string(i), spec.layer_files[i]);
    img.layers.push_back(w.Finish());
    img.layer_digests.push_back(DigestOf(img.layers.back()));
  }
  OJson config;
  config["created"] = "2024-06-01T00:00:00Z";
  config["architecture"] = spec.arch;
  config["os"] = spec.os;
  if (!spec.variant.empty()) config["variant"] = spec.variant;
  config["rootfs"]["type"] = "layers";
  config["rootfs"]["diff_ids"] = img.layer_digests;
  OJson hist = OJson::array();
  if (spec.history.empty()) {
    for (size_t i = 0; i < spec.layer_files.size(); ++i) {
      hist.push_back({{"created", "2024-06-01T00:00:0" + std::to_string(i % 10) + "Z"},
                      {"created_by", "layer " + std::to_string(i)}});
    }
  } else {
    for (const HistorySpec& h : spec.history) {
      OJson e = {{"created", "2024-06-01T00:00:00Z"}, {"created_by", h.created_by}};
      if (h.empty_layer) e["empty_layer"] = true;
      hist.push_back(e);
    }
  }
  config["history"] = hist;
  img.config = config.dump();
  img.config_digest = DigestOf(img.config);

  OJson m;
  m["schemaVersion"] = 2;
  m["mediaType"] = spec.docker_media_types ? "application/vnd.docker.distribution.manifest.v2+json"
                                           : "application/vnd.oci.image.manifest.v1+json";
  m["config"] = {{"mediaType", spec.docker_media_types ? "application/vnd.docker.container.image.v1+json"
                                                       : "application/vnd.oci.image.config.v1+json"},
                 {"digest", img.config_digest},
                 {"size", img.config.size()}};
  m["layers"] = OJson::array();
  for (size_t i = 0; i < img.layers.size(); ++i) {
    m["layers"].push_back({{"mediaType", spec.docker_media_types ? "application/vnd.docker.image.rootfs.diff.tar"
                                                                 : "application/vnd.oci.image.layer.v1.tar"},
                           {"digest", img.layer_digests[i]},
                           {"size", img.layers[i].size()}});
  }
  img.manifest = m.dump();
  img.manifest_digest = DigestOf(img.manifest);
  return img;
}

void ReplaceConfig(TestImage* img, const std::string& config) {
  img->config = config;
  img->config_digest = DigestOf(config);
  EditManifest(img, [&](OJson& m) {
    m["config"]["digest"] = img->config_digest;
    m["config"]["size"] = config.size();
  });
}

void EditManifest(TestImage* img, const std::function<void(OJson&)>& edit) {
  OJson m = OJson::parse(img->manifest);
  edit(m);
  img->manifest = m.dump();
  img->manifest_digest = DigestOf(img->manifest);
}

std::string IndexJson(const std::vector<IndexEntry>& entries, bool docker) {
  OJson idx;
  idx["schemaVersion"] = 2;
  idx["mediaType"] = docker ? "application/vnd.docker.distribution.manifest.list.v2+json"
                            : "application/vnd.oci.image.index.v1+json";
  idx["manifests"] = OJson::array();
  for (const IndexEntry& e : entries) {
    OJson d = {{"mediaType", e.media_type}, {"digest", e.digest}, {"size", e.size}};
    if (!e.ref_name.empty()) d["annotations"] = {{"org.opencontainers.image.ref.name", e.ref_name}};
    if (!e.platform.empty()) {
      size_t a = e.platform.find('/');
      size_t b = e.platform.find('/', a + 1);
      d["platform"] = {{"architecture", e.platform.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1)},
                       {"os", e.platform.substr(0, a)}};
      if (b != std::string::npos) d["platform"]["variant"] = e.platform.substr(b + 1);
    }
    idx["manifests"].push_back(d);
  }
  return idx.dump();
}

IndexEntry ManifestEntry(const TestImage& img, const std::string& ref_name, const std::string& platform) {
  std::string type = OJson::parse(img.manifest)["mediaType"].get<std::string>();
  return IndexEntry{type, img.manifest_digest, img.manifest.size(), ref_name, platform};
}

void AddImageBlobs(const TestImage& img, Blobs* blobs) {
  (*blobs)[img.config_digest] = img.config;
  (*blobs)[img.manifest_digest] = img.manifest;
  for (size_t i = 0; i < img.layers.size(); ++i) (*blobs)[img.layer_digests[i]] = img.layers[i];
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good()) << "cannot write " << path;
}

void WriteOciDir(const std::string& dir, const Blobs& blobs, const std::string& index_json) {
  std::filesystem::create_directories(dir + "/blobs/sha256");
  WriteFile(dir + "/oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  WriteFile(dir + "/index.json", index_json);
  for (const auto& [digest, bytes] : blobs) WriteFile(dir + "/blobs/sha256/" + HexOf(digest), bytes);
}

std::string OciArchive(const Blobs& blobs, const std::string& index_json) {
  TarWriter w;
  w.AddDir("blobs/");
  w.AddDir("blobs/sha256/");
  for (const auto& [digest, bytes] : blobs) w.AddFile("blobs/sha256/" + HexOf(digest), bytes);
  w.AddFile("index.json", index_json);
  w.AddFile("oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  return w.Finish();
}

std::string DockerClassicArchive(const std::vector<std::pair<TestImage, std::vector<std::string>>>& images,
                                 bool legacy_links) {
  TarWriter w;
  OJson manifest = OJson::array();
  std::map<std::string, bool> written;
  for (size_t n = 0; n < images.size(); ++n) {
    const TestImage& img = images[n].first;
    OJson layers = OJson::array();
    for (size_t i = 0; i < img.layers.size(); ++i) {
      std::string top = HexOf(img.layer_digests[i]) + ".tar";
      if (!written[top]) {
        w.AddFile(top, img.layers[i]);
        written[top] = true;
      }
      if (legacy_links) {
        std::string id = std::string(64, static_cast<char>('a' + (n * 7 + i) % 6));
        w.AddDir(id + "/");
        w.AddSymlink(id + "/layer.tar", "../" + top);
        layers.push_back(id + "/layer.tar");
      } else {
        layers.push_back(top);
      }
    }
    std::string cfg = HexOf(img.config_digest) + ".json";
    w.AddFile(cfg, img.config);
    manifest.push_back({{"Config", cfg}, {"RepoTags", images[n].second}, {"Layers", layers}});
  }
  w.AddFile("manifest.json", manifest.dump());
  return w.Finish();
}

std::string Docker25Archive(const TestImage& img, const std::vector<std::string>& repo_tags) {
  Blobs blobs;
  AddImageBlobs(img, &blobs);
  TarWriter w;
  w.AddDir("blobs/");
  w.AddDir("blobs/sha256/");
  for (const auto& [digest, bytes] : blobs) w.AddFile("blobs/sha256/" + HexOf(digest), bytes);
  w.AddFile("index.json", IndexJson({ManifestEntry(img, "latest")}));
  OJson layers = OJson::array();
  for (const std::string& d : img.layer_digests) layers.push_back("blobs/sha256/" + HexOf(d));
  OJson manifest = OJson::array();
  manifest.push_back({{"Config", "blobs/sha256/" + HexOf(img.config_digest)}, {"RepoTags", repo_tags}, {"Layers", layers}});
  w.AddFile("manifest.json", manifest.dump());
  w.AddFile("oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  return w.Finish();
}

}  // namespace hullscan::image::testutil
