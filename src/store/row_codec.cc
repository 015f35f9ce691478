#include "store/row_codec.h"

#include <cstring>

namespace hullscan::store {

namespace {

class Writer {
 public:
  void U(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void S(std::string_view s) {
    U(s.size());
    out_.append(s);
  }
  void D(double d) {
    uint64_t bits;
    std::memcpy(&bits, &d, sizeof bits);
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool U(uint64_t* v) {
    uint64_t out = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return false;
      auto b = static_cast<unsigned char>(in_[pos_++]);
      out |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) {
        *v = out;
        return true;
      }
    }
    return false;
  }
  bool S(std::string_view* s) {
    uint64_t n;
    if (!U(&n) || n > in_.size() - pos_) return false;
    *s = in_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  bool S(std::string* s) {
    std::string_view v;
    if (!S(&v)) return false;
    s->assign(v);
    return true;
  }
  bool D(double* d) {
    if (in_.size() - pos_ < 8) return false;
    uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits |= static_cast<uint64_t>(static_cast<unsigned char>(in_[pos_ + i])) << (8 * i);
    pos_ += 8;
    std::memcpy(d, &bits, sizeof bits);
    return true;
  }
  /// A count of items that each take at least one byte: never more than what is left.
  bool Count(uint64_t* n) { return U(n) && *n <= in_.size() - pos_; }
  std::string_view Rest() const { return in_.substr(pos_); }
  bool AtEnd() const { return pos_ == in_.size(); }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

Error Corrupt(std::string_view what) {
  return Error(ErrorCode::kDatabase, "advisory database: unreadable " + std::string(what) +
                                         " (rebuild it with `hullscan db update` or `db import`)");
}

void PutRanges(Writer& w, const std::vector<model::AffectedRange>& ranges) {
  w.U(ranges.size());
  for (const auto& r : ranges) {
    w.U(static_cast<uint64_t>(r.type));
    if (r.type == model::AffectedRange::Type::kConstraints) {
      w.U(r.all_of.size());
      for (const auto& c : r.all_of) {
        w.U(static_cast<uint64_t>(c.op));
        w.S(c.version);
      }
    } else {
      w.U(r.events.size());
      for (const auto& e : r.events) {
        w.U(static_cast<uint64_t>(e.kind));
        w.S(e.version);
      }
    }
  }
}

bool GetRanges(Reader& r, std::vector<RangeView>& out) {
  uint64_t n;
  if (!r.Count(&n)) return false;
  out.resize(n);
  for (auto& range : out) {
    uint64_t type, items;
    if (!r.U(&type) || type > static_cast<uint64_t>(model::AffectedRange::Type::kConstraints)) return false;
    range.type = static_cast<model::AffectedRange::Type>(type);
    if (!r.Count(&items)) return false;
    // `out` may be reused: what the other kind of range had goes.
    if (range.type == model::AffectedRange::Type::kConstraints) {
      range.events.clear();
      range.all_of.resize(items);
      for (auto& c : range.all_of) {
        uint64_t op;
        if (!r.U(&op) || op > static_cast<uint64_t>(model::VersionConstraint::Op::kNe) || !r.S(&c.version)) return false;
        c.op = static_cast<model::VersionConstraint::Op>(op);
      }
    } else {
      range.all_of.clear();
      range.events.resize(items);
      for (auto& e : range.events) {
        uint64_t kind;
        if (!r.U(&kind) || kind > static_cast<uint64_t>(model::RangeEvent::Kind::kLimit) || !r.S(&e.version)) return false;
        e.kind = static_cast<model::RangeEvent::Kind>(kind);
      }
    }
  }
  return true;
}

// A decoded range, copied into the model's form.
void CopyRanges(const std::vector<RangeView>& in, std::vector<model::AffectedRange>& out) {
  out.resize(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const RangeView& v = in[i];
    model::AffectedRange& range = out[i];
    range.type = v.type;
    range.events.resize(v.events.size());
    for (size_t k = 0; k < v.events.size(); ++k) {
      range.events[k].kind = v.events[k].kind;
      range.events[k].version.assign(v.events[k].version);
    }
    range.all_of.resize(v.all_of.size());
    for (size_t k = 0; k < v.all_of.size(); ++k) {
      range.all_of[k].op = v.all_of[k].op;
      range.all_of[k].version.assign(v.all_of[k].version);
    }
  }
}

void PutSeverity(Writer& w, const std::optional<model::SeverityScore>& s) {
  w.U(s ? 1 : 0);
  if (!s) return;
  w.S(s->type);
  w.S(s->vector);
  w.D(s->score);
  w.S(s->label);
  w.S(s->source);
}

bool GetSeverity(Reader& r, std::optional<SeverityView>& out) {
  uint64_t present;
  if (!r.U(&present) || present > 1) return false;
  if (!present) {
    out.reset();
    return true;
  }
  SeverityView s;
  if (!r.S(&s.type) || !r.S(&s.vector) || !r.D(&s.score) || !r.S(&s.label) || !r.S(&s.source)) return false;
  out = s;
  return true;
}

std::optional<model::SeverityScore> ToScore(const std::optional<SeverityView>& s) {
  if (!s) return std::nullopt;
  return s->ToScore();
}

}  // namespace

std::string EncodeAffected(const model::AffectedPackage& p) {
  Writer w;
  w.U(static_cast<uint64_t>(p.state));
  w.S(p.note);
  PutRanges(w, p.ranges);
  PutRanges(w, p.unaffected);
  w.U(p.versions.size());
  for (const auto& v : p.versions) w.S(v);
  return w.Take();
}

Status DecodeAffectedView(std::string_view blob, AffectedView& out) {
  Reader r(blob);
  uint64_t state;
  if (!r.U(&state) || state > static_cast<uint64_t>(model::FixState::kNotAffected)) return MakeError(Corrupt("affected row"));
  out.state = static_cast<model::FixState>(state);
  if (!r.S(&out.note) || !GetRanges(r, out.ranges) || !GetRanges(r, out.unaffected)) {
    return MakeError(Corrupt("affected row"));
  }
  out.versions = r.Rest();
  return OkStatus();
}

Result<std::string_view> DecodeAffected(std::string_view blob, model::AffectedPackage& out) {
  AffectedView v;
  HS_RETURN_IF_ERROR(DecodeAffectedView(blob, v));
  out.state = v.state;
  out.note.assign(v.note);
  CopyRanges(v.ranges, out.ranges);
  CopyRanges(v.unaffected, out.unaffected);
  out.versions.clear();
  return v.versions;
}

Result<bool> VersionListHas(std::string_view list, std::string_view version) {
  Reader r(list);
  uint64_t n;
  if (!r.Count(&n)) return MakeError(Corrupt("version list"));
  for (uint64_t i = 0; i < n; ++i) {
    std::string_view v;
    if (!r.S(&v)) return MakeError(Corrupt("version list"));
    if (v == version) return true;
  }
  return false;
}

Result<std::vector<std::string>> DecodeVersionList(std::string_view list) {
  Reader r(list);
  uint64_t n;
  if (!r.Count(&n)) return MakeError(Corrupt("version list"));
  std::vector<std::string> out(n);
  for (auto& v : out) {
    if (!r.S(&v)) return MakeError(Corrupt("version list"));
  }
  if (!r.AtEnd()) return MakeError(Corrupt("version list"));
  return out;
}

std::string EncodeCard(const AdvisoryCard& c) {
  Writer w;
  w.S(c.feed_format);
  w.S(c.id);
  w.U(c.aliases.size());
  for (const auto& a : c.aliases) w.S(a);
  w.S(c.summary);
  PutSeverity(w, c.severity);
  PutSeverity(w, c.related_severity);
  w.D(c.epss_score);
  w.D(c.epss_percentile);
  w.S(c.kev_date_added);
  return w.Take();
}

model::SeverityScore SeverityView::ToScore() const {
  model::SeverityScore s;
  s.type = type;
  s.vector = vector;
  s.score = score;
  s.label = label;
  s.source = source;
  return s;
}

namespace {

// The card's fields up to its aliases: the format, the id, the aliases.
bool GetCardIds(Reader& r, std::string_view& feed_format, CardView& out) {
  uint64_t n;
  if (!r.S(&feed_format) || !r.S(&out.id) || !r.Count(&n)) return false;
  out.aliases.resize(n);
  for (auto& a : out.aliases) {
    if (!r.S(&a)) return false;
  }
  return true;
}

}  // namespace

Status DecodeCardIds(std::string_view blob, CardView& out) {
  Reader r(blob);
  std::string_view feed_format;
  if (!GetCardIds(r, feed_format, out)) return MakeError(Corrupt("advisory card"));
  return OkStatus();
}

Status DecodeCardView(std::string_view blob, CardView& out) {
  Reader r(blob);
  if (!GetCardIds(r, out.feed_format, out)) return MakeError(Corrupt("advisory card"));
  if (!r.S(&out.summary) || !GetSeverity(r, out.severity) || !GetSeverity(r, out.related_severity) ||
      !r.D(&out.epss_score) || !r.D(&out.epss_percentile) || !r.S(&out.kev_date_added) || !r.AtEnd()) {
    return MakeError(Corrupt("advisory card"));
  }
  return OkStatus();
}

Result<AdvisoryCard> DecodeCard(std::string_view blob) {
  CardView v;
  HS_RETURN_IF_ERROR(DecodeCardView(blob, v));
  AdvisoryCard c;
  c.feed_format = v.feed_format;
  c.id = v.id;
  c.aliases.assign(v.aliases.begin(), v.aliases.end());
  c.summary = v.summary;
  c.severity = ToScore(v.severity);
  c.related_severity = ToScore(v.related_severity);
  c.epss_score = v.epss_score;
  c.epss_percentile = v.epss_percentile;
  c.kev_date_added = v.kev_date_added;
  return c;
}

int64_t IndexKey(std::string_view ecosystem, std::string_view name) {
  // FNV-1a, 64 bits (http://www.isthe.com/chongo/tech/comp/fnv/): stable across builds and hosts.
  uint64_t h = 0xcbf29ce484222325ull;
  auto mix = [&](std::string_view s) {
    for (char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 0x100000001b3ull;
    }
  };
  mix(ecosystem);
  mix(std::string_view("\0", 1));
  mix(name);
  return static_cast<int64_t>(h);
}

void AppendIndexRow(std::string& rows, int64_t advisory_key, std::string_view affected, std::string_view card) {
  Writer w;
  w.U(static_cast<uint64_t>(advisory_key));
  w.S(affected);
  w.S(card);
  rows += w.Take();
}

std::string IndexGroup(std::string_view ecosystem, std::string_view name, std::string_view rows) {
  Writer w;
  w.S(ecosystem);
  w.S(name);
  w.S(rows);
  return w.Take();
}

Result<std::vector<IndexRow>> DecodeIndexEntry(std::string_view entry, std::string_view ecosystem,
                                               std::string_view name) {
  Reader groups(entry);
  std::vector<IndexRow> out;
  while (!groups.AtEnd()) {
    std::string_view eco, nm, rows;
    if (!groups.S(&eco) || !groups.S(&nm) || !groups.S(&rows)) return MakeError(Corrupt("match index entry"));
    if (eco != ecosystem || nm != name) continue;
    Reader r(rows);
    while (!r.AtEnd()) {
      uint64_t key;
      IndexRow row;
      if (!r.U(&key) || !r.S(&row.affected) || !r.S(&row.card)) return MakeError(Corrupt("match index entry"));
      row.advisory_key = static_cast<int64_t>(key);
      out.push_back(row);
    }
  }
  return out;
}

}  // namespace hullscan::store
