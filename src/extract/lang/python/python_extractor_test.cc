#include "extract/lang/python/python_extractor.h"

#include <algorithm>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "extract/common/testing_io.h"
#include "extract/lang/python/python_parsers.h"
#include "testing/testing.h"

namespace hullscan::extract::python {
namespace {

using common::RecordingSink;
using testing::ReadTestFile;
using testing::SharedPath;
using common::NameVersion;
using common::Pairs;

std::string Fixture(const std::string& rel) { return SharedPath("fixtures/lang/python/" + rel); }

const common::ExtractWith Extract(NewPythonExtractor);

TEST(PythonExtractorTest, NameAndVersion) { common::ExpectNameAndVersion(*NewPythonExtractor(), "lang/python", 2); }

TEST(PythonExtractorTest, Wants) {
  using layer::EntryType;
  const common::WantsCase cases[] = {
      {"dist-info", "/usr/lib/python3/dist-packages/chardet-5.1.0.dist-info/METADATA", EntryType::kRegular, true},
      {"venv dist-info", "/opt/venv/lib/python3.11/site-packages/pip-23.0.1.dist-info/METADATA", EntryType::kRegular, true},
      {"egg-info dir", "/usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO", EntryType::kRegular, true},
      {"egg-info file", "/usr/lib/python3.9/site-packages/distlib-0.3.1-py3.9.egg-info", EntryType::kRegular, true},
      {"unzipped egg", "/usr/lib/python3/site-packages/x-1.0-py3.egg/EGG-INFO/PKG-INFO", EntryType::kRegular, true},
      {"poetry", "/app/poetry.lock", EntryType::kRegular, true},
      {"uv", "/app/uv.lock", EntryType::kRegular, true},
      {"pipfile", "/app/Pipfile.lock", EntryType::kRegular, true},
      {"requirements", "/app/requirements.txt", EntryType::kRegular, true},
      {"requirements-dev", "/app/requirements-dev.txt", EntryType::kRegular, true},
      {"egg-info dir entry", "/usr/lib/python3/dist-packages/six-1.16.0.egg-info", EntryType::kDirectory, false},
      {"RECORD", "/x/pip-23.0.1.dist-info/RECORD", EntryType::kRegular, false},
      {"WHEEL", "/x/pip-23.0.1.dist-info/WHEEL", EntryType::kRegular, false},
      {"METADATA elsewhere", "/x/pip/METADATA", EntryType::kRegular, false},
      {"PKG-INFO of an sdist", "/src/pip-23.0.1/PKG-INFO", EntryType::kRegular, false},
      {"requires.txt", "/x/requests-2.28.1.egg-info/requires.txt", EntryType::kRegular, false},
      {"requirements.py", "/x/pip/_internal/req/requirements.py", EntryType::kRegular, false},
      {"zipped egg", "/x/monotonic-1.6-py3.10.egg", EntryType::kRegular, false},
      {"wheel", "/x/monotonic-1.6-py2.py3-none-any.whl", EntryType::kRegular, false},
      {"Pipfile", "/app/Pipfile", EntryType::kRegular, false},
      {"pdm", "/app/pdm.lock", EntryType::kRegular, false},
      {"lock symlink", "/app/poetry.lock", EntryType::kSymlink, false},
  };
  auto e = NewPythonExtractor();
  common::ExpectWants(*e, cases);
}

TEST(PythonExtractorTest, Metadata) {
  struct Case {
    const char* file;
    NameVersion want;
  };
  const Case cases[] = {
      {"metadata/asyncssh-2.14.2.METADATA", {"asyncssh", "2.14.2"}},
      {"metadata/distlib-0.3.1-py3.9.egg-info", {"distlib", "0.3.1"}},
      {"metadata/iniconfig-2.0.0.METADATA", {"iniconfig", "2.0.0"}},
      {"metadata/networkx-3.0.METADATA", {"networkx", "3.0"}},
      {"metadata/pyopenssl-26.0.0.METADATA", {"pyOpenSSL", "26.0.0"}},
      {"metadata/scalibr-distinfo.METADATA", {"pip", "22.2.2"}},
      {"metadata/scalibr-egginfo.PKG-INFO", {"setuptools", "57.4.0"}},
      {"metadata/setuptools-51.3.3-py3.8.egg-info.PKG-INFO", {"setuptools", "51.3.3"}},
      {"metadata/unidecode-egg-info.PKG-INFO", {"Unidecode", "0.4.1"}},
      {"metadata/zipp-3.12.1.METADATA", {"zipp", "3.12.1"}},
      {"dist-packages/charset_normalizer-3.0.1.dist-info/METADATA", {"charset-normalizer", "3.0.1"}},
      {"dist-packages/requests-2.28.1.egg-info/PKG-INFO", {"requests", "2.28.1"}},
      {"dist-packages/urllib3-1.26.12.egg-info/PKG-INFO", {"urllib3", "1.26.12"}},
      {"site-packages/pip-23.0.1.dist-info/METADATA", {"pip", "23.0.1"}},
      {"site-packages/setuptools-66.1.1.dist-info/METADATA", {"setuptools", "66.1.1"}},
  };
  for (const Case& c : cases) {
    std::string f = Fixture(c.file);
    HS_REQUIRE_PATH(f);
    const std::string image_path = "/usr/lib/python3/dist-packages/x-1.dist-info/METADATA";
    RecordingSink sink;
    ASSERT_TRUE(Extract(image_path, ReadTestFile(f), sink)) << c.file;
    ASSERT_EQ(sink.packages.size(), 1u) << c.file;
    EXPECT_EQ(Pairs(sink.packages)[0], c.want) << c.file;
    EXPECT_EQ(sink.packages[0].type, model::PackageType::kPypi);
    EXPECT_EQ(sink.packages[0].path, image_path);
    EXPECT_EQ(sink.packages[0].extractor, "lang/python");
    EXPECT_TRUE(sink.warnings.empty());
  }
}

TEST(PythonExtractorTest, MetadataHandWritten) {
  EXPECT_EQ(ParseMetadata("name: a\r\nVERSION: 1.0\r\n").value(), (Found{"a", "1.0", false}));
  EXPECT_EQ(ParseMetadata("Metadata-Version: 2.1\nName: a\nSummary: x\n  more\nVersion:  2 \n").value(),
            (Found{"a", "2", false}));
  auto no_version = ParseMetadata("Name: a\n\nVersion: 1\n");  // the body is not headers
  ASSERT_FALSE(no_version);
  EXPECT_EQ(no_version.error().code(), ErrorCode::kCorrupt);
  EXPECT_EQ(no_version.error().message(), "metadata: no 'Version:' header before the first blank line");
  EXPECT_FALSE(ParseMetadata(""));
  EXPECT_FALSE(ParseMetadata(std::string("\0\0\0", 3)));
}

TEST(PythonExtractorTest, TomlLocks) {
  struct Case {
    const char* file;
    const char* image_path;
    size_t count;
    std::vector<NameVersion> first;
  };
  const Case cases[] = {
      {"poetry.lock", "/app/poetry.lock", 5, {{"certifi", "2024.2.2"}, {"charset-normalizer", "3.3.2"}, {"idna", "3.7"}}},
      {"poetry.v2.lock", "/app/poetry.lock", 11, {{"async-timeout", "5.0.1"}, {"factory-boy", "3.3.1"}}},
      {"poetry-trivy.lock", "/app/poetry.lock", 3, {{"click", "8.1.3"}, {"colorama", "0.4.6"}, {"werkzeug", "0.14"}}},
      {"uv.lock", "/app/uv.lock", 5,
       {{"certifi", "2025.1.31"}, {"charset-normalizer", "3.4.1"}, {"idna", "3.10"}, {"requests", "2.32.3"},
        {"urllib3", "2.3.0"}}},
  };
  for (const Case& c : cases) {
    std::string f = Fixture(c.file);
    HS_REQUIRE_PATH(f);
    RecordingSink sink;
    ASSERT_TRUE(Extract(c.image_path, ReadTestFile(f), sink)) << c.file;
    EXPECT_TRUE(sink.warnings.empty()) << c.file;
    std::vector<NameVersion> got = Pairs(sink.packages);
    EXPECT_EQ(got.size(), c.count) << c.file;
    got.resize(std::min(got.size(), c.first.size()));
    EXPECT_EQ(got, c.first) << c.file;
  }
}

TEST(PythonExtractorTest, TomlHandWritten) {
  auto out = ParseTomlLock(
      "[[package]]\nname = \"a\"\ndescription = \"\"\"\nname = \"fake\"\n\"\"\"\nversion = '1.0'\n"
      "[package.dependencies]\nname = \"dep\"\n[[package]]\nversion = \"2\"\n",
      "poetry.lock");
  ASSERT_TRUE(out);
  EXPECT_EQ(Pairs(out->packages), (std::vector<NameVersion>{{"a", "1.0"}}));
  ASSERT_EQ(out->warnings.size(), 1u);
  EXPECT_EQ(out->warnings[0].message(), "line 9: [[package]] without name or version; skipped");
  EXPECT_FALSE(ParseTomlLock("garbage garbage\n", "uv.lock"));
  EXPECT_TRUE(ParseTomlLock("", "uv.lock"));
}

TEST(PythonExtractorTest, PipfileLocks) {
  std::string f = Fixture("Pipfile.lock");
  HS_REQUIRE_PATH(f);
  auto out = ParsePipfileLock(ReadTestFile(f));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->packages.size(), 10u);
  std::vector<NameVersion> got = Pairs(out->packages);
  got.resize(3);
  EXPECT_EQ(got, (std::vector<NameVersion>{{"certifi", "2019.3.9"}, {"chardet", "3.0.4"}, {"django", "2.2"}}));

  std::string g = Fixture("Pipfile-syft.lock");
  HS_REQUIRE_PATH(g);
  auto out2 = ParsePipfileLock(ReadTestFile(g));
  ASSERT_TRUE(out2);
  EXPECT_EQ(out2->packages.size(), 6u);
  EXPECT_EQ(Pairs(out2->packages)[2], (NameVersion{"aiohttp", "3.7.4.post0"}));
  // "develop" holds astroid and autopep8: development-only.
  std::vector<std::string> dev;
  for (const Found& p : out2->packages) {
    if (p.dev) dev.push_back(p.name);
  }
  EXPECT_EQ(dev, (std::vector<std::string>{"astroid", "autopep8"}));
  EXPECT_FALSE(ParsePipfileLock("[]"));
  EXPECT_FALSE(ParsePipfileLock("{"));
}

TEST(PythonExtractorTest, Requirements) {
  struct Case {
    const char* file;
    std::vector<NameVersion> want;
  };
  const Case cases[] = {
      {"requirements/requirement_exstras.txt", {{"pyjwt", "2.1.0"}, {"celery", "4.4.7"}}},
      {"requirements/requirements_comments.txt",
       {{"click", "8.0.0"}, {"Flask", "2.0.0"}, {"Jinja2", "3.0.0"}, {"MarkupSafe", "2.0.0"}}},
      {"requirements/requirements_flask.txt",
       {{"click", "8.0.0"}, {"Flask", "2.0.0"}, {"itsdangerous", "2.0.0"}, {"Jinja2", "3.0.0"},
        {"MarkupSafe", "2.0.0"}, {"Werkzeug", "2.0.0"}}},
      {"requirements/requirements_hash.txt", {{"FooProject", "1.2"}, {"Jinja2", "3.0.0"}}},
      {"requirements/requirements_operator.txt", {{"Django", "2.3.4"}, {"SomeProject", "5.4"}}},
      {"requirements/requirements_utf16le.txt", {{"attrs", "20.3.0"}}},
      {"requirements/syft-requires.txt",
       {{"flask", "4.0.0"}, {"urllib3", "1.26.20"}, {"foo", "1.0.0"}, {"SomeProject", "5.4"},
        {"dots-._allowed", "1.0.0"}, {"argh", "0.26.2"}, {"argh", "0.26.3"}, {"celery", "4.4.7"},
        {"FrIeNdLy-_-bArD", "1.0.0"}, {"local-version", "1.2.3+gcr.2"}}},
  };
  for (const Case& c : cases) {
    std::string f = Fixture(c.file);
    HS_REQUIRE_PATH(f);
    RecordingSink sink;
    ASSERT_TRUE(Extract("/app/requirements.txt", ReadTestFile(f), sink)) << c.file;
    EXPECT_EQ(Pairs(sink.packages), c.want) << c.file;
  }
  EXPECT_EQ(Pairs(ParseRequirements("a==1.*\nb==1,!=1.1\nc == 2 --hash=sha256:x\nd@https://x/d.whl\n").packages),
            (std::vector<NameVersion>{{"c", "2"}}));
}

// The pypi rows of the debian-app ground truth, by evidence path.
TEST(PythonExtractorTest, DebianAppFixturesMatchGroundTruth) {
  std::string tsv = SharedPath("images/expected/debian-app.packages.tsv");
  HS_REQUIRE_PATH(tsv);
  std::istringstream in(ReadTestFile(tsv));
  std::string line;
  int checked = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    if (cols.size() < 5 || cols[0] != "pypi") continue;
    // The fixture copies keep the last two path components.
    size_t cut = cols[4].rfind('/', cols[4].rfind('/') - 1);
    std::string rel = cols[4].substr(cut + 1);
    std::string f = Fixture((cols[4].find("site-packages") != std::string::npos ? "site-packages/" : "dist-packages/") + rel);
    if (f.empty()) continue;
    RecordingSink sink;
    ASSERT_TRUE(Extract(cols[4], ReadTestFile(f), sink)) << cols[4];
    ASSERT_EQ(sink.packages.size(), 1u);
    EXPECT_EQ(Pairs(sink.packages)[0], (NameVersion{cols[1], cols[2]})) << cols[4];
    ++checked;
  }
  EXPECT_EQ(checked, 4);  // charset-normalizer, requests, urllib3, pip
}

TEST(PythonExtractorTest, Oversize) {
  RecordingSink sink;
  Status st = Extract("/x/a-1.dist-info/METADATA", std::string(kMaxMetadataBytes + 1, 'x'), sink);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kLimitExceeded);
  Limits limits;
  limits.max_file_bytes = 4;
  Status st2 = Extract("/app/requirements.txt", "a==1\n", sink, limits);
  ASSERT_FALSE(st2);
  EXPECT_EQ(st2.error().code(), ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace hullscan::extract::python
