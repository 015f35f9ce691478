#include <gtest/gtest.h>

#include "model/purl.h"

namespace hullscan::model {
namespace {

TEST(SourceRpm, NameAndVersionRelease) {
  struct Case {
    const char* in;
    const char* name;  // nullptr: no parse
    const char* version;
  };
  const Case cases[] = {
      {"openssl-3.0.8-1.amzn2023.0.1.src.rpm", "openssl", "3.0.8-1.amzn2023.0.1"},
      {"util-linux-2.32.1-42.el8_8.src.rpm", "util-linux", "2.32.1-42.el8_8"},
      {"hello-0.0.1-rls.src.rpm", "hello", "0.0.1-rls"},
      {"foo-1-2.nosrc.rpm", "foo", "1-2"},
      {"a-b-c-1.0-1.src.rpm", "a-b-c", "1.0-1"},
      {"", nullptr, nullptr},
      {"(none)", nullptr, nullptr},
      {"foo-1.0-1.x86_64.rpm", nullptr, nullptr},
      {"foo-1.0.src.rpm", nullptr, nullptr},
      {"-1.0-1.src.rpm", nullptr, nullptr},
      {"foo--1.src.rpm", nullptr, nullptr},
      {"foo-1.0-.src.rpm", nullptr, nullptr},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.in);
    std::optional<SourceRpm> s = ParseSourceRpm(c.in);
    if (c.name == nullptr) {
      EXPECT_FALSE(s.has_value());
    } else {
      ASSERT_TRUE(s.has_value());
      EXPECT_EQ(s->name, c.name);
      EXPECT_EQ(s->version, c.version);
    }
  }
}

TEST(Purl, DebMatchesSpecExample) {
  Package p;
  p.type = PackageType::kDeb;
  p.name = "libssl3";
  p.version = "3.0.11-1~deb12u2";
  p.arch = "amd64";
  Distro d{"debian", "12", "bookworm", "", "", ""};
  EXPECT_EQ(Purl(p, d), "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12");
  EXPECT_EQ(OsvEcosystem(p, d), "Debian:12");
}

TEST(Purl, EpochIsEncoded) {
  Package p;
  p.type = PackageType::kDeb;
  p.name = "zlib1g";
  p.version = "1:1.2.13.dfsg-1";
  p.arch = "amd64";
  Distro d{"debian", "12", "bookworm", "", "", ""};
  EXPECT_EQ(Purl(p, d), "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12");
}

TEST(Purl, ApkAndRpm) {
  Package a;
  a.type = PackageType::kApk;
  a.name = "musl";
  a.version = "1.2.5-r0";
  a.arch = "x86_64";
  Distro alpine{"alpine", "3.20.3", "", "", "", ""};
  EXPECT_EQ(Purl(a, alpine), "pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.3");
  EXPECT_EQ(OsvEcosystem(a, alpine), "Alpine:v3.20");

  Package r;
  r.type = PackageType::kRpm;
  r.name = "openssl";
  r.epoch = "1";
  r.version = "1:3.0.8-1.amzn2023.0.1";
  r.arch = "x86_64";
  Distro amzn{"amzn", "2023", "", "", "", ""};
  EXPECT_EQ(Purl(r, amzn), "pkg:rpm/amazon/openssl@3.0.8-1.amzn2023.0.1?arch=x86_64&distro=amzn-2023&epoch=1");
}

}  // namespace
}  // namespace hullscan::model
