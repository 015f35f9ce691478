#include <gtest/gtest.h>

#include "apply/apply_layers.h"

namespace hullscan::apply {
namespace {

model::Package Deb(std::string name, std::string version, std::string path = "/var/lib/dpkg/status") {
  model::Package p;
  p.type = model::PackageType::kDeb;
  p.name = std::move(name);
  p.version = std::move(version);
  p.arch = "amd64";
  p.path = std::move(path);
  return p;
}

model::LayerResult Layer(std::vector<model::Package> pkgs, std::vector<std::string> evidence = {}) {
  model::LayerResult lr;
  lr.packages = std::move(pkgs);
  if (evidence.empty()) {
    for (const auto& p : lr.packages) evidence.push_back(p.path);
  }
  std::sort(evidence.begin(), evidence.end());
  evidence.erase(std::unique(evidence.begin(), evidence.end()), evidence.end());
  lr.evidence_paths = evidence;
  return lr;
}

std::string Dump(const model::Inventory& inv) {
  std::string s;
  for (const auto& p : inv.packages) s += p.name + "=" + p.version + "@" + std::to_string(p.layer_index) + " ";
  return s;
}

TEST(ApplyLayers, NewestDbWinsAndLayerIsFirstWithoutGap) {
  std::vector<model::LayerResult> layers = {
      Layer({Deb("libc6", "2.36-9"), Deb("perl-base", "5.36.0-7")}),
      Layer({Deb("libc6", "2.36-9"), Deb("perl-base", "5.36.0-7+deb12u1"), Deb("curl", "7.88.1")}),
      Layer({}),  // a layer without package DBs changes nothing
  };
  auto inv = ApplyLayers(layers);
  EXPECT_EQ(Dump(inv), "curl=7.88.1@1 libc6=2.36-9@0 perl-base=5.36.0-7+deb12u1@1 ");
  ASSERT_EQ(inv.layer_changes.size(), 3u);
  EXPECT_EQ(inv.layer_changes[0].added, 2);
  EXPECT_EQ(inv.layer_changes[1].added, 1);
  EXPECT_EQ(inv.layer_changes[1].changed, 1);
  EXPECT_EQ(inv.layer_changes[1].removed, 0);
  EXPECT_EQ(inv.layer_changes[2].added + inv.layer_changes[2].removed + inv.layer_changes[2].changed, 0);
}

TEST(ApplyLayers, RewrittenDbWithoutPackageRemovesIt) {
  std::vector<model::LayerResult> layers = {
      Layer({Deb("libc6", "1"), Deb("curl", "2")}),
      Layer({Deb("libc6", "1")}),  // dpkg --purge curl rewrote the status file
  };
  auto inv = ApplyLayers(layers);
  EXPECT_EQ(Dump(inv), "libc6=1@0 ");
  EXPECT_EQ(inv.layer_changes[1].removed, 1);
}

TEST(ApplyLayers, EmptyRewrittenDbRemovesAll) {
  std::vector<model::LayerResult> layers = {Layer({Deb("libc6", "1")}), Layer({}, {"/var/lib/dpkg/status"})};
  EXPECT_EQ(Dump(ApplyLayers(layers)), "");
}

TEST(ApplyLayers, WhiteoutOfDbAndOpaqueDir) {
  std::vector<model::LayerResult> layers = {
      Layer({Deb("a", "1", "/var/lib/dpkg/status.d/a"), Deb("b", "1", "/var/lib/dpkg/status.d/b"),
             Deb("c", "1", "/opt/x/status")}),
      Layer({}),
      Layer({Deb("d", "1", "/var/lib/dpkg/status.d/d")}),
  };
  layers[1].deleted_paths = {"/var/lib/dpkg/status.d/a"};
  layers[2].opaque_dirs = {"/var/lib/dpkg/status.d"};  // hides b; d is this layer's own
  EXPECT_EQ(Dump(ApplyLayers(layers)), "c=1@0 d=1@2 ");
}

TEST(ApplyLayers, WhiteoutOfParentDirectory) {
  std::vector<model::LayerResult> layers = {Layer({Deb("c", "1", "/opt/x/status")}), Layer({})};
  layers[1].deleted_paths = {"/opt"};
  EXPECT_EQ(Dump(ApplyLayers(layers)), "");
  // A sibling whose name shares a prefix is not hidden.
  layers[1].deleted_paths = {"/op"};
  EXPECT_EQ(Dump(ApplyLayers(layers)), "c=1@0 ");
}

TEST(ApplyLayers, ReinstalledPackageAttributedToReturn) {
  std::vector<model::LayerResult> layers = {
      Layer({Deb("a", "1")}),
      Layer({}, {"/var/lib/dpkg/status"}),
      Layer({Deb("a", "1")}),
  };
  EXPECT_EQ(Dump(ApplyLayers(layers)), "a=1@2 ");
}

TEST(ApplyLayers, DistroFactsFollowWhiteouts) {
  std::vector<model::LayerResult> layers(2);
  layers[0].distro_facts = {{"/etc/os-release", {"debian", "12", "bookworm", "", "", ""}},
                            {"/etc/alpine-release", {"alpine", "3.20.3", "", "", "", ""}}};
  layers[1].deleted_paths = {"/etc/alpine-release"};
  auto inv = ApplyLayers(layers);
  ASSERT_EQ(inv.distro_facts.size(), 1u);
  EXPECT_EQ(inv.distro_facts[0].distro.id, "debian");
}

}  // namespace
}  // namespace hullscan::apply
