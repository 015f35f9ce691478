// Tests of image references and the image sources over small images built in the test:
// docker-archive (both layouts), OCI layout (nested index, platforms), oci-archive, and the
// failure cases (digest mismatches, missing blobs, hostile member names, links, truncation).
#include "image/image_source.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>

#include "base/temp_dir.h"
#include "image/docker_manifest.h"
#include "image/image_config.h"
#include "image/oci_manifest.h"
#include "image/test_tar_writer.h"
#include "registry/manifest_cache.h"

namespace hullscan::image {
namespace {

using namespace testutil;
using OJson = nlohmann::ordered_json;

Result<std::unique_ptr<ImageSource>> OpenRef(const std::string& text, const SourceOptions& opts = SourceOptions()) {
  HS_ASSIGN_OR_RETURN(ImageRef ref, ParseImageRef(text));
  return ImageSource::Open(ref, opts);
}

Result<std::string> ReadLayer(ImageSource& src, size_t i) {
  HS_ASSIGN_OR_RETURN(auto s, src.OpenLayer(i));
  return ReadAll(*s, 1 << 20, "layer");
}

SourceOptions Platform(const std::string& p) {
  SourceOptions o;
  o.platform = p;
  return o;
}

class ImageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto t = TempDir::Create();
    ASSERT_TRUE(t.has_value());
    tmp_ = std::move(*t);
  }
  std::string Path(const std::string& rel) const { return tmp_->path() + "/" + rel; }

  /// One OCI image (2 layers) as dir, archive and docker archives.
  TestImage Simple() {
    ImageSpec spec;
    spec.layer_files = {"base content", "app content"};
    spec.history = {{"ADD base", false}, {"CMD x", true}, {"RUN app", false}};
    return BuildImage(spec);
  }

  std::unique_ptr<TempDir> tmp_;
};

void ExpectError(const Result<std::unique_ptr<ImageSource>>& r, ErrorCode code, const std::string& needle) {
  ASSERT_FALSE(r.has_value()) << "expected an error containing '" << needle << "'";
  EXPECT_EQ(r.error().code(), code) << r.error().message();
  EXPECT_NE(r.error().message().find(needle), std::string::npos) << r.error().message();
}

TEST(ImageRefKindName, AllKinds) {
  EXPECT_EQ(ImageRefKindName(ImageRef::Kind::kDockerArchive), "docker-archive");
  EXPECT_EQ(ImageRefKindName(ImageRef::Kind::kOciLayout), "oci");
  EXPECT_EQ(ImageRefKindName(ImageRef::Kind::kOciArchive), "oci-archive");
  EXPECT_EQ(ImageRefKindName(ImageRef::Kind::kDir), "dir");
  EXPECT_EQ(ImageRefKindName(ImageRef::Kind::kRegistry), "registry");
}

TEST_F(ImageTest, ParseImageRefTable) {
  TestImage img = Simple();
  Blobs blobs;
  AddImageBlobs(img, &blobs);
  std::string index = IndexJson({ManifestEntry(img, "v1", "linux/amd64")});
  WriteOciDir(Path("layout"), blobs, index);
  WriteOciDir(Path("a:b"), blobs, index);
  std::filesystem::create_directories(Path("rootfs/etc"));
  WriteFile(Path("rootfs/etc/os-release"), "ID=test\n");
  WriteFile(Path("dock.tar"), DockerClassicArchive({{img, {"x/y:1"}}}, false));
  WriteFile(Path("oci.tar"), OciArchive(blobs, index));
  WriteFile(Path("random.bin"), std::string(3000, 'r'));
  TarWriter other;
  other.AddFile("hello.txt", "hi");
  WriteFile(Path("other.tar"), other.Finish());
  WriteFile(Path("img.tar.gz"), std::string("\x1f\x8b\x08\x00", 4) + std::string(600, '\0'));
  const std::string digest = "sha256:" + std::string(64, 'a');

  using K = ImageRef::Kind;
  struct Row {
    std::string name;
    std::string text;
    std::optional<ErrorCode> err;
    K kind = K::kRegistry;
    std::string path, tag, digest;
  };
  auto Ok = [](std::string name, std::string text, K kind, std::string path, std::string tag = "",
               std::string digest = "") {
    return Row{std::move(name), std::move(text), std::nullopt, kind, std::move(path), std::move(tag), std::move(digest)};
  };
  auto Err = [](std::string name, std::string text, ErrorCode code) {
    return Row{std::move(name), std::move(text), code, K::kRegistry, "", "", ""};
  };
  std::vector<Row> rows = {
      Ok("docker-archive", "docker-archive:" + Path("dock.tar"), K::kDockerArchive, Path("dock.tar")),
      Ok("docker-archive with repo tag", "docker-archive:" + Path("dock.tar") + ":docker.io/x/y:1", K::kDockerArchive,
         Path("dock.tar"), "docker.io/x/y:1"),
      Err("docker-archive empty tag", "docker-archive:" + Path("dock.tar") + ":", ErrorCode::kInvalidArgument),
      Err("docker-archive missing", "docker-archive:" + Path("none.tar"), ErrorCode::kNotFound),
      Err("docker-archive of a directory", "docker-archive:" + Path("layout"), ErrorCode::kInvalidArgument),
      Err("docker-archive no path", "docker-archive:", ErrorCode::kInvalidArgument),
      Ok("oci", "oci:" + Path("layout"), K::kOciLayout, Path("layout")),
      Ok("oci with tag", "oci:" + Path("layout") + ":v1", K::kOciLayout, Path("layout"), "v1"),
      Ok("oci with digest", "oci:" + Path("layout") + "@" + digest, K::kOciLayout, Path("layout"), "", digest),
      Err("oci with bad digest", "oci:" + Path("layout") + "@sha256:abc", ErrorCode::kInvalidArgument),
      Err("oci empty tag", "oci:" + Path("layout") + ":", ErrorCode::kInvalidArgument),
      Ok("oci path holding a colon", "oci:" + Path("a:b"), K::kOciLayout, Path("a:b")),
      Ok("oci path holding a colon, with tag", "oci:" + Path("a:b") + ":v1", K::kOciLayout, Path("a:b"), "v1"),
      Err("oci of a file", "oci:" + Path("oci.tar"), ErrorCode::kInvalidArgument),
      Err("oci missing", "oci:" + Path("nope") + ":v1", ErrorCode::kNotFound),
      Ok("oci-archive", "oci-archive:" + Path("oci.tar"), K::kOciArchive, Path("oci.tar")),
      Ok("oci-archive with tag", "oci-archive:" + Path("oci.tar") + ":v1", K::kOciArchive, Path("oci.tar"), "v1"),
      Err("oci-archive of a directory", "oci-archive:" + Path("layout"), ErrorCode::kInvalidArgument),
      Ok("dir", "dir:" + Path("rootfs"), K::kDir, Path("rootfs")),
      Err("dir of a file", "dir:" + Path("dock.tar"), ErrorCode::kInvalidArgument),
      Err("dir missing", "dir:" + Path("nope"), ErrorCode::kNotFound),
      Err("dir no path", "dir:", ErrorCode::kInvalidArgument),
      Ok("registry prefix", "registry:alpine:3.20", K::kRegistry, "registry:alpine:3.20"),
      Ok("registry host with a port", "registry:5000/app", K::kRegistry, "registry:5000/app"),
      Ok("bare registry ref", "alpine:3.20", K::kRegistry, "alpine:3.20"),
      Ok("bare registry digest ref", "ghcr.io/a/b@" + digest, K::kRegistry, "ghcr.io/a/b@" + digest),
      Ok("near miss: capital prefix", "OCI:" + Path("layout"), K::kRegistry, "OCI:" + Path("layout")),
      Ok("near miss: misspelt prefix", "oci-archiv:x", K::kRegistry, "oci-archiv:x"),
      Ok("bare oci dir", Path("layout"), K::kOciLayout, Path("layout")),
      Ok("bare oci dir with tag", Path("layout") + ":v1", K::kOciLayout, Path("layout"), "v1"),
      Ok("bare oci dir with digest", Path("layout") + "@" + digest, K::kOciLayout, Path("layout"), "", digest),
      Ok("bare plain dir", Path("rootfs"), K::kDir, Path("rootfs")),
      Ok("bare docker tar", Path("dock.tar"), K::kDockerArchive, Path("dock.tar")),
      Ok("bare docker tar with repo tag", Path("dock.tar") + ":docker.io/x/y:1", K::kDockerArchive, Path("dock.tar"),
         "docker.io/x/y:1"),
      Ok("bare oci tar", Path("oci.tar"), K::kOciArchive, Path("oci.tar")),
      Ok("bare oci tar with tag", Path("oci.tar") + ":v1", K::kOciArchive, Path("oci.tar"), "v1"),
      Err("bare random file", Path("random.bin"), ErrorCode::kInvalidArgument),
      Err("bare tar of something else", Path("other.tar"), ErrorCode::kInvalidArgument),
      Err("bare gzip file", Path("img.tar.gz"), ErrorCode::kInvalidArgument),
      Err("bare missing path", Path("missing.tar"), ErrorCode::kNotFound),
      Err("empty", "", ErrorCode::kInvalidArgument),
      Err("control character", "alpine\n", ErrorCode::kInvalidArgument),
  };
  for (const Row& r : rows) {
    auto got = ParseImageRef(r.text);
    if (r.err) {
      ASSERT_FALSE(got.has_value()) << r.name << ": parsed as " << ImageRefKindName(got->kind);
      EXPECT_EQ(got.error().code(), *r.err) << r.name << ": " << got.error().message();
      continue;
    }
    ASSERT_TRUE(got.has_value()) << r.name << ": " << got.error().message();
    EXPECT_EQ(ImageRefKindName(got->kind), ImageRefKindName(r.kind)) << r.name;
    EXPECT_EQ(got->path, r.path) << r.name;
    EXPECT_EQ(got->tag, r.tag) << r.name;
    EXPECT_EQ(got->digest, r.digest) << r.name;
    EXPECT_EQ(got->original, r.text) << r.name;
  }
  auto random = ParseImageRef(Path("random.bin"));
  EXPECT_NE(random.error().message().find("not a container image: " + Path("random.bin")), std::string::npos)
      << random.error().message();
}

// A digest-pinned registry reference whose manifest and config are in the metadata cache
// opens without any request: the registry here (127.0.0.1 port 9) does not even listen.
TEST_F(ImageTest, RegistryDigestPinnedFromCacheSendsNoRequest) {
  TestImage img = Simple();
  const std::string ref = "127.0.0.1:9/hs/app@" + img.manifest_digest;
  registry::CachedManifest e;
  e.key = ref + "|linux/amd64";
  e.top_digest = img.manifest_digest;
  e.manifest = img.manifest;
  e.manifest_digest = img.manifest_digest;
  e.manifest_media_type = "application/vnd.oci.image.manifest.v1+json";
  e.config = img.config;
  ASSERT_TRUE(registry::StoreCachedManifest(Path("cache"), e));
  SourceOptions o;
  o.registry.cache_dir = Path("cache");
  o.registry.max_retries = 0;
  o.registry.connect_timeout_ms = 2000;
  auto src = OpenRef("registry:" + ref, o);
  ASSERT_TRUE(src) << src.error().message();
  EXPECT_EQ((*src)->info().manifest_digest, img.manifest_digest);
  EXPECT_EQ((*src)->info().config_digest, img.config_digest);
  ASSERT_EQ((*src)->info().layers.size(), 2u);
  EXPECT_EQ((*src)->info().layers[1].digest, img.layer_digests[1]);
  // A layer needs the registry, which is not there.
  auto layer = (*src)->OpenLayer(0);
  ASSERT_FALSE(layer);
  EXPECT_EQ(layer.error().code(), ErrorCode::kNetwork);
  // A cached config that does not match the manifest is not used: the registry is asked.
  e.config += " ";
  ASSERT_TRUE(registry::StoreCachedManifest(Path("cache"), e));
  auto again = OpenRef("registry:" + ref, o);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::kNetwork);
  EXPECT_NE(again.error().message().find("https://127.0.0.1:9/v2/"), std::string::npos) << again.error().message();
}

void ExpectSimpleLayers(ImageSource& src, const TestImage& img) {
  const model::ImageInfo& info = src.info();
  EXPECT_EQ(info.config_digest, img.config_digest);
  EXPECT_EQ(info.os, "linux");
  EXPECT_EQ(info.architecture, "amd64");
  EXPECT_EQ(info.created, "2024-06-01T00:00:00Z");
  ASSERT_EQ(info.layers.size(), 2u);
  ASSERT_EQ(info.history.size(), 3u);
  EXPECT_EQ(info.layers[0].index, 0);
  EXPECT_EQ(info.layers[0].diff_id, img.layer_digests[0]);
  EXPECT_EQ(info.layers[0].history_index, 0);
  EXPECT_EQ(info.layers[0].created_by, "ADD base");
  EXPECT_EQ(info.layers[1].diff_id, img.layer_digests[1]);
  EXPECT_EQ(info.layers[1].history_index, 2);
  EXPECT_EQ(info.layers[1].created_by, "RUN app");
  EXPECT_EQ(info.layers[1].compressed_size_bytes, static_cast<int64_t>(img.layers[1].size()));
  EXPECT_EQ(info.history[0].layer_index, 0);
  EXPECT_EQ(info.history[1].layer_index, -1);
  EXPECT_TRUE(info.history[1].empty_layer);
  EXPECT_EQ(info.history[1].created_by, "CMD x");
  EXPECT_EQ(info.history[2].layer_index, 1);
  for (size_t i = 0; i < 2; ++i) {
    auto data = ReadLayer(src, i);
    ASSERT_TRUE(data.has_value()) << data.error().message();
    EXPECT_EQ(*data, img.layers[i]);
  }
  auto bad = src.OpenLayer(2);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
  auto entries = src.OpenLayerEntries(0);
  ASSERT_TRUE(entries.has_value());
  EXPECT_EQ(entries->get(), nullptr);
}

TEST_F(ImageTest, DockerArchiveClassicWithLegacySymlinks) {
  TestImage img = Simple();
  for (bool legacy : {true, false}) {
    std::string p = Path(legacy ? "legacy.tar" : "classic.tar");
    WriteFile(p, DockerClassicArchive({{img, {"docker.io/hullscan-test/x:latest"}}}, legacy));
    auto src = OpenRef(p);
    ASSERT_TRUE(src.has_value()) << src.error().message();
    const model::ImageInfo& info = (*src)->info();
    EXPECT_EQ(info.source_kind, "docker-archive");
    EXPECT_EQ(info.ref, p);
    EXPECT_EQ(info.manifest_digest, "");
    EXPECT_EQ(info.repo_tags, std::vector<std::string>{"docker.io/hullscan-test/x:latest"});
    EXPECT_EQ(info.layers[0].digest, img.layer_digests[0]);
    EXPECT_EQ(info.layers[0].media_type, "application/vnd.docker.image.rootfs.diff.tar");
    ExpectSimpleLayers(**src, img);
  }
}

TEST_F(ImageTest, DockerArchiveDocker25Layout) {
  TestImage img = Simple();
  std::string p = Path("d25.tar");
  WriteFile(p, Docker25Archive(img, {"hullscan-test/x:latest"}));
  for (std::string text : {p, "docker-archive:" + p + ":hullscan-test/x:latest",
                           "docker-archive:" + p + ":docker.io/hullscan-test/x"}) {
    auto src = OpenRef(text);
    ASSERT_TRUE(src.has_value()) << text << ": " << src.error().message();
    const model::ImageInfo& info = (*src)->info();
    EXPECT_EQ(info.source_kind, "docker-archive");
    EXPECT_EQ(info.manifest_digest, img.manifest_digest);
    EXPECT_EQ(info.layers[1].digest, img.layer_digests[1]);
    EXPECT_EQ(info.layers[1].media_type, "application/vnd.oci.image.layer.v1.tar");
    EXPECT_EQ(info.repo_tags, std::vector<std::string>{"hullscan-test/x:latest"});
    ExpectSimpleLayers(**src, img);
  }
}

TEST_F(ImageTest, DockerArchiveWithSeveralImages) {
  ImageSpec a, b;
  a.layer_files = {"a"};
  b.layer_files = {"b"};
  TestImage ia = BuildImage(a), ib = BuildImage(b);
  std::string p = Path("two.tar");
  WriteFile(p, DockerClassicArchive({{ia, {"first:1"}}, {ib, {"second:2"}}}, true));
  ExpectError(OpenRef(p), ErrorCode::kInvalidArgument, "first:1, second:2");
  auto second = OpenRef("docker-archive:" + p + ":second:2");
  ASSERT_TRUE(second.has_value()) << second.error().message();
  EXPECT_EQ((*second)->info().config_digest, ib.config_digest);
  EXPECT_EQ(*ReadLayer(**second, 0), ib.layers[0]);
  ExpectError(OpenRef("docker-archive:" + p + ":third:3"), ErrorCode::kNotFound, "tags present: first:1, second:2");
}

// A top-level index tagged "multi" pointing at a nested index of two platforms plus an
// attestation manifest.
struct MultiPlatform {
  TestImage amd, arm, att;
  Blobs blobs;
  std::string top;
  std::string nested_digest;
};

MultiPlatform MakeMultiPlatform(bool docker) {
  MultiPlatform mp;
  ImageSpec amd, arm, att;
  amd.layer_files = {"amd64 layer"};
  arm.layer_files = {"arm64 layer"};
  arm.arch = "arm64";
  arm.variant = "v8";
  att.layer_files = {"attestation"};
  att.os = "unknown";
  att.arch = "unknown";
  amd.docker_media_types = arm.docker_media_types = att.docker_media_types = docker;
  mp.amd = BuildImage(amd);
  mp.arm = BuildImage(arm);
  mp.att = BuildImage(att);
  for (const TestImage* i : {&mp.amd, &mp.arm, &mp.att}) AddImageBlobs(*i, &mp.blobs);
  std::string nested = IndexJson({ManifestEntry(mp.att, "", "unknown/unknown"), ManifestEntry(mp.amd, "", "linux/amd64"),
                                  ManifestEntry(mp.arm, "", "linux/arm64/v8")},
                                 docker);
  mp.nested_digest = DigestOf(nested);
  mp.blobs[mp.nested_digest] = nested;
  mp.top = IndexJson({IndexEntry{docker ? std::string(kDockerListType) : std::string(kOciIndexType), mp.nested_digest,
                                 nested.size(), "multi", ""}});
  return mp;
}

TEST_F(ImageTest, OciLayoutNestedIndexAndPlatforms) {
  for (bool docker : {false, true}) {
    MultiPlatform mp = MakeMultiPlatform(docker);
    std::string dir = Path(docker ? "docker-list" : "multi");
    WriteOciDir(dir, mp.blobs, mp.top);

    auto def = OpenRef("oci:" + dir);
    ASSERT_TRUE(def.has_value()) << def.error().message();
    EXPECT_EQ((*def)->info().source_kind, "oci");
    EXPECT_EQ((*def)->info().architecture, "amd64");
    EXPECT_EQ((*def)->info().manifest_digest, mp.amd.manifest_digest);
    EXPECT_EQ((*def)->info().layers[0].media_type, docker ? "application/vnd.docker.image.rootfs.diff.tar"
                                                          : "application/vnd.oci.image.layer.v1.tar");
    EXPECT_EQ(*ReadLayer(**def, 0), mp.amd.layers[0]);

    for (std::string p : {"linux/arm64", "linux/arm64/v8"}) {
      auto arm = OpenRef("oci:" + dir + ":multi", Platform(p));
      ASSERT_TRUE(arm.has_value()) << p << ": " << arm.error().message();
      EXPECT_EQ((*arm)->info().architecture, "arm64");
      EXPECT_EQ((*arm)->info().variant, "v8");
      EXPECT_EQ((*arm)->info().config_digest, mp.arm.config_digest);
      EXPECT_EQ(*ReadLayer(**arm, 0), mp.arm.layers[0]);
    }
    auto missing = OpenRef("oci:" + dir, Platform("linux/s390x"));
    ExpectError(missing, ErrorCode::kInvalidArgument, "platform linux/s390x not found");
    EXPECT_NE(missing.error().message().find("platforms present: linux/amd64, linux/arm64/v8"), std::string::npos)
        << missing.error().message();
    EXPECT_EQ(missing.error().message().find("unknown"), std::string::npos) << missing.error().message();
    ExpectError(OpenRef("oci:" + dir, Platform("linux")), ErrorCode::kInvalidArgument, "invalid platform");

    auto by_digest = OpenRef("oci:" + dir + "@" + mp.arm.manifest_digest);
    ASSERT_TRUE(by_digest.has_value()) << by_digest.error().message();
    EXPECT_EQ((*by_digest)->info().architecture, "arm64");
    auto nested = OpenRef("oci:" + dir + "@" + mp.nested_digest, Platform("linux/arm64"));
    ASSERT_TRUE(nested.has_value()) << nested.error().message();
    EXPECT_EQ((*nested)->info().architecture, "arm64");
    ExpectError(OpenRef("oci:" + dir + "@sha256:" + std::string(64, '0')), ErrorCode::kNotFound, "not found");
    ExpectError(OpenRef("oci:" + dir + ":nope"), ErrorCode::kNotFound, "tags present: multi");
  }
}

TEST_F(ImageTest, OciArchive) {
  MultiPlatform mp = MakeMultiPlatform(false);
  std::string p = Path("multi.oci.tar");
  WriteFile(p, OciArchive(mp.blobs, mp.top));
  auto src = OpenRef("oci-archive:" + p + ":multi", Platform("linux/arm64"));
  ASSERT_TRUE(src.has_value()) << src.error().message();
  EXPECT_EQ((*src)->info().source_kind, "oci-archive");
  EXPECT_EQ((*src)->info().manifest_digest, mp.arm.manifest_digest);
  EXPECT_EQ((*src)->info().layers[0].compressed_size_bytes, static_cast<int64_t>(mp.arm.layers[0].size()));
  EXPECT_EQ(*ReadLayer(**src, 0), mp.arm.layers[0]);

  TestImage img = Simple();
  Blobs blobs;
  AddImageBlobs(img, &blobs);
  WriteFile(Path("simple.oci.tar"), OciArchive(blobs, IndexJson({ManifestEntry(img, "latest")})));
  auto simple = OpenRef(Path("simple.oci.tar"));
  ASSERT_TRUE(simple.has_value()) << simple.error().message();
  EXPECT_EQ((*simple)->info().manifest_digest, img.manifest_digest);
  ExpectSimpleLayers(**simple, img);
}

TEST_F(ImageTest, IndexNestingLimit) {
  TestImage img = Simple();
  Blobs blobs;
  AddImageBlobs(img, &blobs);
  IndexEntry e = ManifestEntry(img);
  for (int i = 0; i < 3; ++i) {
    std::string idx = IndexJson({e});
    e = IndexEntry{std::string(kOciIndexType), DigestOf(idx), idx.size(), "", ""};
    blobs[e.digest] = idx;
  }
  WriteOciDir(Path("deep"), blobs, IndexJson({e}));
  EXPECT_TRUE(OpenRef("oci:" + Path("deep")).has_value());
  SourceOptions opts;
  opts.limits.max_index_depth = 2;
  ExpectError(OpenRef("oci:" + Path("deep"), opts), ErrorCode::kLimitExceeded, "nested deeper than 2");
}

TEST_F(ImageTest, ConfigDigestMismatch) {
  TestImage img = Simple();
  Blobs blobs;
  AddImageBlobs(img, &blobs);
  std::string& cfg = blobs[img.config_digest];
  cfg.replace(cfg.find("amd64"), 5, "amd65");  // same size, other bytes
  WriteOciDir(Path("l"), blobs, IndexJson({ManifestEntry(img)}));
  ExpectError(OpenRef("oci:" + Path("l")), ErrorCode::kCorrupt, "digest mismatch for config " + img.config_digest);
  WriteFile(Path("l.tar"), OciArchive(blobs, IndexJson({ManifestEntry(img)})));
  ExpectError(OpenRef(Path("l.tar")), ErrorCode::kCorrupt, "digest mismatch for config");

  // Classic docker-archive: the config's name is its digest.
  TarWriter w;
  w.AddFile(HexOf(img.config_digest) + ".json", cfg);
  w.AddFile(HexOf(img.layer_digests[0]) + ".tar", img.layers[0]);
  w.AddFile(HexOf(img.layer_digests[1]) + ".tar", img.layers[1]);
  OJson m = OJson::array();
  m.push_back({{"Config", HexOf(img.config_digest) + ".json"},
               {"Layers", {HexOf(img.layer_digests[0]) + ".tar", HexOf(img.layer_digests[1]) + ".tar"}}});
  w.AddFile("manifest.json", m.dump());
  WriteFile(Path("d.tar"), w.Finish());
  ExpectError(OpenRef(Path("d.tar")), ErrorCode::kCorrupt, "digest mismatch for config");
}

TEST_F(ImageTest, LayerDigestMismatchFailsAtEndOfStream) {
  TestImage img = Simple();
  Blobs blobs;
  AddImageBlobs(img, &blobs);
  std::string& layer = blobs[img.layer_digests[1]];
  layer.replace(layer.find("app content"), 3, "APP");
  WriteOciDir(Path("l"), blobs, IndexJson({ManifestEntry(img)}));
  WriteFile(Path("d.tar"), [&] {
    TestImage tampered = img;
    tampered.layers[1] = layer;  // stored under the original digest's name
    return DockerClassicArchive({{tampered, {}}}, true);
  }());
  for (std::string ref : {"oci:" + Path("l"), Path("d.tar")}) {
    auto src = OpenRef(ref);
    ASSERT_TRUE(src.has_value()) << ref << ": " << src.error().message();
    EXPECT_TRUE(ReadLayer(**src, 0).has_value());
    auto bad = ReadLayer(**src, 1);
    ASSERT_FALSE(bad.has_value()) << ref;
    EXPECT_EQ(bad.error().code(), ErrorCode::kCorrupt);
    EXPECT_NE(bad.error().message().find("digest mismatch for layer 1/2 " + img.layer_digests[1]), std::string::npos)
        << bad.error().message();
  }
  // A blob of another size than its descriptor is caught when opening.
  layer += "x";
  WriteOciDir(Path("s"), blobs, IndexJson({ManifestEntry(img)}));
  ExpectError(OpenRef("oci:" + Path("s")), ErrorCode::kCorrupt, "differs from the manifest's");
}

TEST_F(ImageTest, MissingBlobs) {
  TestImage img = Simple();
  Blobs blobs;
  AddImageBlobs(img, &blobs);
  Blobs no_layer = blobs;
  no_layer.erase(img.layer_digests[1]);
  WriteOciDir(Path("nl"), no_layer, IndexJson({ManifestEntry(img)}));
  ExpectError(OpenRef("oci:" + Path("nl")), ErrorCode::kNotFound, "blob not found: " + Path("nl") + "/blobs/sha256/" +
                                                                      HexOf(img.layer_digests[1]));
  Blobs no_config = blobs;
  no_config.erase(img.config_digest);
  WriteFile(Path("nc.tar"), OciArchive(no_config, IndexJson({ManifestEntry(img)})));
  ExpectError(OpenRef(Path("nc.tar")), ErrorCode::kNotFound, "config " + img.config_digest + " not found");
  Blobs no_manifest = blobs;
  no_manifest.erase(img.manifest_digest);
  WriteOciDir(Path("nm"), no_manifest, IndexJson({ManifestEntry(img)}));
  ExpectError(OpenRef("oci:" + Path("nm")), ErrorCode::kNotFound, "manifest " + img.manifest_digest + " not found");
  std::filesystem::create_directories(Path("noindex"));
  WriteFile(Path("noindex/oci-layout"), "{}");
  ExpectError(OpenRef("oci:" + Path("noindex")), ErrorCode::kNotFound, "index.json not found");

  // docker-archive whose manifest.json names a member that is not there.
  TarWriter w;
  w.AddFile(HexOf(img.config_digest) + ".json", img.config);
  w.AddFile(HexOf(img.layer_digests[0]) + ".tar", img.layers[0]);
  OJson m = OJson::array();
  m.push_back({{"Config", HexOf(img.config_digest) + ".json"},
               {"Layers", {HexOf(img.layer_digests[0]) + ".tar", HexOf(img.layer_digests[1]) + ".tar"}}});
  w.AddFile("manifest.json", m.dump());
  WriteFile(Path("d.tar"), w.Finish());
  ExpectError(OpenRef(Path("d.tar")), ErrorCode::kNotFound, HexOf(img.layer_digests[1]) + ".tar");
}

std::string DockerArchiveWithLayerNames(const TestImage& img, const std::vector<std::string>& names,
                                        const std::function<void(TarWriter&)>& extra) {
  TarWriter w;
  w.AddFile(HexOf(img.config_digest) + ".json", img.config);
  extra(w);
  OJson m = OJson::array();
  m.push_back({{"Config", HexOf(img.config_digest) + ".json"}, {"RepoTags", nullptr}, {"Layers", names}});
  w.AddFile("manifest.json", m.dump());
  return w.Finish();
}

TEST_F(ImageTest, DockerArchiveHostileMemberNames) {
  TestImage img = Simple();
  std::string l0 = HexOf(img.layer_digests[0]) + ".tar";
  auto add_l0 = [&](TarWriter& w) { w.AddFile(l0, img.layers[0]); };
  WriteFile(Path("dotdot.tar"), DockerArchiveWithLayerNames(img, {l0, "../../etc/passwd"}, add_l0));
  ExpectError(OpenRef(Path("dotdot.tar")), ErrorCode::kCorrupt, "escapes the archive root");
  WriteFile(Path("abs.tar"), DockerArchiveWithLayerNames(img, {l0, "/etc/passwd"}, add_l0));
  ExpectError(OpenRef(Path("abs.tar")), ErrorCode::kCorrupt, "absolute member name");
  WriteFile(Path("loop.tar"), DockerArchiveWithLayerNames(img, {l0, "a/layer.tar"}, [&](TarWriter& w) {
              add_l0(w);
              w.AddSymlink("a/layer.tar", "../b/layer.tar");
              w.AddSymlink("b/layer.tar", "../a/layer.tar");
            }));
  ExpectError(OpenRef(Path("loop.tar")), ErrorCode::kCorrupt, "link loop");
  WriteFile(Path("out.tar"), DockerArchiveWithLayerNames(img, {l0, "a/layer.tar"}, [&](TarWriter& w) {
              add_l0(w);
              w.AddSymlink("a/layer.tar", "../../../etc/passwd");
            }));
  ExpectError(OpenRef(Path("out.tar")), ErrorCode::kCorrupt, "points outside the archive");
  // The archive itself holding a "../" member is refused while indexing.
  TarWriter evil;
  evil.AddFile("manifest.json", "[]");
  evil.AddFile("../evil", "x");
  WriteFile(Path("evil.tar"), evil.Finish());
  ExpectError(OpenRef("docker-archive:" + Path("evil.tar")), ErrorCode::kCorrupt, "escapes the archive root");
  // A layer named "<hex>.tar" that is not the config's diff_id.
  std::string l1 = HexOf(img.layer_digests[1]) + ".tar";
  WriteFile(Path("swapped.tar"), DockerArchiveWithLayerNames(img, {l1, l0}, [&](TarWriter& w) {
              add_l0(w);
              w.AddFile(l1, img.layers[1]);
            }));
  ExpectError(OpenRef(Path("swapped.tar")), ErrorCode::kCorrupt, "is not rootfs.diff_ids[0]");
}

TEST_F(ImageTest, TruncatedArchive) {
  TestImage img = Simple();
  std::string full = DockerClassicArchive({{img, {}}}, false);
  WriteFile(Path("cut.tar"), full.substr(0, 1024 + img.layers[0].size() / 2));
  ExpectError(OpenRef("docker-archive:" + Path("cut.tar")), ErrorCode::kCorrupt, "truncated");
  Blobs blobs;
  AddImageBlobs(img, &blobs);
  std::string oci = OciArchive(blobs, IndexJson({ManifestEntry(img)}));
  WriteFile(Path("cut.oci.tar"), oci.substr(0, oci.size() / 2 + 100));
  ExpectError(OpenRef("oci-archive:" + Path("cut.oci.tar")), ErrorCode::kCorrupt, "truncated");
}

TEST_F(ImageTest, HistoryCountMismatchLeavesLayersUnmapped) {
  ImageSpec spec;
  spec.layer_files = {"one", "two"};
  spec.history = {{"a", false}, {"b", false}, {"c", false}};
  TestImage img = BuildImage(spec);
  Blobs blobs;
  AddImageBlobs(img, &blobs);
  WriteOciDir(Path("h"), blobs, IndexJson({ManifestEntry(img)}));
  auto src = OpenRef("oci:" + Path("h"));
  ASSERT_TRUE(src.has_value()) << src.error().message();
  const model::ImageInfo& info = (*src)->info();
  ASSERT_EQ(info.history.size(), 3u);
  for (const model::LayerInfo& l : info.layers) {
    EXPECT_EQ(l.history_index, -1);
    EXPECT_EQ(l.created_by, "");
  }
  for (const model::HistoryEntry& h : info.history) EXPECT_EQ(h.layer_index, -1);
  EXPECT_EQ(info.history[2].created_by, "c");
}

TEST_F(ImageTest, DiffIdCountMismatchIsCorrupt) {
  TestImage img = Simple();
  OJson cfg = OJson::parse(img.config);
  cfg["rootfs"]["diff_ids"].erase(1);
  ReplaceConfig(&img, cfg.dump());
  Blobs blobs;
  AddImageBlobs(img, &blobs);
  WriteOciDir(Path("x"), blobs, IndexJson({ManifestEntry(img)}));
  ExpectError(OpenRef("oci:" + Path("x")), ErrorCode::kCorrupt, "config lists 1 rootfs.diff_ids but the manifest has 2");
  WriteFile(Path("x.tar"), DockerClassicArchive({{img, {}}}, false));
  ExpectError(OpenRef(Path("x.tar")), ErrorCode::kCorrupt, "layers but the config has 1 rootfs.diff_ids");
}

TEST_F(ImageTest, ArtifactsAndUnknownMediaTypesAreUnsupported) {
  TestImage img = Simple();
  EditManifest(&img, [](OJson& m) { m["config"]["mediaType"] = "application/vnd.cncf.helm.config.v1+json"; });
  Blobs blobs;
  AddImageBlobs(img, &blobs);
  WriteOciDir(Path("helm"), blobs, IndexJson({ManifestEntry(img)}));
  ExpectError(OpenRef("oci:" + Path("helm")), ErrorCode::kUnsupported, "not a container image config");

  TestImage img2 = Simple();
  EditManifest(&img2, [](OJson& m) { m["layers"][0]["mediaType"] = "application/x-unknown"; });
  Blobs blobs2;
  AddImageBlobs(img2, &blobs2);
  WriteOciDir(Path("odd"), blobs2, IndexJson({ManifestEntry(img2)}));
  ExpectError(OpenRef("oci:" + Path("odd")), ErrorCode::kUnsupported, "unsupported layer mediaType");
}

TEST_F(ImageTest, DescriptorDigestCannotBecomeAPath) {
  TestImage img = Simple();
  Blobs blobs;
  AddImageBlobs(img, &blobs);
  std::string index = R"({"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
                      R"("digest":"sha256:../../../../etc/passwd","size":10}]})";
  WriteOciDir(Path("p"), blobs, index);
  ExpectError(OpenRef("oci:" + Path("p")), ErrorCode::kCorrupt, "invalid digest");
}

TEST_F(ImageTest, MetadataLimit) {
  TestImage img = Simple();
  OJson cfg = OJson::parse(img.config);
  cfg["padding"] = std::string(8000, 'p');
  ReplaceConfig(&img, cfg.dump());
  Blobs blobs;
  AddImageBlobs(img, &blobs);
  WriteOciDir(Path("big"), blobs, IndexJson({ManifestEntry(img)}));
  SourceOptions opts;
  opts.limits.max_metadata_bytes = 4096;
  ExpectError(OpenRef("oci:" + Path("big"), opts), ErrorCode::kLimitExceeded, "over the metadata limit");
  EXPECT_TRUE(OpenRef("oci:" + Path("big")).has_value());
}

TEST(DockerReference, Normalize) {
  EXPECT_EQ(NormalizeDockerReference("debian"), "docker.io/library/debian:latest");
  EXPECT_EQ(NormalizeDockerReference("hullscan-test/app"), "docker.io/hullscan-test/app:latest");
  EXPECT_EQ(NormalizeDockerReference("docker.io/debian:12"), "docker.io/library/debian:12");
  EXPECT_EQ(NormalizeDockerReference("localhost:5000/a"), "localhost:5000/a:latest");
  EXPECT_EQ(NormalizeDockerReference("ghcr.io/a/b:1"), "ghcr.io/a/b:1");
}

TEST(ImageConfig, RejectsWrongTypes) {
  for (std::string bad : {R"({"rootfs":{"diff_ids":["sha256:zz"]}})", R"({"rootfs":{"diff_ids":[1]}})",
                          R"({"rootfs":{}})", R"({"rootfs":{"diff_ids":[]},"history":[{"empty_layer":"yes"}]})",
                          R"({"os":5,"rootfs":{"diff_ids":[]}})", "[]", "{"}) {
    auto r = ParseImageConfig(bad, "config");
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().code(), ErrorCode::kCorrupt) << bad;
  }
}

TEST(OciManifest, RejectsSchema1AndBadDescriptors) {
  auto s1 = ParseOciManifest(R"({"schemaVersion":1,"fsLayers":[]})", "m");
  ASSERT_FALSE(s1.has_value());
  EXPECT_EQ(s1.error().code(), ErrorCode::kUnsupported);
  auto neg = ParseOciIndex(R"({"schemaVersion":2,"manifests":[{"mediaType":"x","digest":"sha256:)" +
                               std::string(64, 'a') + R"(","size":-1}]})",
                           "i");
  ASSERT_FALSE(neg.has_value());
  EXPECT_EQ(neg.error().code(), ErrorCode::kCorrupt);
}

}  // namespace
}  // namespace hullscan::image
