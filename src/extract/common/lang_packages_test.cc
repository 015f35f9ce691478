#include "extract/common/lang_packages.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "extract/common/testing_io.h"
#include "extract/common/text_lines.h"
#include "extract/common/warning_budget.h"

namespace hullscan::extract::common {
namespace {

Error Corrupt(int i) { return Error(ErrorCode::kCorrupt, "record " + std::to_string(i) + ": bad"); }

TEST(PackageCollectorTest, EachNameAndVersionOnceInFirstSeenOrder) {
  PackageCollector c;
  EXPECT_TRUE(c.Add("b", "1.0", true));
  EXPECT_TRUE(c.Add("a", "2.0"));
  EXPECT_TRUE(c.Add("b", "1.0", false));  // a duplicate keeps the first one's dev flag
  EXPECT_TRUE(c.Add("b", "1.1"));
  EXPECT_EQ(c.size(), 3u);
  const LangParse out = c.Take();
  EXPECT_EQ(out.packages, (std::vector<FoundPackage>{{"b", "1.0", true}, {"a", "2.0", false}, {"b", "1.1", false}}));
  EXPECT_TRUE(out.warnings.empty());
}

TEST(PackageCollectorTest, PackageAndWarningLimits) {
  PackageCollector c(2, 3);
  EXPECT_TRUE(c.Add("a", "1"));
  EXPECT_TRUE(c.Add("b", "1"));
  EXPECT_TRUE(c.Add("a", "1"));  // a duplicate is not a new package
  EXPECT_FALSE(c.Add("c", "1"));
  EXPECT_FALSE(c.Add("c", "1"));  // still does not fit, and was not remembered as seen
  for (int i = 0; i < 10; ++i) c.Warn(Corrupt(i));
  const LangParse out = c.Take();
  EXPECT_EQ(out.packages.size(), 2u);
  ASSERT_EQ(out.warnings.size(), 3u);
  EXPECT_EQ(out.warnings[2].message(), "record 2: bad");
}

TEST(EmitLangParseTest, PackagesFromTheBaseAndBudgetedWarnings) {
  LangParse parsed;
  parsed.packages = {{"left-pad", "1.3.0", false}, {"jest", "29.0.0", true}};
  for (int i = 0; i < 150; ++i) parsed.warnings.push_back(Corrupt(i));
  RecordingSink sink;
  EmitLangParse(std::move(parsed), PackageBase(model::PackageType::kNpm, "lang/npm", "/app/package-lock.json"),
                "/app/package-lock.json", sink);
  ASSERT_EQ(sink.packages.size(), 2u);
  const model::Package& p = sink.packages[1];
  EXPECT_EQ(p.type, model::PackageType::kNpm);
  EXPECT_EQ(p.name, "jest");
  EXPECT_EQ(p.version, "29.0.0");
  EXPECT_TRUE(p.dev);
  EXPECT_FALSE(sink.packages[0].dev);
  EXPECT_EQ(p.path, "/app/package-lock.json");
  EXPECT_EQ(p.extractor, "lang/npm");
  ASSERT_EQ(sink.warnings.size(), WarningBudget::kDefaultMaxWarnings + 1);
  EXPECT_EQ(sink.warnings[0].path, "/app/package-lock.json");
  EXPECT_EQ(sink.warnings[0].error.message(), "record 0: bad");
  EXPECT_EQ(sink.warnings.back().error.code(), ErrorCode::kLimitExceeded);
  EXPECT_EQ(sink.warnings.back().error.message(), "50 more warnings suppressed after the first 100");
}

TEST(EmitLangParseTest, PathLeftEmptyIsLeftToTheSink) {
  LangParse parsed;
  parsed.packages = {{"rack", "2.2.3"}};
  RecordingSink none;
  EmitLangParse(parsed, PackageBase(model::PackageType::kGem, "lang/ruby"), "/app/Gemfile.lock", none);
  ASSERT_EQ(none.packages.size(), 1u);
  EXPECT_EQ(none.packages[0].path, "");
  EXPECT_TRUE(none.warnings.empty());
  RecordingSink runner_like("/app/Gemfile.lock");
  EmitLangParse(parsed, PackageBase(model::PackageType::kGem, "lang/ruby"), "/app/Gemfile.lock", runner_like);
  EXPECT_EQ(runner_like.packages[0].path, "/app/Gemfile.lock");
}

// A small real format: "name version" lines of files named "*.list" (and of "*.big" files,
// which may hold at most 8 bytes and name the project itself).
enum class ListKind { kNone, kList, kBig, kUnread };

ListKind ClassifyList(std::string_view path) {
  if (path.ends_with(".list")) return ListKind::kList;
  if (path.ends_with(".big")) return ListKind::kBig;
  return path.ends_with(".unread") ? ListKind::kUnread : ListKind::kNone;
}

Result<LangParse> ParseList(std::string_view text) {
  PackageCollector c;
  ForEachLine(text, [&](uint64_t n, std::string_view line) {
    const size_t space = line.find(' ');
    if (space == std::string_view::npos) {
      c.Warn(Error(ErrorCode::kCorrupt, "line " + std::to_string(n) + ": no version"));
    } else if (line.substr(space + 1) == "!") {
      return false;
    } else {
      c.Add(std::string(line.substr(0, space)), std::string(line.substr(space + 1)));
    }
    return true;
  });
  if (c.size() == 0) return MakeError(ErrorCode::kCorrupt, "list: no package");
  return c.Take();
}

constexpr LangFileKind<ListKind> kListKinds[] = {
    {ListKind::kList, 32, ParseList},
    {ListKind::kBig, 8, ParseList, true},
};

constexpr LangFileFormat<ListKind> kListFormat{
    "test/list", 3, model::PackageType::kGem, ClassifyList, kListKinds, "not a .list file",
};

TEST(LangFileExtractorTest, IdentityAndWants) {
  LangFileExtractor<ListKind> x(kListFormat);
  ExpectNameAndVersion(x, "test/list", 3);
  const WantsCase cases[] = {
      {"list", "/etc/a.list", layer::EntryType::kRegular, true},
      {"kind without a row", "/etc/a.unread", layer::EntryType::kRegular, true},
      {"other", "/etc/a.lst", layer::EntryType::kRegular, false},
      {"directory", "/etc/a.list", layer::EntryType::kDirectory, false},
  };
  ExpectWants(x, cases);
}

TEST(LangFileExtractorTest, ReadsParsesAndEmits) {
  LangFileExtractor<ListKind> x(kListFormat);
  RecordingSink sink;
  ASSERT_TRUE(ExtractFromMemory(x, "/etc/a.list", "rack 2.2\nbad\nrack 2.2\n", sink));
  EXPECT_EQ(Pairs(sink.packages), (std::vector<NameVersion>{{"rack", "2.2"}}));
  const model::Package& p = sink.packages[0];
  EXPECT_EQ(p.type, model::PackageType::kGem);
  EXPECT_EQ(p.extractor, "test/list");
  EXPECT_EQ(p.path, "");  // path_in_package is false: left to the runner
  EXPECT_FALSE(p.project);
  ASSERT_EQ(sink.warnings.size(), 1u);
  EXPECT_EQ(sink.warnings[0].path, "/etc/a.list");
  EXPECT_EQ(sink.warnings[0].error.message(), "line 2: no version");

  RecordingSink project;
  ASSERT_TRUE(ExtractFromMemory(x, "/etc/a.big", "app 1\n", project));
  ASSERT_EQ(project.packages.size(), 1u);
  EXPECT_TRUE(project.packages[0].project);

  LangFileFormat<ListKind> with_path = kListFormat;
  with_path.path_in_package = true;
  LangFileExtractor<ListKind> y(with_path);
  RecordingSink pathed;
  ASSERT_TRUE(ExtractFromMemory(y, "/etc/a.list", "rack 2.2\n", pathed));
  EXPECT_EQ(pathed.packages[0].path, "/etc/a.list");
}

TEST(LangFileExtractorTest, Errors) {
  LangFileExtractor<ListKind> x(kListFormat);
  RecordingSink sink;
  for (const char* path : {"/etc/a.txt", "/etc/a.unread"}) {
    Status st = ExtractFromMemory(x, path, "rack 2.2\n", sink);
    ASSERT_FALSE(st) << path;
    EXPECT_EQ(st.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(st.error().message(), std::string("test/list: not a .list file: ") + path);
  }
  Status large = ExtractFromMemory(x, "/etc/b.big", "app 1.0.0\n", sink);  // 10 bytes > 8
  ASSERT_FALSE(large);
  EXPECT_EQ(large.error().code(), ErrorCode::kLimitExceeded);
  Status corrupt = ExtractFromMemory(x, "/etc/c.list", "bad\n", sink);
  ASSERT_FALSE(corrupt);
  EXPECT_EQ(corrupt.error().message(), "list: no package");
  EXPECT_TRUE(sink.packages.empty());
  EXPECT_TRUE(sink.warnings.empty());  // a failed parse reports its error, not its warnings
}

TEST(LineReaderTest, LinesNumbersAndLineEnds) {
  std::vector<std::pair<uint64_t, std::string>> got;
  ForEachLine("a\r\n\nb\rc\nlast", [&](uint64_t n, std::string_view line) {
    got.emplace_back(n, std::string(line));
    return true;
  });
  EXPECT_EQ(got, (std::vector<std::pair<uint64_t, std::string>>{{1, "a"}, {2, ""}, {3, "b\rc"}, {4, "last"}}));
  got.clear();
  ForEachLine("x\ny\n", [&](uint64_t n, std::string_view line) {
    got.emplace_back(n, std::string(line));
    return false;  // stop after the first
  });
  EXPECT_EQ(got, (std::vector<std::pair<uint64_t, std::string>>{{1, "x"}}));
  LineReader lines("x\ny\n");
  std::string_view line;
  ASSERT_TRUE(lines.Next(line));
  ASSERT_TRUE(lines.Next(line));
  EXPECT_EQ(line, "y");
  EXPECT_EQ(lines.line_no(), 2u);
  EXPECT_FALSE(lines.Next(line));  // a final '\n' starts no empty line
  LineReader empty("");
  EXPECT_FALSE(empty.Next(line));
}

}  // namespace
}  // namespace hullscan::extract::common
