// URL normalisation and resolution for the site crawler (libcurl's URL API).
#include "klantreis/crawler/web_url.h"

#include <gtest/gtest.h>

namespace kr::crawler {
namespace {

struct NormCase {
  const char* in;
  const char* out;  // nullptr: rejected
};

TEST(WebUrl, NormalisesSpellingsOfOneAddressToOneString) {
  const NormCase cases[] = {
      {"HTTP://Example.COM/a", "http://example.com/a"},
      {"http://example.com:80/a", "http://example.com/a"},
      {"https://example.com:443/a", "https://example.com/a"},
      {"http://example.com:8080/a", "http://example.com:8080/a"},
      {"http://example.com", "http://example.com/"},
      {"http://example.com/a/./b/../c", "http://example.com/a/c"},
      {"http://example.com/a#frag", "http://example.com/a"},
      {"http://example.com/%7ejoe/%c3%bc", "http://example.com/~joe/%C3%BC"},
      {"http://example.com/a?b=%2f", "http://example.com/a?b=%2F"},
      {"http://example.com./a", "http://example.com/a"},
      {"http://[::1]:8080/x", "http://[::1]:8080/x"},
      {"mailto:someone@example.com", nullptr},
      {"javascript:void(0)", nullptr},
      {"ftp://example.com/file", nullptr},
      {"/relative/path", nullptr},
      {"http://", nullptr},
  };
  for (const NormCase& c : cases) {
    Result<WebUrl> u = ParseWebUrl(c.in);
    if (c.out == nullptr) {
      EXPECT_FALSE(u.ok()) << c.in << " -> " << (u.ok() ? u->url : "");
    } else {
      ASSERT_TRUE(u.ok()) << c.in << ": " << u.status().message();
      EXPECT_EQ(u->url, c.out) << c.in;
    }
  }
}

TEST(WebUrl, ResolvesReferencesAgainstTheBase) {
  const char* base = "http://example.com/dir/page.html?x=1";
  struct {
    const char* ref;
    const char* out;
  } cases[] = {
      {"other.html", "http://example.com/dir/other.html"},
      {"../up", "http://example.com/up"},
      {"/abs", "http://example.com/abs"},
      {"?y=2", "http://example.com/dir/page.html?y=2"},
      {"#top", "http://example.com/dir/page.html?x=1"},
      {"//cdn.example.org/x", "http://cdn.example.org/x"},
      {"  spaced.html \n", "http://example.com/dir/spaced.html"},
      {"https://Other.org:443/", "https://other.org/"},
  };
  for (const auto& c : cases) {
    Result<WebUrl> u = ResolveWebUrl(base, c.ref);
    ASSERT_TRUE(u.ok()) << c.ref << ": " << u.status().message();
    EXPECT_EQ(u->url, c.out) << c.ref;
  }
  EXPECT_FALSE(ResolveWebUrl(base, "mailto:a@b.c").ok());
  EXPECT_FALSE(ResolveWebUrl(base, "javascript:alert(1)").ok());
}

TEST(WebUrl, OriginIsSchemeHostAndPort) {
  WebUrl a = *ParseWebUrl("http://example.com/a");
  EXPECT_EQ(a.Origin(), "http://example.com");
  EXPECT_EQ(a.port, 80);
  EXPECT_TRUE(a.SameOrigin(*ParseWebUrl("http://EXAMPLE.com:80/b")));
  EXPECT_FALSE(a.SameOrigin(*ParseWebUrl("https://example.com/a")));
  EXPECT_FALSE(a.SameOrigin(*ParseWebUrl("http://example.com:8080/a")));
  EXPECT_FALSE(a.SameOrigin(*ParseWebUrl("http://www.example.com/a")));
  EXPECT_EQ(ParseWebUrl("http://127.0.0.1:8123/x")->Origin(), "http://127.0.0.1:8123");
}

TEST(WebUrl, RejectsNulBytesAndGarbageWithoutCrashing) {
  EXPECT_FALSE(ParseWebUrl(std::string("http://a.b/\0x", 13)).ok());
  std::string junk;
  for (int i = 0; i < 5000; ++i) junk += static_cast<char>((i * 7919) % 255 + 1);
  (void)ParseWebUrl(junk);
  (void)ResolveWebUrl("http://a.b/", junk);
  (void)ParseWebUrl("http://a.b/" + std::string(200000, 'x'));
}

}  // namespace
}  // namespace kr::crawler
