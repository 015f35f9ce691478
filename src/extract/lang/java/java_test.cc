#include "extract/lang/java/java_extractor.h"

#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "extract/common/testing_io.h"
#include "extract/lang/java/jar_reader.h"
#include "testing/testing.h"

namespace hullscan::extract::java {
namespace {

using common::RecordingSink;
using testing::ReadTestFile;
using testing::SharedPath;

using Row = std::tuple<std::string, std::string, std::string>;  // name, version, path

std::vector<Row> RowsOf(const std::vector<model::Package>& pkgs) {
  std::vector<Row> rows;
  for (const auto& p : pkgs) {
    EXPECT_EQ(p.type, model::PackageType::kMaven);
    rows.emplace_back(p.name, p.version, p.path);
  }
  return rows;
}

JarContents ReadFixture(const std::string& rel, const std::string& display, const JarLimits& limits = {}) {
  const std::string path = SharedPath("fixtures/lang/java/" + rel);
  Result<JarContents> c = ReadJarFile(path, display, limits);
  EXPECT_TRUE(c) << rel << ": " << (c ? "" : c.error().message());
  return c ? *c : JarContents{};
}

// Ground truth: expected/debian-app.packages.tsv (maven rows of /app/lib/app-all.jar).
TEST(JarReader, SpringBootFatJar) {
  HS_REQUIRE_PATH(SharedPath("fixtures/lang/java/debian/app-all.jar"));
  JarContents c = ReadFixture("debian/app-all.jar", "/app/lib/app-all.jar");
  EXPECT_TRUE(c.problems.empty());
  EXPECT_EQ(RowsOf(c.packages),
            (std::vector<Row>{
                {"com.fasterxml.jackson.core:jackson-databind", "2.14.0",
                 "/app/lib/app-all.jar!/BOOT-INF/lib/jackson-databind-2.14.0.jar!/META-INF/maven/"
                 "com.fasterxml.jackson.core/jackson-databind/pom.properties"},
                {"org.yaml:snakeyaml", "1.33",
                 "/app/lib/app-all.jar!/BOOT-INF/lib/snakeyaml-1.33.jar!/META-INF/maven/org.yaml/snakeyaml/"
                 "pom.properties"},
            }));
}

TEST(JarReader, DebianJars) {
  HS_REQUIRE_PATH(SharedPath("fixtures/lang/java/debian/snakeyaml-1.33.jar"));
  EXPECT_EQ(RowsOf(ReadFixture("debian/snakeyaml-1.33.jar", "/app/lib/snakeyaml-1.33.jar").packages),
            (std::vector<Row>{{"org.yaml:snakeyaml", "1.33",
                               "/app/lib/snakeyaml-1.33.jar!/META-INF/maven/org.yaml/snakeyaml/pom.properties"}}));
  EXPECT_EQ(RowsOf(ReadFixture("debian/commons-text-1.10.0.jar", "/app/lib/commons-text-1.10.0.jar").packages),
            (std::vector<Row>{{"org.apache.commons:commons-text", "1.10.0",
                               "/app/lib/commons-text-1.10.0.jar!/META-INF/maven/org.apache.commons/commons-text/"
                               "pom.properties"}}));
}

// trivy's nested.jar: pom.properties outside META-INF/maven, three levels of jars.
TEST(JarReader, TrivyNestedJar) {
  HS_REQUIRE_PATH(SharedPath("fixtures/lang/java/trivy-nested.jar"));
  JarContents c = ReadFixture("trivy-nested.jar", "/n.jar");
  EXPECT_TRUE(c.problems.empty());
  EXPECT_EQ(RowsOf(c.packages),
            (std::vector<Row>{
                {"test:nested2", "0.0.2", "/n.jar!/META-INF/jars/nested2.jar!/META-INF/nested2/pom.properties"},
                {"test:nested3", "0.0.3",
                 "/n.jar!/META-INF/jars/nested2.jar!/META-INF/jars/nested3.jar!/META-INF/nested3/pom.properties"},
                {"test:nested", "0.0.1", "/n.jar!/META-INF/nested/pom.properties"},
            }));
}

TEST(JarReader, ManifestAndFileNameFallbacks) {
  HS_REQUIRE_PATH(SharedPath("fixtures/lang/java/trivy-test.jar"));
  EXPECT_EQ(RowsOf(ReadFixture("trivy-test.jar", "/t/spring-core.jar").packages),
            (std::vector<Row>{{"org.springframework.core", "2.5.6.SEC03", "/t/spring-core.jar!/META-INF/MANIFEST.MF"}}));
  EXPECT_EQ(RowsOf(ReadFixture("trivy-heuristic-1.0.0-SNAPSHOT.jar", "/t/heuristic-1.0.0-SNAPSHOT.jar").packages),
            (std::vector<Row>{{"heuristic", "1.0.0-SNAPSHOT", "/t/heuristic-1.0.0-SNAPSHOT.jar"}}));
}

TEST(JarReader, DepthLimit) {
  HS_REQUIRE_PATH(SharedPath("fixtures/lang/java/scalibr-nested_at_100.jar"));
  JarContents c = ReadFixture("scalibr-nested_at_100.jar", "/deep.jar");
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_EQ(c.problems[0].code(), ErrorCode::kLimitExceeded);
  EXPECT_EQ(c.problems[0].message(),
            "/deep.jar!/nested.jar!/nested.jar!/nested.jar!/nested.jar: nested deeper than 3 archives; not read");
}

TEST(JarReader, NestedSizeAndRatioLimits) {
  HS_REQUIRE_PATH(SharedPath("fixtures/lang/java/debian/app-all.jar"));
  JarLimits small;
  small.max_nested_bytes = 1024 * 1024;  // jackson-databind (1.6 MB) is skipped, snakeyaml kept
  JarContents c = ReadFixture("debian/app-all.jar", "/a.jar", small);
  ASSERT_EQ(c.packages.size(), 1u);
  EXPECT_EQ(c.packages[0].name, "org.yaml:snakeyaml");
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_EQ(c.problems[0].code(), ErrorCode::kLimitExceeded);
  JarLimits ratio;
  ratio.max_ratio = 0;
  ratio.max_member_bytes = 4096;
  c = ReadFixture("debian/app-all.jar", "/a.jar", ratio);
  EXPECT_TRUE(c.packages.empty());
  ASSERT_FALSE(c.problems.empty());
  EXPECT_EQ(c.problems[0].code(), ErrorCode::kLimitExceeded);
  JarLimits entries;
  entries.max_entries = 2;
  c = ReadFixture("debian/app-all.jar", "/a.jar", entries);
  EXPECT_EQ(c.packages.size(), 1u);  // jackson-databind only; stops before snakeyaml
}

TEST(JarReader, FileNames) {
  auto nv = [](std::string_view path) {
    model::Package p = PackageFromFileName(path);
    return std::make_pair(p.name, p.version);
  };
  EXPECT_EQ(nv("/x/log4j-1.2-api-2.19.0.jar"), std::make_pair(std::string("log4j-1.2-api"), std::string("2.19.0")));
  EXPECT_EQ(nv("/x/guava-31.1-jre.jar"), std::make_pair(std::string("guava"), std::string("31.1-jre")));
  EXPECT_EQ(nv("/x/app-all.jar"), std::make_pair(std::string(), std::string()));
  EXPECT_EQ(nv("/x/-1.0.jar"), std::make_pair(std::string(), std::string()));
  EXPECT_EQ(nv("/x/app.WAR"), std::make_pair(std::string(), std::string()));
}

TEST(JarReader, ManifestRules) {
  model::Package p = PackageFromManifest(
      "Manifest-Version: 1.0\r\nImplementation-Vendor-Id: org.example\r\nImplementation-Title: lib\r\n"
      "Implementation-Version: 1.\r\n 2\r\n\r\nName: x\r\nImplementation-Version: 9\r\n");
  EXPECT_EQ(p.name, "org.example:lib");
  EXPECT_EQ(p.version, "1.2");
  p = PackageFromManifest("Bundle-SymbolicName: org.x.y;singleton:=true\nBundle-Version: 3.0\n");
  EXPECT_EQ(p.name, "org.x.y");
  EXPECT_EQ(p.version, "3.0");
  EXPECT_TRUE(PackageFromManifest("Implementation-Title: Spring Framework\nImplementation-Version: 1\n").name.empty());
}

TEST(JarReader, NotAZip) {
  Result<JarContents> c = ReadJarBytes("PK\x03\x04 but not really a zip", "/bad.jar");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code(), ErrorCode::kCorrupt);
}

TEST(JavaExtractor, ExtractAndWants) {
  const std::string path = SharedPath("fixtures/lang/java/debian/snakeyaml-1.33.jar");
  HS_REQUIRE_PATH(path);
  JavaExtractor x;
  RecordingSink sink;
  ASSERT_TRUE(common::ExtractFromMemory(x, "/opt/tools/lib/snakeyaml-1.33.jar", ReadTestFile(path), sink));
  EXPECT_EQ(RowsOf(sink.packages),
            (std::vector<Row>{{"org.yaml:snakeyaml", "1.33",
                               "/opt/tools/lib/snakeyaml-1.33.jar!/META-INF/maven/org.yaml/snakeyaml/pom.properties"}}));
  const common::WantsCase cases[] = {
      {"jar", "/app/lib/a.jar", layer::EntryType::kRegular, true},
      {"war upper", "/srv/ROOT.WAR", layer::EntryType::kRegular, true},
      {"ear", "/x.ear", layer::EntryType::kRegular, true},
      {"par", "/x.par", layer::EntryType::kRegular, true},
      {"jar dir", "/x.jar", layer::EntryType::kDirectory, false},
      {"jarx", "/x.jarx", layer::EntryType::kRegular, false},
      {"zip", "/x.zip", layer::EntryType::kRegular, false},
      {"class", "/x.class", layer::EntryType::kRegular, false},
  };
  common::ExpectWants(x, cases);
}

}  // namespace
}  // namespace hullscan::extract::java
