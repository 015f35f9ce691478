#include "version/maven_version.h"

#include <cstdint>
#include <string>
#include <vector>

#include "version/version_text.h"

namespace hullscan::version {
namespace {

// One ComparableVersion item: IntItem/LongItem/BigIntegerItem (kNumber), StringItem (kString) or
// ListItem (kList).
struct MavenItem {
  enum class Kind : uint8_t { kNumber, kString, kList };
  Kind kind = Kind::kNumber;
  // kString: index in kQualifiers, or kUnknownRank for any other qualifier.
  uint8_t rank = 0;
  // kNumber: the digits without leading zeros. kString: the qualifier after aliasing.
  std::string text;
  // kList: the nested items.
  std::vector<MavenItem> items;
};

// StringItem.QUALIFIERS: the index is the order; "" is the release.
constexpr std::string_view kQualifiers[] = {"alpha", "beta", "milestone", "rc", "snapshot", "", "sp"};
constexpr uint8_t kReleaseRank = 5;
constexpr uint8_t kUnknownRank = 7;

MavenItem NumberItem(std::string_view digits) {
  MavenItem item;
  item.kind = MavenItem::Kind::kNumber;
  item.text = std::string(StripLeadingZeros(digits));
  return item;
}

// StringItem(value, followedByDigit): "a1" is alpha-1, "b1" beta-1, "m1" milestone-1; then the
// ALIASES table (ga, final, release -> ""; cr -> rc).
MavenItem StringItem(std::string_view value, bool followed_by_digit) {
  if (followed_by_digit && value.size() == 1) {
    if (value == "a") value = "alpha";
    if (value == "b") value = "beta";
    if (value == "m") value = "milestone";
  }
  if (value == "ga" || value == "final" || value == "release") value = "";
  if (value == "cr") value = "rc";
  MavenItem item;
  item.kind = MavenItem::Kind::kString;
  item.rank = kUnknownRank;
  for (size_t i = 0; i < std::size(kQualifiers); ++i) {
    if (kQualifiers[i] == value) item.rank = static_cast<uint8_t>(i);
  }
  item.text = std::string(value);
  return item;
}

MavenItem ParseItem(bool is_digit, std::string_view text) {
  return is_digit ? NumberItem(text) : StringItem(text, false);
}

MavenItem ListPlaceholder() {
  MavenItem item;
  item.kind = MavenItem::Kind::kList;
  return item;
}

bool IsNull(const MavenItem& item) {
  switch (item.kind) {
    case MavenItem::Kind::kNumber: return item.text == "0";
    case MavenItem::Kind::kString: return item.rank == kReleaseRank;
    case MavenItem::Kind::kList: return item.items.empty();
  }
  return false;
}

// ListItem.normalize(): drop trailing null items, looking past non-null lists.
void Normalize(std::vector<MavenItem>& items) {
  for (size_t i = items.size(); i-- > 0;) {
    if (IsNull(items[i])) {
      items.erase(items.begin() + static_cast<std::ptrdiff_t>(i));
    } else if (items[i].kind != MavenItem::Kind::kList) {
      break;
    }
  }
}

int Sign(std::strong_ordering o) { return o < 0 ? -1 : o > 0 ? 1 : 0; }

int CompareItems(const MavenItem& a, const MavenItem* b);

int CompareLists(const std::vector<MavenItem>& a, const std::vector<MavenItem>& b) {
  for (size_t i = 0; i < a.size() || i < b.size(); ++i) {
    int result;
    if (i >= a.size()) {
      result = -CompareItems(b[i], nullptr);
    } else {
      result = CompareItems(a[i], i < b.size() ? &b[i] : nullptr);
    }
    if (result != 0) return result;
  }
  return 0;
}

// Item.compareTo(item), `b` null for a missing item (the shorter list's padding).
int CompareItems(const MavenItem& a, const MavenItem* b) {
  using Kind = MavenItem::Kind;
  switch (a.kind) {
    case Kind::kNumber:
      if (b == nullptr) return a.text == "0" ? 0 : 1;
      if (b->kind == Kind::kNumber) return Sign(CompareDigits(a.text, b->text));
      return 1;  // 1.1 > 1-sp, 1.1 > 1-1
    case Kind::kString:
      if (b == nullptr) return a.rank < kReleaseRank ? -1 : a.rank > kReleaseRank ? 1 : 0;
      if (b->kind != Kind::kString) return -1;  // 1.any < 1.1, 1.any < 1-1
      if (a.rank != b->rank) return a.rank < b->rank ? -1 : 1;
      return a.rank == kUnknownRank ? Sign(CompareBytes(a.text, b->text)) : 0;
    case Kind::kList:
      if (b == nullptr) {
        // Maven 3.8 (MNG-6964): every item against null, not only the first.
        for (const MavenItem& item : a.items) {
          if (int r = CompareItems(item, nullptr); r != 0) return r;
        }
        return 0;
      }
      if (b->kind == Kind::kNumber) return -1;  // 1-1 < 1.0.x
      if (b->kind == Kind::kString) return 1;   // 1-1 > 1-sp
      return CompareLists(a.items, b->items);
  }
  return 0;
}

class MavenVersion final : public Version {
 public:
  MavenVersion(std::string text, std::vector<MavenItem> items) : text_(std::move(text)), items_(std::move(items)) {}
  SchemeId scheme() const override { return SchemeId::kMaven; }
  const std::string& text() const override { return text_; }
  const std::vector<MavenItem>& items() const { return items_; }

 private:
  std::string text_;
  std::vector<MavenItem> items_;
};

// ComparableVersion.parseVersion(). Every list opened is a child of the current one and becomes
// current, so the lists form a chain: chain[k + 1] is the last item of chain[k] (a placeholder
// until the chain is folded up, deepest first, normalising each list as Maven does).
Result<std::unique_ptr<Version>> ParseMaven(std::string_view text) {
  if (text.empty()) return VersionError("maven", text, "empty");
  if (text.size() > kMaxVersionTextBytes) {
    return VersionError("maven", text, "longer than " + std::to_string(kMaxVersionTextBytes) + " bytes");
  }
  std::string v(text);
  for (char& c : v) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return VersionError("maven", text, "contains whitespace or a control character");
    c = AsciiLower(c);
  }
  std::vector<std::vector<MavenItem>> chain(1);
  auto open_list = [&chain] {
    chain.back().push_back(ListPlaceholder());
    chain.emplace_back();
  };
  bool is_digit = false;
  size_t start = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (c == '.' || c == '-') {
      if (i == start) {
        chain.back().push_back(NumberItem("0"));
      } else {
        chain.back().push_back(ParseItem(is_digit, std::string_view(v).substr(start, i - start)));
      }
      start = i + 1;
      if (c == '-') open_list();
    } else if (IsAsciiDigit(c)) {
      if (!is_digit && i > start) {
        // Letters then a digit: "1.0.0.X1" < "1.0.0-X2", so ".X" is read as "-X".
        if (!chain.back().empty()) open_list();
        chain.back().push_back(StringItem(std::string_view(v).substr(start, i - start), true));
        start = i;
        open_list();
      }
      is_digit = true;
    } else {
      if (is_digit && i > start) {
        chain.back().push_back(NumberItem(std::string_view(v).substr(start, i - start)));
        start = i;
        open_list();
      }
      is_digit = false;
    }
  }
  if (v.size() > start) {
    if (!is_digit && !chain.back().empty()) open_list();
    chain.back().push_back(ParseItem(is_digit, std::string_view(v).substr(start)));
  }
  for (size_t k = chain.size(); k-- > 0;) {
    if (k + 1 < chain.size()) {
      HS_DCHECK(!chain[k].empty() && chain[k].back().kind == MavenItem::Kind::kList);
      chain[k].back().items = std::move(chain[k + 1]);
    }
    Normalize(chain[k]);
  }
  return std::make_unique<MavenVersion>(std::string(text), std::move(chain[0]));
}

class MavenSchemeImpl final : public VersionScheme {
 public:
  SchemeId id() const override { return SchemeId::kMaven; }
  Result<std::unique_ptr<Version>> Parse(std::string_view text) const override { return ParseMaven(text); }
  std::strong_ordering Compare(const Version& a, const Version& b) const override {
    HS_CHECK(a.scheme() == SchemeId::kMaven && b.scheme() == SchemeId::kMaven);
    int r = CompareLists(static_cast<const MavenVersion&>(a).items(), static_cast<const MavenVersion&>(b).items());
    return r < 0 ? std::strong_ordering::less : r > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
  }
};

}  // namespace

const VersionScheme& MavenScheme() {
  static const MavenSchemeImpl kScheme;
  return kScheme;
}

}  // namespace hullscan::version
