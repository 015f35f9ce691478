#include <gtest/gtest.h>

#include "model/purl.h"

namespace hullscan::model {
namespace {

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
