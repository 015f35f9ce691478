#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "extract/common/testing_io.h"
#include "extract/lang/php/php_extractor.h"
#include "extract/lang/php/php_parsers.h"
#include "testing/testing.h"

namespace hullscan::extract::php {
namespace {

using common::RecordingSink;
using testing::ReadTestFile;
using testing::SharedPath;
using common::Triples;
using Row = common::NameVersionDev;

std::string Fixture(const std::string& rel) { return SharedPath("fixtures/lang/php/" + rel); }

const common::ExtractWith Extract(NewPhpExtractor);

TEST(PhpExtractorTest, NameAndVersion) { common::ExpectNameAndVersion(*NewPhpExtractor(), "lang/php", 1); }

TEST(PhpExtractorTest, Wants) {
  using layer::EntryType;
  const common::WantsCase cases[] = {
      {"composer.lock", "/var/www/html/composer.lock", EntryType::kRegular, true},
      {"installed.json", "/var/www/html/vendor/composer/installed.json", EntryType::kRegular, true},
      {"custom vendor-dir", "/app/lib/composer/installed.json", EntryType::kRegular, true},
      {"composer.json", "/var/www/html/composer.json", EntryType::kRegular, false},
      {"installed.php", "/var/www/html/vendor/composer/installed.php", EntryType::kRegular, false},
      {"other installed.json", "/usr/lib/node_modules/x/installed.json", EntryType::kRegular, false},
      {"composer-ish dir", "/app/vendor/mycomposer/installed.json", EntryType::kRegular, false},
      {"autoload", "/app/vendor/composer/autoload_classmap.php", EntryType::kRegular, false},
      {"renamed lock", "/app/composer-syft.lock", EntryType::kRegular, false},
      {"lock backup", "/app/composer.lock.bak", EntryType::kRegular, false},
      {"lock symlink", "/app/composer.lock", EntryType::kSymlink, false},
      {"lock dir", "/app/composer.lock", EntryType::kDirectory, false},
  };
  auto e = NewPhpExtractor();
  common::ExpectWants(*e, cases);
}

TEST(PhpExtractorTest, ComposerLockTrivyFixture) {
  std::string f = Fixture("composer.lock");
  HS_REQUIRE_PATH(f);
  RecordingSink sink("/var/www/composer.lock");
  ASSERT_TRUE(Extract("/var/www/composer.lock", ReadTestFile(f), sink));
  EXPECT_TRUE(sink.warnings.empty());
  // Trivy's composer_happy.lock test lists the 8 "packages" (it skips "packages-dev").
  EXPECT_EQ(Triples(sink.packages), (std::vector<Row>{{"guzzlehttp/guzzle", "6.5.8", false},
                                                   {"guzzlehttp/promises", "1.5.2", false},
                                                   {"guzzlehttp/psr7", "1.9.0", false},
                                                   {"psr/http-message", "1.0.1", false},
                                                   {"ralouphie/getallheaders", "3.0.3", false},
                                                   {"symfony/polyfill-intl-idn", "v1.27.0", false},
                                                   {"symfony/polyfill-intl-normalizer", "v1.27.0", false},
                                                   {"symfony/polyfill-php72", "v1.27.0", false},
                                                   {"pear/log", "1.13.3", true},
                                                   {"pear/pear_exception", "v1.0.2", true}}));
  for (const model::Package& p : sink.packages) {
    EXPECT_EQ(p.type, model::PackageType::kComposer);
    EXPECT_EQ(p.extractor, "lang/php");
    EXPECT_EQ(p.path, "/var/www/composer.lock");
  }
}

TEST(PhpExtractorTest, ComposerLockSyftFixture) {
  std::string f = Fixture("composer-syft.lock");
  HS_REQUIRE_PATH(f);
  auto out = ParseComposerLock(ReadTestFile(f));
  ASSERT_TRUE(out) << out.error().message();
  EXPECT_TRUE(out->warnings.empty());
  EXPECT_EQ(Triples(out->packages), (std::vector<Row>{{"adoy/fastcgi-client", "1.0.2", false},
                                                   {"alcaeus/mongo-php-adapter", "1.1.11", false},
                                                   {"behat/gherkin", "v4.6.2", true},
                                                   {"codeception/codeception", "4.1.6", true}}));
}

TEST(PhpExtractorTest, InstalledJsonFixtures) {
  std::string f1 = Fixture("installed.composer1.json");
  std::string f2 = Fixture("installed.composer2.json");
  HS_REQUIRE_PATH(f1);
  HS_REQUIRE_PATH(f2);
  const std::string path = "/var/www/html/vendor/composer/installed.json";
  RecordingSink sink1(path);
  ASSERT_TRUE(Extract(path, ReadTestFile(f1), sink1));
  EXPECT_TRUE(sink1.warnings.empty());
  // Composer 1 does not record dev packages.
  EXPECT_EQ(Triples(sink1.packages), (std::vector<Row>{{"asm89/stack-cors", "1.3.0", false}, {"behat/mink", "v1.8.1", false}}));
  RecordingSink sink2(path);
  ASSERT_TRUE(Extract(path, ReadTestFile(f2), sink2));
  EXPECT_TRUE(sink2.warnings.empty());
  // Composer 2: "dev-package-names": ["behat/mink"].
  EXPECT_EQ(Triples(sink2.packages), (std::vector<Row>{{"asm89/stack-cors", "1.3.0", false}, {"behat/mink", "v1.8.1", true}}));
  EXPECT_EQ(sink2.packages[1].path, path);
  EXPECT_EQ(sink2.packages[1].type, model::PackageType::kComposer);
}

TEST(PhpExtractorTest, HandWritten) {
  auto lock = ParseComposerLock(
      R"({"packages": [{"name": "a/b", "version": "dev-main"}, {"name": "c/d", "version": "1.0.x-dev"},
                       {"name": "a/b", "version": "dev-main"}, {"name": "e/f"}, {"version": "1"}, 7,
                       {"name": "g/h", "version": 2}, {"name": "", "version": "1"}],
          "packages-dev": null})");
  ASSERT_TRUE(lock) << lock.error().message();
  EXPECT_EQ(Triples(lock->packages), (std::vector<Row>{{"a/b", "dev-main", false}, {"c/d", "1.0.x-dev", false}}));
  ASSERT_EQ(lock->warnings.size(), 5u);
  EXPECT_EQ(lock->warnings[0].code(), ErrorCode::kCorrupt);
  EXPECT_EQ(lock->warnings[0].message(),
            "parse composer.lock: package 'e/f' has no \"version\" string (at /packages/3); skipped");
  EXPECT_EQ(lock->warnings[1].message(), "parse composer.lock: package has no \"name\" string (at /packages/4); skipped");
  EXPECT_EQ(lock->warnings[2].message(), "parse composer.lock: package is not an object (at /packages/5); skipped");
  EXPECT_EQ(lock->warnings[3].message(),
            "parse composer.lock: package 'g/h' has no \"version\" string (at /packages/6); skipped");

  auto v2 = ParseInstalledJson(R"({"packages": [{"name": "x/y", "version": "v2.0.0"}], "dev": false})");
  ASSERT_TRUE(v2);
  EXPECT_EQ(Triples(v2->packages), (std::vector<Row>{{"x/y", "v2.0.0", false}}));
  auto v1_bad = ParseInstalledJson(R"([{"name": "x/y"}])");
  ASSERT_TRUE(v1_bad);
  EXPECT_TRUE(v1_bad->packages.empty());
  ASSERT_EQ(v1_bad->warnings.size(), 1u);
  EXPECT_EQ(v1_bad->warnings[0].message(),
            "parse installed.json: package 'x/y' has no \"version\" string (at /0); skipped");
  EXPECT_TRUE(ParseInstalledJson("[]"));
}

TEST(PhpExtractorTest, Corrupt) {
  struct Case {
    bool lock;
    std::string text;
    const char* message;
  };
  const Case cases[] = {
      {true, "[]", "parse composer.lock: not a JSON object (at /)"},
      {true, "{}", "parse composer.lock: \"packages\" is missing or not an array (at /packages)"},
      {true, R"({"packages": {}})", "parse composer.lock: \"packages\" is missing or not an array (at /packages)"},
      {true, R"({"packages": [], "packages-dev": "x"})",
       "parse composer.lock: \"packages-dev\" is not an array (at /packages-dev)"},
      {false, "\"x\"", "parse installed.json: neither a JSON array nor an object (at /)"},
      {false, R"({"dev": true})", "parse installed.json: \"packages\" is missing or not an array (at /packages)"},
      {false, R"({"packages": [], "dev-package-names": {}})",
       "parse installed.json: \"dev-package-names\" is not an array (at /dev-package-names)"},
  };
  for (const Case& c : cases) {
    auto out = c.lock ? ParseComposerLock(c.text) : ParseInstalledJson(c.text);
    ASSERT_FALSE(out) << c.text;
    EXPECT_EQ(out.error().code(), ErrorCode::kCorrupt) << c.text;
    EXPECT_EQ(out.error().message(), c.message);
  }
  auto not_json = ParseComposerLock("{\"packages\": [");
  ASSERT_FALSE(not_json);
  EXPECT_EQ(not_json.error().code(), ErrorCode::kCorrupt);
  EXPECT_EQ(not_json.error().message().rfind("parse composer.lock: invalid JSON at byte 15", 0), 0u)
      << not_json.error().message();
  auto deep = ParseInstalledJson(std::string(300, '[') + std::string(300, ']'));
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().code(), ErrorCode::kLimitExceeded);

  // Every truncation of the real fixtures is kCorrupt, never a crash or a partial result.
  for (const char* name : {"composer.lock", "installed.composer2.json"}) {
    std::string f = Fixture(name);
    HS_REQUIRE_PATH(f);
    const std::string full = ReadTestFile(f);
    for (size_t n = 0; n + 1 < full.size(); n += 97) {
      // A cut after the closing brace leaves valid JSON; stop before the trailing newline.
      if (full.find_first_not_of(" \n", n) == std::string::npos) break;
      std::string_view cut = std::string_view(full).substr(0, n);
      auto out = std::string_view(name) == "composer.lock" ? ParseComposerLock(cut) : ParseInstalledJson(cut);
      ASSERT_FALSE(out) << name << " cut at " << n;
      EXPECT_EQ(out.error().code(), ErrorCode::kCorrupt) << name << " cut at " << n;
    }
  }
}

TEST(PhpExtractorTest, Oversize) {
  RecordingSink sink;
  Status st = Extract("/app/composer.lock", std::string(kMaxLockfileBytes + 1, ' '), sink);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kLimitExceeded);
  Limits limits;
  limits.max_file_bytes = 4;
  Status st2 = Extract("/app/vendor/composer/installed.json", "[   ]", sink, limits);
  ASSERT_FALSE(st2);
  EXPECT_EQ(st2.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_TRUE(sink.packages.empty());
}

TEST(PhpExtractorTest, WarningsAreCappedPerFile) {
  std::string text = "[";
  for (int i = 0; i < 300; ++i) text += "1,";
  text += "1]";
  RecordingSink sink;
  ASSERT_TRUE(Extract("/app/vendor/composer/installed.json", text, sink));
  EXPECT_EQ(sink.warnings.size(), 101u);
  EXPECT_EQ(sink.warnings.back().error.code(), ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace hullscan::extract::php
