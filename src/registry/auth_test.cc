#include "registry/auth.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>

#include "base/temp_dir.h"

namespace hullscan::registry {
namespace {

TEST(ChallengeTest, ParsesBearer) {
  auto c = ParseChallenge(
      R"(Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push")");
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->scheme, "bearer");
  EXPECT_EQ(c->params["realm"], "https://auth.example/token");
  EXPECT_EQ(c->params["service"], "registry.example");
  EXPECT_EQ(c->params["scope"], "repository:a/b:pull,push");
}

TEST(ChallengeTest, ParsesBasicAndOddSpacing) {
  auto c = ParseChallenge(R"(  Basic   realm = "Registry \"Realm\"" , charset=UTF-8)");
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->scheme, "basic");
  EXPECT_EQ(c->params["realm"], "Registry \"Realm\"");
  EXPECT_EQ(c->params["charset"], "UTF-8");
  auto bare = ParseChallenge("Basic");
  ASSERT_TRUE(bare);
  EXPECT_TRUE(bare->params.empty());
}

TEST(ChallengeTest, StopsAtSecondChallenge) {
  auto c = ParseChallenge(R"(Bearer realm="r1", Basic realm="r2")");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->scheme, "bearer");
  EXPECT_EQ(c->params.size(), 1u);
  EXPECT_EQ(c->params["realm"], "r1");
}

TEST(ChallengeTest, RejectsBadInput) {
  EXPECT_FALSE(ParseChallenge(""));
  EXPECT_FALSE(ParseChallenge("   "));
  EXPECT_FALSE(ParseChallenge(R"(Bearer realm="unterminated)"));
  EXPECT_FALSE(ParseChallenge("Bearer " + std::string(9000, 'a')));
  EXPECT_FALSE(ParseChallenge("Bearer realm=x, \x01=y"));
}

TEST(TokenResponseTest, Fields) {
  EXPECT_EQ(*ParseTokenResponse(R"({"token":"abc","expires_in":300})"), "abc");
  EXPECT_EQ(*ParseTokenResponse(R"({"access_token":"xyz"})"), "xyz");
  EXPECT_EQ(*ParseTokenResponse(R"({"token":"","access_token":"xyz"})"), "xyz");
  auto none = ParseTokenResponse(R"({"tok":"a"})");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code(), ErrorCode::kAuth);
  EXPECT_FALSE(ParseTokenResponse("not json"));
  EXPECT_FALSE(ParseTokenResponse(R"({"token":"a b"})"));
  EXPECT_FALSE(ParseTokenResponse(R"(["token"])"));
}

TEST(Base64Test, RoundTrip) {
  EXPECT_EQ(Base64Encode("user:pass"), "dXNlcjpwYXNz");
  EXPECT_EQ(Base64Encode("a"), "YQ==");
  EXPECT_EQ(Base64Encode("ab"), "YWI=");
  EXPECT_EQ(*Base64Decode("dXNlcjpwYXNz"), "user:pass");
  EXPECT_EQ(*Base64Decode("YQ=="), "a");
  EXPECT_EQ(*Base64Decode("YWI"), "ab");
  EXPECT_FALSE(Base64Decode("a$b="));
  EXPECT_FALSE(Base64Decode("Y"));
}

TEST(DockerConfigTest, AuthsAndHelpers) {
  const std::string config = R"({
    "auths": {
      "https://index.docker.io/v1/": {"auth": "aHViOnNlY3JldA=="},
      "http://127.0.0.1:5000/v2/": {"auth": "dXNlcjpwYXNz"},
      "plain.example": {"username": "u", "password": "p"}
    },
    "credHelpers": {"ghcr.io": "ghcr-helper"},
    "credsStore": "desktop"
  })";
  auto hub = LookupDockerConfig(config, "docker.io", "config.json");
  ASSERT_TRUE(hub) << hub.error().message();
  EXPECT_EQ(hub->credentials.username, "hub");
  EXPECT_EQ(hub->credentials.password, "secret");
  EXPECT_EQ(hub->helper, "desktop");
  auto local = LookupDockerConfig(config, "127.0.0.1:5000", "config.json");
  ASSERT_TRUE(local);
  EXPECT_EQ(local->credentials.username, "user");
  EXPECT_EQ(local->credentials.password, "pass");
  auto plain = LookupDockerConfig(config, "plain.example", "config.json");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->credentials.username, "u");
  auto ghcr = LookupDockerConfig(config, "ghcr.io", "config.json");
  ASSERT_TRUE(ghcr);
  EXPECT_EQ(ghcr->helper, "ghcr-helper");
  EXPECT_TRUE(ghcr->credentials.empty());
  auto none = LookupDockerConfig(R"({"auths":{}})", "x.io", "config.json");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->helper.empty());
  EXPECT_TRUE(none->credentials.empty());
}

TEST(DockerConfigTest, BadInputNeverEchoesSecrets) {
  auto bad_b64 = LookupDockerConfig(R"({"auths":{"x.io":{"auth":"c2VjcmV0"}}})", "x.io", "cfg");
  ASSERT_FALSE(bad_b64);  // "secret" without ':'
  EXPECT_EQ(bad_b64.error().message().find("secret"), std::string::npos);
  auto bad_json = LookupDockerConfig(R"({"auths":{"x.io":{"auth":"hunter2" )", "x.io", "cfg");
  ASSERT_FALSE(bad_json);
  EXPECT_EQ(bad_json.error().message().find("hunter2"), std::string::npos);
  EXPECT_FALSE(LookupDockerConfig(R"({"credsStore":"../../bin/sh"})", "x.io", "cfg"));
}

TEST(CredentialHelperTest, RunsRealProgram) {
  auto dir = TempDir::Create();
  ASSERT_TRUE(dir) << dir.error().message();
  const std::string script = (*dir)->path() + "/docker-credential-hstest";
  {
    std::ofstream f(script);
    f << "#!/bin/sh\n"
         "read server\n"
         "if [ \"$1\" != get ]; then exit 2; fi\n"
         "case \"$server\" in\n"
         "  reg.example) printf '{\"ServerURL\":\"%s\",\"Username\":\"alice\",\"Secret\":\"s3cret\"}' \"$server\";;\n"
         "  *) echo 'credentials not found in native keychain'; exit 1;;\n"
         "esac\n";
  }
  ASSERT_EQ(::chmod(script.c_str(), 0755), 0);
  std::string old_path = getenv("PATH") ? getenv("PATH") : "";
  ::setenv("PATH", ((*dir)->path() + ":" + old_path).c_str(), 1);
  auto found = RunCredentialHelper("hstest", "reg.example");
  auto missing = RunCredentialHelper("hstest", "other.example");
  auto absent = RunCredentialHelper("no-such-helper-xyz", "reg.example");
  ::setenv("PATH", old_path.c_str(), 1);
  ASSERT_TRUE(found) << found.error().message();
  EXPECT_EQ(found->username, "alice");
  EXPECT_EQ(found->password, "s3cret");
  ASSERT_TRUE(missing) << missing.error().message();
  EXPECT_TRUE(missing->empty());
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().code(), ErrorCode::kAuth);
}

}  // namespace
}  // namespace hullscan::registry
