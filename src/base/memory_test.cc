#include "base/memory.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hullscan {
namespace {

TEST(ByteArena, CopiesStayValidAndDistinct) {
  ByteArena arena;
  std::vector<std::string> originals;
  std::vector<std::string_view> copies;
  // Enough small strings to fill more than one block, and one larger than a block.
  for (int i = 0; i < 60000; ++i) originals.push_back(std::to_string(i) + std::string(80, 'x'));
  originals.push_back(std::string(5 << 20, 'y'));
  originals.push_back("after the large one");
  for (const auto& s : originals) copies.push_back(arena.Copy(s));
  ByteArena moved = std::move(arena);
  for (size_t i = 0; i < originals.size(); ++i) {
    ASSERT_EQ(copies[i], originals[i]) << i;
    EXPECT_NE(copies[i].data(), originals[i].data());
  }
  EXPECT_TRUE(moved.Copy("").empty());
  // The moved-from arena starts over in blocks of its own.
  std::string_view again = arena.Copy("again");
  EXPECT_EQ(again, "again");
  EXPECT_EQ(moved.Copy("more"), "more");
  for (size_t i = 0; i < originals.size(); ++i) ASSERT_EQ(copies[i], originals[i]) << i;
}

TEST(AdviseHugePages, IsOnlyAdvice) {
  // Small, unaligned, null: nothing to advise, nothing changes.
  AdviseHugePages(nullptr, 0);
  std::string small(100, 'a');
  AdviseHugePages(small.data(), small.size());
  EXPECT_EQ(small, std::string(100, 'a'));
  std::vector<char> big(size_t{8} << 20, 'b');
  AdviseHugePages(big.data(), big.size());
  EXPECT_EQ(big[0], 'b');
  EXPECT_EQ(big[big.size() / 2], 'b');
  EXPECT_EQ(big.back(), 'b');
}

}  // namespace
}  // namespace hullscan
