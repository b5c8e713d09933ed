// Branding: colours checked, the logo recognised by its bytes and embedded
// as a data URI, names escaped.
#include "klantreis/reports/branding.h"

#include <gtest/gtest.h>

#include "klantreis/testutil.h"

namespace kr::reports {
namespace {

using testutil::TempDir;

TEST(Branding, LogoIsEmbeddedAsADataUriAndNamesAreEscaped) {
  TempDir tmp;
  tmp.Write("logo.png", std::string("\x89PNG\r\n\x1a\n", 8) + "ab");
  auto b = MakeBranding("Bureau <Noord> & Co", tmp.File("logo.png"), "#a30", "#00aa00", "b.toml: branding");
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(b->logo_mime, "image/png");
  // base64 of the 10 bytes, with padding
  EXPECT_EQ(LogoDataUri(*b), "data:image/png;base64,iVBORw0KGgphYg==");
  std::string header = BrandingHeaderHtml(*b);
  EXPECT_NE(header.find("<img src=\"data:image/png;base64,"), std::string::npos);
  EXPECT_NE(header.find("Bureau &lt;Noord&gt; &amp; Co"), std::string::npos);
  EXPECT_EQ(header.find(tmp.path()), std::string::npos) << "no local path";
  EXPECT_NE(BrandingCss(*b).find("h1,h2{color:#a30}"), std::string::npos);
  EXPECT_NE(BrandingCss(*b).find(".service .bar span{background:#00aa00}"), std::string::npos);
  EXPECT_EQ(BrandingHeaderHtml(Branding{}), "");
  EXPECT_EQ(BrandingCss(Branding{}), "");

  tmp.Write("logo.svg", "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>");
  auto svg = MakeBranding("", tmp.File("logo.svg"), "", "", "x");
  ASSERT_TRUE(svg.ok());
  EXPECT_EQ(svg->logo_mime, "image/svg+xml");
}

TEST(Branding, BadColoursAndLogosAreRefusedNamingTheKey) {
  TempDir tmp;
  auto css = MakeBranding("", "", "red;}body{display:none", "", "b.toml: branding");
  ASSERT_FALSE(css.ok());
  EXPECT_NE(css.status().message().find("b.toml: branding.primary_colour: \"red;}body{display:none\" is no colour"),
            std::string::npos)
      << css.status().message();
  EXPECT_FALSE(MakeBranding("", "", "", "#12345", "w").ok());
  EXPECT_FALSE(MakeBranding("", "", "#ggg", "", "w").ok());
  auto missing = MakeBranding("", tmp.File("nope.png"), "", "", "w");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("w.logo: "), std::string::npos);
  tmp.Write("logo.txt", "not an image");
  auto text = MakeBranding("", tmp.File("logo.txt"), "", "", "w");
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("is no PNG, JPEG or SVG image"), std::string::npos);
  tmp.Write("big.png", std::string("\x89PNG\r\n\x1a\n", 8) + std::string(600 * 1024, 'x'));
  EXPECT_FALSE(MakeBranding("", tmp.File("big.png"), "", "", "w").ok());
}

}  // namespace
}  // namespace kr::reports
