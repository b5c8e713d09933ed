// Status: an error for want of room is an IoError that says so (IsNoSpace),
// from errno and through a context; other errors are not.
#include "klantreis/core/status.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace kr {
namespace {

TEST(Status, NoRoomIsAnIoErrorThatSaysSoThroughAContext) {
  for (int err : {ENOSPC, EFBIG, EDQUOT}) {
    Status st = PosixError("/p/reviews.tsv", err);
    EXPECT_EQ(st.code(), Status::Code::kIoError) << err;
    EXPECT_TRUE(st.IsNoSpace()) << st.message();
    Status ctx = st.WithContext("review");
    EXPECT_TRUE(ctx.IsNoSpace());
    EXPECT_EQ(ctx.message(), "review: " + st.message());
  }
  EXPECT_FALSE(PosixError("/p", EACCES).IsNoSpace());
  EXPECT_FALSE(PosixError("/p", ENOENT).IsNoSpace());
  EXPECT_FALSE(Status::IoError("No space left on device").IsNoSpace()) << "a flag, not the text";
  EXPECT_FALSE(Status::Ok().IsNoSpace());
  EXPECT_TRUE(Result<int>(Status::NoSpace("x")).status().IsNoSpace());
}

}  // namespace
}  // namespace kr
