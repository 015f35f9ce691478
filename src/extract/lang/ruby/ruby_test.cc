#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "extract/common/testing_io.h"
#include "extract/lang/ruby/ruby_extractor.h"
#include "extract/lang/ruby/ruby_parsers.h"
#include "testing/testing.h"

namespace hullscan::extract::ruby {
namespace {

using common::RecordingSink;
using testing::ReadTestFile;
using testing::SharedPath;
using common::Contains;
using common::NameVersion;
using common::Pairs;

std::string Fixture(const std::string& rel) { return SharedPath("fixtures/lang/ruby/" + rel); }
std::string TestData(const std::string& rel) {
  return testing::SourceDir() + "/src/extract/lang/ruby/testdata/" + rel;
}

const common::ExtractWith Extract(NewRubyExtractor);

TEST(RubyExtractorTest, NameAndVersion) { common::ExpectNameAndVersion(*NewRubyExtractor(), "lang/ruby", 1); }

TEST(RubyExtractorTest, Wants) {
  using layer::EntryType;
  const common::WantsCase cases[] = {
      {"bundle path", "/usr/local/bundle/specifications/rake-13.0.6.gemspec", EntryType::kRegular, true},
      {"default gem", "/usr/lib/ruby/gems/3.1.0/specifications/default/bundler-2.3.7.gemspec", EntryType::kRegular, true},
      {"debian gems", "/var/lib/gems/3.1.0/specifications/nokogiri-1.13.6-x86_64-linux.gemspec", EntryType::kRegular, true},
      {"vendor/bundle", "/app/vendor/bundle/ruby/3.1.0/specifications/rack-2.2.3.gemspec", EntryType::kRegular, true},
      {"Gemfile.lock", "/app/Gemfile.lock", EntryType::kRegular, true},
      {"gems.locked", "/app/gems.locked", EntryType::kRegular, true},
      {"source gemspec", "/app/myapp.gemspec", EntryType::kRegular, false},
      {"git checkout gemspec", "/usr/local/bundle/bundler/gems/rails-abc123/rails.gemspec", EntryType::kRegular, false},
      {"gem source dir", "/usr/local/bundle/gems/rake-13.0.6/rake.gemspec", EntryType::kRegular, false},
      {"bare .gemspec", "/usr/local/bundle/specifications/.gemspec", EntryType::kRegular, false},
      {"not a gemspec", "/usr/local/bundle/specifications/rake-13.0.6.gemspec.bak", EntryType::kRegular, false},
      {"specifications-ish dir", "/usr/local/bundle/myspecifications/rake-13.0.6.gemspec", EntryType::kRegular, false},
      {"nested too deep", "/usr/local/bundle/specifications/default/x/rake-13.0.6.gemspec", EntryType::kRegular, false},
      {"cached gem", "/usr/local/bundle/cache/rake-13.0.6.gem", EntryType::kRegular, false},
      {"Gemfile", "/app/Gemfile", EntryType::kRegular, false},
      {"gems.rb", "/app/gems.rb", EntryType::kRegular, false},
      {"renamed lock", "/app/Gemfile-local-gem.lock", EntryType::kRegular, false},
      {"lock backup", "/app/Gemfile.lock.orig", EntryType::kRegular, false},
      {"lock symlink", "/app/Gemfile.lock", EntryType::kSymlink, false},
      {"spec dir", "/usr/local/bundle/specifications/rake-13.0.6.gemspec", EntryType::kDirectory, false},
  };
  auto e = NewRubyExtractor();
  common::ExpectWants(*e, cases);
}

TEST(RubyExtractorTest, BundlerGemspecFixture) {
  std::string f = Fixture("bundler.gemspec");
  HS_REQUIRE_PATH(f);
  const std::string path = "/usr/lib/ruby/gems/2.7.0/specifications/default/bundler-2.1.4.gemspec";
  RecordingSink sink(path);
  ASSERT_TRUE(Extract(path, ReadTestFile(f), sink));
  ASSERT_EQ(sink.packages.size(), 1u);
  const model::Package& p = sink.packages[0];
  EXPECT_EQ(p.type, model::PackageType::kGem);
  EXPECT_EQ(p.name, "bundler");
  EXPECT_EQ(p.version, "2.1.4");
  EXPECT_EQ(p.extractor, "lang/ruby");
  EXPECT_EQ(p.path, path);
  EXPECT_FALSE(p.dev);
  EXPECT_TRUE(sink.warnings.empty());
}

TEST(RubyExtractorTest, OldRubygemsPercentQ) {
  auto out = ParseGemspec(ReadTestFile(TestData("rake-0.8.7.gemspec")));
  ASSERT_TRUE(out) << out.error().message();
  EXPECT_EQ(Pairs(out->packages), (std::vector<NameVersion>{{"rake", "0.8.7"}}));
  EXPECT_TRUE(out->warnings.empty());
}

// RubyGems writes the extension list of a "# stub:" line NUL-separated (json, digest, ...).
TEST(RubyExtractorTest, GemspecWithExtensionsStubLine) {
  auto out = ParseGemspec(ReadTestFile(TestData("extension-stub.gemspec")));
  ASSERT_TRUE(out) << out.error().message();
  EXPECT_EQ(Pairs(out->packages), (std::vector<NameVersion>{{"nativeext", "2.6.1"}}));
  auto ctl = ParseGemspec(std::string("Gem::Specification.new do |s|\n  s.name = \"a\0\"\n  s.version = \"1\"\n", 64));
  ASSERT_TRUE(ctl);
  EXPECT_TRUE(ctl->packages.empty());
  EXPECT_EQ(ctl->warnings.size(), 1u);
}

TEST(RubyExtractorTest, GemspecSkipsCommentsHeredocsAndStrings) {
  auto out = ParseGemspec(ReadTestFile(TestData("tricky.gemspec")));
  ASSERT_TRUE(out) << out.error().message();
  EXPECT_EQ(Pairs(out->packages), (std::vector<NameVersion>{{"tricky-gem", "1.2.0.rc1"}}));
  EXPECT_TRUE(out->warnings.empty());
}

TEST(RubyExtractorTest, GemspecVersionNotStaticIsAWarning) {
  const std::string path = "/usr/local/bundle/specifications/example_app-1.0.gemspec";
  RecordingSink sink(path);
  ASSERT_TRUE(Extract(path, ReadTestFile(TestData("version-constant.gemspec")), sink));
  EXPECT_TRUE(sink.packages.empty());
  ASSERT_EQ(sink.warnings.size(), 1u);
  EXPECT_EQ(sink.warnings[0].path, path);
  EXPECT_EQ(sink.warnings[0].error.code(), ErrorCode::kUnsupported);
  EXPECT_EQ(sink.warnings[0].error.message(),
            "parse gemspec: version is not a string literal (line 7): 'ExampleApp::VERSION'; skipped");
}

TEST(RubyExtractorTest, GemspecHandWritten) {
  struct Case {
    const char* text;
    NameVersion want;
  };
  const Case ok[] = {
      {"Gem::Specification.new do |s|\n  s.name = \"a\".freeze\n  s.version = \"1.0\"\nend\n", {"a", "1.0"}},
      {"Gem::Specification.new do | gem |\r\n  gem.name = 'b'\r\n  gem.version = '2.0.pre'.freeze\r\nend\r\n",
       {"b", "2.0.pre"}},
      {"spec = Gem::Specification.new\nspec.name = %Q[c]\nspec.version = %[3]\n", {"c", "3"}},
      {"Gem::Specification.new { |s|\n s.version=\"4\"; \n s.name=\"d\" # name\n}\n", {"d", "4"}},
      {"\xEF\xBB\xBFGem::Specification.new do |s|\n  s.name = \"e\\\\x\"\n  s.version = '5'\nend\n", {"e\\x", "5"}},
      {"Gem::Specification.new do |s|\n  s.name = \"f\"\n  s.version = \"6\"\nend\n__END__\n  s.version = \"7\"\n",
       {"f", "6"}},
      {"Gem::Specification.new do |s|\n  s.files = %w[a b\n  s.version = \"8\"\n  c]\n  s.name = \"g\"\n"
       "  s.version = \"9\"\nend\n",
       {"g", "9"}},
  };
  for (const Case& c : ok) {
    auto out = ParseGemspec(c.text);
    ASSERT_TRUE(out) << c.text << ": " << out.error().message();
    EXPECT_EQ(Pairs(out->packages), (std::vector<NameVersion>{c.want})) << c.text;
    EXPECT_TRUE(out->warnings.empty()) << c.text;
  }
  // Not readable without Ruby: skipped with a warning.
  const char* not_static[] = {
      "Gem::Specification.new do |s|\n  s.name = \"a\"\n  s.version = \"1.#{x}\"\nend\n",
      "Gem::Specification.new do |s|\n  s.name = \"a\"\n  s.version = \"1\" + \"2\"\nend\n",
      "Gem::Specification.new do |s|\n  s.name = NAME\n  s.version = \"1\"\nend\n",
      "Gem::Specification.new do |s|\n  s.name = \"a\"\n  s.version = \"1\\n\"\nend\n",
      "Gem::Specification.new do |s|\n  s.name = \"a\"\n  s.version = \"1\nend\n",
  };
  for (const char* text : not_static) {
    auto out = ParseGemspec(text);
    ASSERT_TRUE(out) << text;
    EXPECT_TRUE(out->packages.empty()) << text;
    ASSERT_EQ(out->warnings.size(), 1u) << text;
    EXPECT_EQ(out->warnings[0].code(), ErrorCode::kUnsupported) << text;
  }
  auto blank = ParseGemspec("Gem::Specification.new do |s|\n  s.name = \"a b\"\n  s.version = \"1\"\nend\n");
  ASSERT_TRUE(blank);
  EXPECT_TRUE(blank->packages.empty());
  ASSERT_EQ(blank->warnings.size(), 1u);
  EXPECT_EQ(blank->warnings[0].message(),
            "parse gemspec: name 'a b' is empty or holds spaces or control bytes (line 2); skipped");
}

TEST(RubyExtractorTest, GemspecCorrupt) {
  struct Case {
    std::string text;
    const char* message;
  };
  const Case cases[] = {
      {"", "parse gemspec: no Gem::Specification.new block"},
      {"# Gem::Specification.new do |s|\n s.name = \"a\"\n", "parse gemspec: no Gem::Specification.new block"},
      {"Gem::Specification.new do |s|\n  s.name = \"a\"\nend\n",
       "parse gemspec: no s.version assignment after Gem::Specification.new (line 1)"},
      {"Gem::Specification.new do |s|\n  s.version = \"1\"\nend\n",
       "parse gemspec: no s.name assignment after Gem::Specification.new (line 1)"},
      {"x\nGem::Specification.new\n", "parse gemspec: no block variable for Gem::Specification.new (line 2)"},
  };
  for (const Case& c : cases) {
    auto out = ParseGemspec(c.text);
    ASSERT_FALSE(out) << c.text;
    EXPECT_EQ(out.error().code(), ErrorCode::kCorrupt) << c.text;
    EXPECT_EQ(out.error().message(), c.message);
  }
  // Truncated copies of the real fixture: an error or a warning, never a crash or a package
  // with an empty field.
  std::string f = Fixture("bundler.gemspec");
  HS_REQUIRE_PATH(f);
  const std::string full = ReadTestFile(f);
  for (size_t n = 0; n < full.size(); n += 7) {
    auto out = ParseGemspec(std::string_view(full).substr(0, n));
    if (!out) continue;
    for (const Found& p : out->packages) {
      EXPECT_FALSE(p.name.empty());
      EXPECT_FALSE(p.version.empty());
    }
  }
  // Cut inside the version line: "2.1" is not a literal until its closing quote.
  const size_t cut = full.find("\"2.1.4\"") + 4;
  auto trunc = ParseGemspec(std::string_view(full).substr(0, cut));
  ASSERT_TRUE(trunc);
  EXPECT_TRUE(trunc->packages.empty());
  EXPECT_EQ(trunc->warnings.size(), 1u);
}

TEST(RubyExtractorTest, GemfileLockSyftFixture) {
  std::string f = Fixture("Gemfile.lock");
  HS_REQUIRE_PATH(f);
  RecordingSink sink("/app/Gemfile.lock");
  ASSERT_TRUE(Extract("/app/Gemfile.lock", ReadTestFile(f), sink));
  EXPECT_TRUE(sink.warnings.empty());
  // Syft's parse_gemfile_lock_test.go lists the same 52 gems (it sorts them by name).
  ASSERT_EQ(sink.packages.size(), 52u);
  std::vector<NameVersion> got = Pairs(sink.packages);
  EXPECT_EQ(got[0], (NameVersion{"google-cloud-errors", "1.3.0"}));  // PATH
  EXPECT_EQ(got[1], (NameVersion{"turbolinks", "3.0.0"}));           // GIT
  EXPECT_EQ(got[2], (NameVersion{"actionmailer", "4.1.1"}));         // first of GEM
  EXPECT_EQ(got[51], (NameVersion{"unicorn", "4.8.3"}));
  EXPECT_TRUE(Contains(got, {"arel", "5.0.1.20140414130214"}));
  EXPECT_TRUE(Contains(got, {"bootstrap-sass", "3.1.1.1"}));
  EXPECT_TRUE(Contains(got, {"libv8", "3.16.14.3"}));
  EXPECT_TRUE(Contains(got, {"treetop", "1.4.15"}));
  // 6-space dependency lines and the unknown BAD-SECTION are not packages.
  EXPECT_FALSE(Contains(got, {"bad-entry", "5.5.5"}));
  for (const model::Package& p : sink.packages) {
    EXPECT_NE(p.name, "polyglot (>=");
    EXPECT_EQ(p.type, model::PackageType::kGem);
    EXPECT_EQ(p.path, "/app/Gemfile.lock");
    EXPECT_FALSE(p.dev);
  }
}

TEST(RubyExtractorTest, GemfileLockLocalGemFixture) {
  std::string f = Fixture("Gemfile-local-gem.lock");
  HS_REQUIRE_PATH(f);
  auto out = ParseGemfileLock(ReadTestFile(f));
  ASSERT_TRUE(out) << out.error().message();
  EXPECT_TRUE(out->warnings.empty());
  // osv-scalibr's gemfilelock_test.go "has local gem" lists the same 30, in the same order.
  ASSERT_EQ(out->packages.size(), 30u);
  std::vector<NameVersion> got = Pairs(out->packages);
  EXPECT_EQ(got[0], (NameVersion{"backbone-on-rails", "1.2.0.0"}));  // PATH vendor/gem/...
  EXPECT_EQ(got[1], (NameVersion{"actionpack", "7.0.2.2"}));
  EXPECT_EQ(got[29], (NameVersion{"zeitwerk", "2.5.4"}));
  EXPECT_TRUE(Contains(got, {"nokogiri", "1.13.3"}));  // "1.13.3-x86_64-linux"
  EXPECT_TRUE(Contains(got, {"eco-source", "1.1.0.rc.1"}));
  // BUNDLED WITH 2.2.28 is not reported.
  for (const NameVersion& nv : got) EXPECT_NE(nv.first, "bundler");
}

TEST(RubyExtractorTest, GemfileLockHandWritten) {
  auto out = ParseGemfileLock(
      "GEM\r\n  remote: https://rubygems.org/\r\n  specs:\r\n"
      "    nokogiri (1.13.6-x86_64-linux)\r\n      racc (~> 1.4)\r\n"
      "    nokogiri (1.13.6-arm64-darwin)\r\n"
      "    nokogiri (1.13.6)\r\n"
      "    rails (7.1.0.beta1)\r\n"
      "    sorbet-static (0.5.10-universal-darwin-22)\r\n"
      "    broken\r\n"
      "    also (broken\r\n"
      "    empty ()\r\n"
      "     five (1.0)\r\n"
      "   three (1.0)\r\n"
      "\r\n"
      "PLUGIN SOURCE\r\n  remote: x\r\n  type: y\r\n  specs:\r\n    plugin-gem (0.1)   \r\n"
      "\r\nCHECKSUMS\r\n  rails (7.1.0.beta1) sha256=abc\r\n"
      "\r\nPLATFORMS\r\n  ruby\r\n    notagem (1.0)\r\n"
      "\r\nBUNDLED WITH\r\n   2.4.10\r\n");
  ASSERT_TRUE(out) << out.error().message();
  EXPECT_EQ(Pairs(out->packages), (std::vector<NameVersion>{{"nokogiri", "1.13.6"},
                                                             {"rails", "7.1.0.beta1"},
                                                             {"sorbet-static", "0.5.10"},
                                                             {"plugin-gem", "0.1"}}));
  ASSERT_EQ(out->warnings.size(), 3u);
  EXPECT_EQ(out->warnings[0].code(), ErrorCode::kCorrupt);
  EXPECT_EQ(out->warnings[0].message(), "parse Gemfile.lock: spec 'broken' is not 'name (version)' (line 10); skipped");
  EXPECT_EQ(out->warnings[1].message(),
            "parse Gemfile.lock: spec 'also (broken' is not 'name (version)' (line 11); skipped");
  EXPECT_EQ(out->warnings[2].message(), "parse Gemfile.lock: spec 'empty ()' is not 'name (version)' (line 12); skipped");

  EXPECT_TRUE(ParseGemfileLock(""));
  EXPECT_TRUE(ParseGemfileLock("\n\n"));
  auto spec_without_section = ParseGemfileLock("    rake (1.0)\n");
  ASSERT_FALSE(spec_without_section);
  EXPECT_EQ(spec_without_section.error().code(), ErrorCode::kCorrupt);
}

TEST(RubyExtractorTest, GemfileLockCorrupt) {
  RecordingSink sink;
  Status garbage = Extract("/app/Gemfile.lock", "{\"not\": \"a lock file\"}\nhello\n", sink);
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().code(), ErrorCode::kCorrupt);
  EXPECT_EQ(garbage.error().message(),
            "parse Gemfile.lock: not a bundler lock file: no GEM, GIT, PATH, PLATFORMS or DEPENDENCIES section header "
            "(line 1)");
  Status binary = Extract("/app/Gemfile.lock", std::string("GEM\n  specs:\n\0\x01", 15), sink);
  ASSERT_FALSE(binary);
  EXPECT_EQ(binary.error().code(), ErrorCode::kCorrupt);
  EXPECT_EQ(binary.error().message(), "parse Gemfile.lock: binary data (NUL byte at offset 13)");
  EXPECT_TRUE(sink.packages.empty());

  // Truncated in the middle of the GEM section: the cut spec line is a warning, the rest stays.
  std::string f = Fixture("Gemfile.lock");
  HS_REQUIRE_PATH(f);
  const std::string full = ReadTestFile(f);
  const size_t cut = full.find("    builder (3.2.2)") + 13;
  auto out = ParseGemfileLock(std::string_view(full).substr(0, cut));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->packages.size(), 10u);
  ASSERT_EQ(out->warnings.size(), 1u);
  EXPECT_EQ(out->warnings[0].message(),
            "parse Gemfile.lock: spec 'builder (' is not 'name (version)' (line 45); skipped");
}

TEST(RubyExtractorTest, Oversize) {
  RecordingSink sink;
  Status st = Extract("/x/specifications/a-1.gemspec", std::string(kMaxGemspecBytes + 1, ' '), sink);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kLimitExceeded);
  Status lock = Extract("/app/Gemfile.lock", std::string(kMaxLockfileBytes + 1, '\n'), sink);
  ASSERT_FALSE(lock);
  EXPECT_EQ(lock.error().code(), ErrorCode::kLimitExceeded);
  Limits limits;
  limits.max_file_bytes = 4;
  Status st2 = Extract("/app/Gemfile.lock", "GEM\n  specs:\n    a (1)\n", sink, limits);
  ASSERT_FALSE(st2);
  EXPECT_EQ(st2.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_TRUE(sink.packages.empty());
}

TEST(RubyExtractorTest, WarningsAreCappedPerFile) {
  std::string text = "GEM\n  specs:\n";
  for (int i = 0; i < 300; ++i) text += "    bad\n";
  RecordingSink sink;
  ASSERT_TRUE(Extract("/app/Gemfile.lock", text, sink));
  // 100 warnings, then one summary of the 200 suppressed.
  EXPECT_EQ(sink.warnings.size(), 101u);
  EXPECT_EQ(sink.warnings.back().error.code(), ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace hullscan::extract::ruby
