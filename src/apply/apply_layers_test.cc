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

namespace hullscan::apply {
namespace {

model::Package Lang(model::PackageType type, std::string name, std::string version, std::string path) {
  model::Package p;
  p.type = type;
  p.name = std::move(name);
  p.version = std::move(version);
  p.path = std::move(path);
  return p;
}

const model::Package* Find(const model::Inventory& inv, std::string_view name, std::string_view path) {
  for (const auto& p : inv.packages) {
    if (p.name == name && p.path == path) return &p;
  }
  return nullptr;
}

TEST(ApplyLayers, LanguagePackageInAnOsPackagesFileListIsOwnedByIt) {
  using T = model::PackageType;
  model::LayerResult base = Layer({Deb("python3-urllib3", "1.26.12-1"), Deb("coreutils", "9.1-1")});
  base.owned_files = {{"/usr/lib/python3/dist-packages/urllib3-1.26.12.egg-info/PKG-INFO", "python3-urllib3"},
                      {"/bin/tool", "coreutils"},
                      {"/usr/share/java/gone.jar", "libgone-java"}};  // not installed any more
  model::LayerResult app = Layer({
      Lang(T::kPypi, "urllib3", "1.26.12", "/usr/lib/python3/dist-packages/urllib3-1.26.12.egg-info/PKG-INFO"),
      Lang(T::kPypi, "urllib3", "1.26.12", "/usr/local/lib/python3.11/dist-packages/urllib3-1.26.12.dist-info/METADATA"),
      Lang(T::kGolang, "stdlib", "go1.19.8", "/usr/bin/tool"),  // /bin/tool after the /usr merge
      Lang(T::kMaven, "org:gone", "1", "/usr/share/java/gone.jar!/META-INF/maven/org/gone/pom.properties"),
  });
  std::vector<model::LayerResult> layers = {base, app};
  auto inv = ApplyLayers(layers);
  EXPECT_EQ(Find(inv, "urllib3", "/usr/lib/python3/dist-packages/urllib3-1.26.12.egg-info/PKG-INFO")->os_owner,
            "python3-urllib3");
  EXPECT_EQ(Find(inv, "urllib3", "/usr/local/lib/python3.11/dist-packages/urllib3-1.26.12.dist-info/METADATA")->os_owner,
            "");
  EXPECT_EQ(Find(inv, "stdlib", "/usr/bin/tool")->os_owner, "coreutils");
  EXPECT_EQ(Find(inv, "org:gone", "/usr/share/java/gone.jar!/META-INF/maven/org/gone/pom.properties")->os_owner, "");
}

TEST(ApplyLayers, DeletingAnArchiveDeletesThePackagesInsideIt) {
  using T = model::PackageType;
  model::LayerResult add = Layer({Lang(T::kMaven, "g:a", "1", "/app/app.jar!/META-INF/maven/g/a/pom.properties"),
                                  Lang(T::kMaven, "g:b", "1", "/app/app.jar!/BOOT-INF/lib/b.jar!/META-INF/maven/g/b/pom.properties"),
                                  Lang(T::kMaven, "g:c", "1", "/app/app.jarx!/META-INF/maven/g/c/pom.properties")});
  model::LayerResult del;
  del.deleted_paths = {"/app/app.jar"};
  std::vector<model::LayerResult> layers = {add, del};
  EXPECT_EQ(Dump(ApplyLayers(layers)), "g:c=1@0 ");
}

TEST(ApplyLayers, NpmLockfileEntriesJoinTheInstalledPackagesOfTheirProject) {
  using T = model::PackageType;
  auto project = Lang(T::kNpm, "app", "1.0.0", "/app/package.json");
  project.project = true;
  auto stray = Lang(T::kNpm, "acorn", "8.8.1", "/usr/share/nodejs/acorn/package.json");
  stray.project = true;  // no lock file, no node_modules beside it: not a project
  auto dev_lock = Lang(T::kNpm, "mocha", "10.0.0", "/app/package-lock.json");
  dev_lock.dev = true;
  std::vector<model::LayerResult> layers = {
      Layer({project, stray, Lang(T::kNpm, "express", "4.16.0", "/app/package-lock.json"),
             Lang(T::kNpm, "lodash", "4.17.15", "/app/package-lock.json"), dev_lock,
             Lang(T::kNpm, "left-pad", "1.3.0", "/other/yarn.lock")}),
      Layer({Lang(T::kNpm, "express", "4.16.0", "/app/node_modules/express/package.json"),
             Lang(T::kNpm, "mocha", "10.0.0", "/app/node_modules/mocha/package.json"),
             Lang(T::kNpm, "express", "4.16.0", "/app/node_modules/x/node_modules/express/package.json")}),
  };
  auto inv = ApplyLayers(layers);
  EXPECT_EQ(Dump(inv), "app=1.0.0@0 express=4.16.0@1 express=4.16.0@1 left-pad=1.3.0@0 lodash=4.17.15@0 mocha=10.0.0@1 ")
      << "the stray project manifest stays out";
  const model::Package* express = Find(inv, "express", "/app/node_modules/express/package.json");
  ASSERT_NE(express, nullptr);
  ASSERT_EQ(express->also_at.size(), 1u);
  EXPECT_EQ(express->also_at[0], (model::PackageLocation{"/app/package-lock.json", 0}));
  EXPECT_TRUE(Find(inv, "express", "/app/node_modules/x/node_modules/express/package.json")->also_at.empty());
  EXPECT_TRUE(Find(inv, "mocha", "/app/node_modules/mocha/package.json")->dev) << "dev comes from the lock file";
  EXPECT_TRUE(Find(inv, "lodash", "/app/package-lock.json")->not_installed);
  EXPECT_FALSE(Find(inv, "left-pad", "/other/yarn.lock")->not_installed) << "a project without node_modules";
  EXPECT_TRUE(Find(inv, "app", "/app/package.json")->project);
}

}  // namespace
}  // namespace hullscan::apply
