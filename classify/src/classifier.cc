// The rule-based stage classifier (decision procedure: docs/classifier.md).
//
// Per query: analyse; find every cue, brand, product term and signal phrase;
// keep the most specific match where matches overlap; add up the evidence
// per stage; pick the winner by the priority order of stages.md (with
// strength able to beat priority by a clear margin); then apply the
// project's business context (remaps, overrides) and decide the
// navigational flag. Every step that mattered leaves a RuleHit.
#include "klantreis/classify/classifier.h"

#include <algorithm>
#include <array>
#include <tuple>
#include <cmath>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "compound_wordlist.h"
#include "klantreis/core/text.h"
#include "lexicon_match.h"

namespace kr::classify {
namespace {

using internal::PhraseMatch;
using internal::QueryToken;

// Stage tiers of stages.md "the first rule that matches wins"; lower wins.
// The post-purchase stages share tier 0 and are decided by strength.
int Tier(Stage s) {
  switch (s) {
    case Stage::kDelivery:
    case Stage::kUse:
    case Stage::kLoyalty:
    case Stage::kAdvocacy: return 0;
    case Stage::kPurchase: return 1;
    case Stage::kDecision: return 2;
    case Stage::kConsideration: return 3;
    case Stage::kOrientation: return 4;
    case Stage::kLatentNeed: return 5;
    case Stage::kConcreteNeed: return 6;
  }
  return 6;
}

// Order within tier 0 when scores tie (stages.md rule 1 lists them so).
int TieOrder(Stage s) {
  switch (s) {
    case Stage::kDelivery: return 0;
    case Stage::kUse: return 1;
    case Stage::kLoyalty: return 2;
    case Stage::kAdvocacy: return 3;
    default: return 4;
  }
}

// Is `a` ahead of `b` in the priority order?
bool Ahead(Stage a, Stage b) {
  if (Tier(a) != Tier(b)) return Tier(a) < Tier(b);
  return TieOrder(a) < TieOrder(b);
}

bool DemotedByFrame(Stage s) {
  return s == Stage::kPurchase || s == Stage::kDecision || s == Stage::kConsideration;
}

// Fallback for hosts the analyzer did not flag: "www.x", "x.gov", "a.b.com".
bool LooksLikeDomain(std::string_view norm) {
  if (norm.find_first_of(".:") == std::string_view::npos) return false;  // most words: one scan
  if (norm.find("://") != std::string_view::npos) return true;
  if (norm.size() > 4 && norm.substr(0, 4) == "www.") return true;
  size_t dot = norm.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= norm.size()) return false;
  std::string_view tld = norm.substr(dot + 1);
  static constexpr std::string_view kTlds[] = {"com", "nl", "be", "org", "net", "gov", "edu", "io", "de",
                                                "co",  "uk", "eu", "info", "mil", "us", "ca", "app"};
  bool known = false;
  for (std::string_view t : kTlds) known |= tld == t;
  if (!known) return false;
  for (char ch : norm.substr(0, dot)) {
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string NormalizeForOverride(std::string_view q) {
  std::string f = FoldForMatch(q);
  std::string out;
  out.reserve(f.size());
  bool space = false;
  for (char c : f) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

namespace {

// One thing the index can find.
struct Entry {
  enum Category : uint8_t { kCue, kSignal, kBrand, kProduct, kRemapWhen };
  Category cat = kCue;
  Stage stage = Stage::kConcreteNeed;
  double weight = 0;
  uint32_t tags = 0;
  Language lang = Language::kUnd;
  std::string rule;        // "cue:nl:kortingscode", "brand:retailer:coolblue", ...
  std::string brand_type;  // for brands
  bool carrier = false;        // brand_type "carrier" (parcel carriers)
  bool product_brand = false;  // brand_type "brand" (a product brand, not a site or shop)
  std::string name;        // for brands: folded name
  int remap = -1;          // for kRemapWhen
};

// A match after overlap resolution, with what it means.
struct Accepted {
  const Entry* entry;
  PhraseMatch m;
};

class RuleClassifier final : public Classifier {
 public:
  RuleClassifier(ClassifierConfig config, std::unique_ptr<Analyzer> analyzer)
      : config_(std::move(config)), analyzer_(std::move(analyzer)) {}

  Status Build() {
    version_ = config_.Version();
    auto add = [&](std::string_view phrase, Entry e) -> Status {
      auto p = internal::CompilePhrase(phrase);
      if (!p.ok()) return p.status().WithContext("phrase \"" + std::string(phrase) + "\"");
      // English does not write compounds as one word: English cues match whole tokens only.
      bool parts = e.lang != Language::kEn;
      entries_.push_back(std::move(e));
      index_.Add(std::move(p).value(), static_cast<int>(entries_.size() - 1), parts);
      return Status::Ok();
    };
    for (const Cue& cue : config_.cues) {
      Entry e;
      e.cat = cue.weight > 0 ? Entry::kCue : Entry::kSignal;
      e.stage = cue.stage;
      e.weight = cue.weight;
      std::string unknown;
      e.tags = internal::ParseCueTags(cue.kind, &unknown);
      e.lang = cue.lang;
      // A category signal is named so (core/evidence.cc counts it as positive
      // evidence that a rule-7 query names a product or service category).
      const char* kind = e.cat == Entry::kCue                    ? "cue:"
                         : (e.tags & internal::kTagCategory) != 0 ? "category:"
                                                                  : "signal:";
      e.rule = std::string(kind) + std::string(LanguageId(cue.lang)) + ":" + cue.phrase;
      KR_RETURN_IF_ERROR(add(cue.phrase, std::move(e)));
    }
    std::unordered_map<std::string, std::string> types;
    for (const auto& [name, type] : config_.brand_types) types[FoldForMatch(name)] = type;
    for (const auto& b : config_.own_brands) types[FoldForMatch(b)] = "own";
    for (const auto& b : config_.competitors) types[FoldForMatch(b)] = "competitor";
    for (const std::string& b : config_.brands) {
      Entry e;
      e.cat = Entry::kBrand;
      auto it = types.find(FoldForMatch(b));
      e.brand_type = it != types.end() ? it->second : "brand";
      e.rule = "brand:" + e.brand_type + ":" + b;
      e.carrier = e.brand_type == "carrier";
      e.product_brand = e.brand_type == kProductBrandType;
      e.name = FoldForMatch(b);
      if (e.name.size() >= 3 && e.name.find_first_of(" .") == std::string::npos) brand_hosts_.insert(e.name);
      if (e.name.size() >= kBareTypoMinLength && e.name.find_first_of(" .") == std::string::npos) {
        bare_brands_.emplace_back(e.name, static_cast<int>(entries_.size()));
      }
      KR_RETURN_IF_ERROR(add(b, std::move(e)));
    }
    for (const std::string& p : config_.product_terms) {
      Entry e;
      e.cat = Entry::kProduct;
      e.stage = Stage::kConcreteNeed;
      e.weight = kProductWeight;
      e.rule = "product:" + p;
      // A one-word term counts in its plural forms too: a word the shipped
      // lexicons name is protected from stemming ("kamerplanten"), so
      // the stem would not find the project's "kamerplant".
      if (p.find(' ') == std::string::npos && p.find("...") == std::string::npos) {
        for (const char* suffix : {"en", "s", "es", "'s"}) KR_RETURN_IF_ERROR(add(p + suffix, e));
      }
      KR_RETURN_IF_ERROR(add(p, std::move(e)));
    }
    for (size_t r = 0; r < config_.remaps.size(); ++r) {
      for (const std::string& w : config_.remaps[r].when) {
        Entry e;
        e.cat = Entry::kRemapWhen;
        e.remap = static_cast<int>(r);
        e.rule = "project:remap:" + w;
        KR_RETURN_IF_ERROR(add(w, std::move(e)));
      }
    }
    for (const auto& [q, s] : config_.overrides) overrides_[NormalizeForOverride(q)] = {s, std::string()};
    for (const auto& [q, note] : config_.override_notes) {
      auto it = overrides_.find(NormalizeForOverride(q));
      if (it != overrides_.end()) it->second.second = note;
    }
    std::unordered_map<std::string, WcBits> classes;
    for (const auto& [w, cls] : config_.word_classes) {
      // Dutch verb forms (nl_verbs.tsv, classes nl_inf / nl_fin) share the table: two more bits.
      if (cls == "nl_inf" || cls == "nl_fin") {
        classes[w] |= cls == "nl_inf" ? kWcNlInf : kWcNlFin;
        continue;
      }
      if (cls == "en_verb") {
        classes[w] |= kWcEnVerb;
        continue;
      }
      WcBits bit = cls == "condition" ? kWcCondition
                    : cls == "product" ? kWcProduct
                    : cls == "service" ? kWcService
                    : cls == "person"  ? kWcPerson
                                       : kWcBody;  // body parts and animals: subjects
      classes[w] |= bit;
      // Regular plurals are keys too, so that a word costs one look-up.
      for (const std::string& p : EnglishPlurals(w)) classes[p] |= bit;
      size_t sp = w.find(' ');
      if (sp != std::string::npos) classes[w.substr(0, sp)] |= kWcPairStart;
    }
    BuildWordClassTable(classes);
    // Misspelt cues and brands ("retouneren", "shuterstock"): only words that
    // are in neither dictionary are looked up, so without the dictionaries
    // there is no typo matching at all.
    auto load = [](const std::string& path, bool english) -> std::shared_ptr<const internal::WordList> {
      if (path.empty()) return nullptr;
      auto l = internal::WordList::Shared(path, english);
      return l.ok() ? l.value() : nullptr;
    };
    nl_words_ = load(config_.analyzer.dutch_wordlist_path, false);
    en_words_ = load(config_.analyzer.english_wordlist_path, true);
    if (nl_words_ && en_words_) {
      for (size_t i = 0; i < entries_.size(); ++i) {
        const Entry& e = entries_[i];
        if (e.cat != Entry::kCue && e.cat != Entry::kBrand && e.cat != Entry::kProduct) continue;
        const internal::Pattern& p = index_.pattern_of(static_cast<int>(i));
        if (p.words.size() != 1 || p.words[0].type != internal::PatternWord::kLiteral) continue;
        fuzzy_.Add(p.words[0].text, static_cast<int>(i));
      }
    }
    return Status::Ok();
  }

  const ClassifierConfig& config() const override { return config_; }

  Classification Classify(std::string_view query, const ClassifyOptions& options) override {
    Analysis& a = options.analysis ? *options.analysis : scratch_;
    analyzer_->Analyze(query, &a);
    if (options.force_lang != Language::kUnd) a.lang = options.force_lang;

    Classification c;
    c.lang = a.lang;
    c.model_version = version_;

    // Word-like tokens in order (symbols only when they can be cues: "?", "&", "€").
    qtoks_.clear();
    for (size_t i = 0; i < a.tokens.size(); ++i) {
      const Token& t = a.tokens[i];
      if ((t.flags & kTokOperator) != 0) continue;
      if ((t.flags & (kTokWord | kTokNumber | kTokDomain)) == 0 && t.norm.empty()) continue;
      qtoks_.push_back(QueryToken{&t, static_cast<int>(i)});
    }

    MatchPhrases();
    AddTypoMatches();
    Resolve(a);

    // --- Evidence per stage.
    std::array<double, kNumStages> best{}, sum{};
    bool frame = false;
    for (const Accepted& acc : accepted_) {
      if (acc.entry->cat == Entry::kCue && (acc.entry->tags & internal::kTagFrame)) frame = true;
    }
    // A symptom ("lekt", "squeaking") of a subject that is no product one
    // owns (a body, a house, a plant, an animal: "dak lekt", "tandvlees
    // bloedt") is a latent need; of anything else it is `use` (repair).
    // Subjects count as whole words or compound heads ("tandvlees", not
    // the "tand" of "tandenborstel").
    // A condition needs the subject as the head of its noun phrase: in
    // English a subject followed by another noun only describes it ("dry
    // cat food" is food; "yellow teeth", "skin gets oily" are states).
    bool subject = false, condition_subject = false;
    attr_head_.assign(qtoks_.size(), false);
    for (const PhraseMatch& m : matches_) {
      const Entry& e = entries_[m.entry];
      // "onderhoudsvriendelijk", "lekvrij": the head makes the word an attribute.
      if (e.cat == Entry::kSignal && (e.tags & internal::kTagAttrHead) && m.part >= 0 && !IsModifierPart(m)) {
        attr_head_[m.begin] = true;
      }
      if (e.cat == Entry::kSignal && (e.tags & internal::kTagSubject) && !IsModifierPart(m) && LangOk(e, a) &&
          PositionOk(e, m)) {
        subject = true;
        condition_subject |= e.lang != Language::kEn || !FollowedByContentWord(m.end);
      }
    }
    // English word classes (WordNet, two-word lemmas too): a person or
    // body part heading its noun phrase is a subject ("my son keeps
    // coughing"; "customer service" is a service); a condition noun so
    // placed is a problem ("migraine with aura"), unless the query names a
    // product or service for it ("acne cream"); a product noun is positive
    // evidence that a bare query names a category.
    MarkWordPairs();
    int wc_condition = -1, wc_product = -1;
    bool wc_subject = false, person_word = false, person_noun = false;
    for (int i = 0; i < static_cast<int>(qtoks_.size()); ++i) {
      if (!IsWordLike(i)) continue;
      if (IsPersonPronoun(qtoks_[i].token->norm)) person_word = true;
      WcBits c = tok_class_[i] & kWcEnglish;
      // An inflammation or pain named by its medical suffix, in either
      // language ("plantar fasciitis", "bursitis", "fibromyalgie").
      if (c == 0 && MedicalConditionWord(qtoks_[i].token->norm)) {
        if (!FollowedByContentWord(i + 1) && wc_condition < 0) wc_condition = i;
        continue;
      }
      if (c == 0 || !WordClassUsable(a, i)) continue;
      // A deed or service noun right after a person is a verb ("we fight").
      if ((c & kWcService) && !AfterPerson(i)) c |= kWcProduct;
      bool head = (NextWordClass(i) & (kWcProduct | kWcPerson | kWcBody | kWcCondition)) == 0;
      if ((c & kWcProduct) && wc_product < 0) wc_product = i;
      // Body parts and animals are subjects of symptoms ("knee clicking");
      // a person noun only makes a situation (person nouns include "drone").
      if ((c & kWcBody) && head) wc_subject = true;
      if ((c & kWcPerson) && head) person_noun = true;
      // A condition heads its phrase when no content word follows ("migraine
      // with aura"); "acne cream", "migraine treatment" name something else.
      // A body part after it is where it shows ("menopause belly", "arthritis
      // knee"); a verb or a word for its course ("hot flashes last",
      // "menopause age", "menopause stages") keeps it the subject.
      if ((c & kWcCondition) &&
          (!FollowedByContentWord(i + 1) || (NextWordClass(i) & kWcBody) || NextIsConditionTail(i)) &&
          wc_condition < 0)
        wc_condition = i;
    }
    if (wc_product == wc_condition && wc_product >= 0) {
      wc_product = -1;  // a condition that is also a product sense: no solution named
      for (int i = wc_condition + 1; i < static_cast<int>(qtoks_.size()); ++i) {
        if ((tok_class_[i] & kWcProduct) && WordClassUsable(a, i)) { wc_product = i; break; }
      }
    }
    if (wc_subject) {
      subject = true;
      condition_subject = true;
    }
    auto add_evidence = [&](Stage s, double w) {
      int i = StageIndex(s);
      best[i] = std::max(best[i], w);
      sum[i] += w;
    };
    std::vector<RuleHit> hits;
    hits.reserve(8);
    hits.emplace_back();  // the decision, filled in below
    int brand_count = 0;
    std::vector<std::string> brand_names;
    bool has_domain = false, strong_nav = false, weak_nav = false, service = false, org = false,
         question = false, carrier = false;
    std::vector<int> remap_hits;
    for (const Accepted& acc : accepted_) {
      const Entry& e = *acc.entry;
      std::vector<std::string> toks = TokensOf(acc.m);
      switch (e.cat) {
        case Entry::kCue: {
          // A condition ("droog", "oily", "yellow") is a latent need only
          // as the state of a subject ("huid is droog", "yellow teeth");
          // after "voor" / "for" it describes a product ("crème voor
          // droge huid"), and of anything else it says nothing.
          if ((e.tags & internal::kTagCondition) && (!condition_subject || AfterPurposeWord(acc.m.begin))) break;
          // A cue on the modifier of an attribute compound describes the
          // product ("onderhoudsvriendelijk" is easy to maintain, no
          // maintenance question).
          if (IsModifierPart(acc.m) && attr_head_[acc.m.begin]) break;
          double w = e.weight * (acc.m.typo ? kTypoFactor : 1.0) * (IsModifierPart(acc.m) ? kModifierFactor : 1.0);
          // A cue whose sense needs the whole word is only a hint as the
          // head of a compound ("verzekeringspakket", "inkomensgarantie").
          if ((e.tags & internal::kTagWhole) && IsModifiedHead(acc.m)) w *= kWholeInCompoundFactor;
          // English writes compounds as two words: a use noun before a
          // service or product noun names a kind of business or product
          // ("computer repair service", "maintenance contract", "reset
          // button"), no question about something one owns.
          bool modifier = e.stage == Stage::kUse && EnglishNounModifier(e, acc.m, a);
          if (modifier) w *= kWholeInCompoundFactor;
          // A problem after "tegen" / "voor" / "for" / "against" that follows
          // a plain noun says what a named solution is for ("zalf tegen
          // eczeem", "tabletten tegen migraine"): rule 6 needs no solution named.
          bool purpose = e.stage == Stage::kLatentNeed && !(e.tags & internal::kTagFrame) &&
                         PlainNounBeforePurpose(acc.m.begin);
          if (purpose) w = 0;
          if (frame && DemotedByFrame(e.stage) && !(e.tags & internal::kTagFrame)) w *= config_.thresholds.frame_factor;
          Stage stage = subject && (e.tags & internal::kTagSymptom) ? Stage::kLatentNeed : e.stage;
          add_evidence(stage, w);
          hits.push_back(RuleHit{acc.m.typo       ? e.rule + "~typo"
                                 : modifier       ? e.rule + "~modifier"
                                 : purpose        ? e.rule + "~purpose"
                                                  : e.rule,
                                 stage, w, std::move(toks)});
          if (e.tags & internal::kTagNav) strong_nav = true;
          if (e.tags & internal::kTagService) service = true;
          if (e.tags & internal::kTagQuestion) question = true;
          break;
        }
        case Entry::kProduct:
          add_evidence(e.stage, e.weight);
          hits.push_back(RuleHit{e.rule, e.stage, e.weight, std::move(toks)});
          break;
        case Entry::kBrand: {
          const std::string& name = e.name;
          if (std::find(brand_names.begin(), brand_names.end(), name) == brand_names.end()) {
            brand_names.push_back(name);
            ++brand_count;
          }
          if (e.carrier) carrier = true;
          hits.push_back(RuleHit{acc.m.typo ? e.rule + "~typo" : e.rule, Stage::kConcreteNeed, 0, std::move(toks)});
          break;
        }
        default: break;
      }
    }
    // Signals and remap phrases never compete for tokens.
    for (const PhraseMatch& m : matches_) {
      const Entry& e = entries_[m.entry];
      if (e.cat == Entry::kSignal) {
        if (!LangOk(e, a) || !PositionOk(e, m)) continue;
        if (e.tags & internal::kTagNav) weak_nav = true;
        if (e.tags & internal::kTagService) service = true;
        if (e.tags & internal::kTagOrg) org = true;
        hits.push_back(RuleHit{e.rule, Stage::kConcreteNeed, 0, TokensOf(m)});
      } else if (e.cat == Entry::kRemapWhen) {
        remap_hits.push_back(m.entry);
      }
    }
    for (const QueryToken& qt : qtoks_) {
      if ((qt.token->flags & kTokDomain) || LooksLikeDomain(qt.token->norm) || BrandHost(qt.token->norm)) {
        has_domain = true;
        hits.push_back(RuleHit{"nav:domain", Stage::kConcreteNeed, 0, {qt.token->text}});
      }
    }
    // Patterns that are not single cues.
    // Two brands joined by a preposition are one thing used with another
    // ("mijn sonos aan spotify koppelen", "connect fitbit to strava"), no list.
    if (brand_count >= 2 && !BrandsJoinedByPreposition()) {
      add_evidence(Stage::kConsideration, 1.0);
      hits.push_back(RuleHit{"pattern:brand_list", Stage::kConsideration, 1.0, brand_names});
    }
    // "video editing apps like capcut", "sites like etsy": the like of a
    // named option, alternatives (rule 4).
    if (int like = LikeABrand(); like >= 0) {
      add_evidence(Stage::kConsideration, kLikeBrandWeight);
      hits.push_back(RuleHit{"pattern:like_brand", Stage::kConsideration, kLikeBrandWeight,
                             {qtoks_[like].token->text}});
    }
    // How to do something on a device or app one has ("how to crop a photo
    // on android", "hoe zet ik een herinnering in outlook"): use, unless the
    // query is about buying or choosing.
    // A device signal or a site address needs no how-to ("sixt auto openen
    // met app", "aangifte indienen in loket.nl"); a brand does.
    // A problem with a device is no question of its use ("eyes tired from
    // reading on my phone").
    if (best[StageIndex(Stage::kPurchase)] < th_active() && best[StageIndex(Stage::kDecision)] < th_active() &&
        best[StageIndex(Stage::kConsideration)] < th_active() && best[StageIndex(Stage::kLatentNeed)] < th_active()) {
      // A possessive product noun is owned, unless the query names a
      // condition or a subject (a house, a body: "mold in my house").
      int dev = DeviceAfterPreposition(a, best[StageIndex(Stage::kOrientation)] > 0, wc_condition < 0 && !subject);
      // "how to read my inverter display": in a how-to, a possessive
      // product noun is owned without a preposition too.
      if (dev < 0 && best[StageIndex(Stage::kOrientation)] > 0 && !frame && wc_condition < 0 && !subject &&
          HasWord("how", "hoe"))
        dev = PossessiveProduct(a);
      if (dev >= 0) {
        add_evidence(Stage::kUse, kOnDeviceWeight);
        hits.push_back(RuleHit{"pattern:on_device", Stage::kUse, kOnDeviceWeight, {qtoks_[dev].token->text}});
      }
    }
    // A price cap ("onder 500 euro", "under $100", "tot 300 euro per
    // maand"): the terms of the offer (rule 3), unless the query compares
    // ("best drone under 500" stays consideration).
    if (best[StageIndex(Stage::kConsideration)] < th_active() && best[StageIndex(Stage::kPurchase)] < th_active()) {
      int cap = PriceCap();
      if (cap >= 0) {
        add_evidence(Stage::kDecision, kPriceCapWeight);
        hits.push_back(RuleHit{"pattern:price_cap", Stage::kDecision, kPriceCapWeight, {qtoks_[cap].token->text}});
      }
    }
    // A device or product noun out of service ("server down", "printer
    // offline", "app server down today"): a fault of a thing one uses; not
    // when buying ("buy down sleeping bag": down is a filling).
    if (!subject && best[StageIndex(Stage::kPurchase)] < th_active() && best[StageIndex(Stage::kDecision)] < th_active()) {
      int out = OutOfService(a);
      if (out >= 0) {
        add_evidence(Stage::kUse, kOutOfServiceWeight);
        hits.push_back(RuleHit{"pattern:out_of_service", Stage::kUse, kOutOfServiceWeight,
                               {qtoks_[out - 1].token->text, qtoks_[out].token->text}});
      }
    }
    // "hrt for menopause", "black cohosh for hot flashes": a plain noun
    // before "for" names the solution (as with problem cues).
    // A word for its course before "for" is no solution ("typical age for menopause").
    if (wc_condition >= 0 && wc_product < 0 && PlainNounBeforePurpose(wc_condition) &&
        !PreviousIsConditionTail(PurposeWordBefore(wc_condition))) {
      hits.push_back(RuleHit{"wordclass:condition~purpose", Stage::kLatentNeed, 0, {qtoks_[wc_condition].token->text}});
      wc_condition = -1;
    }
    if (wc_condition >= 0 && wc_product < 0) {
      add_evidence(Stage::kLatentNeed, kConditionWeight);
      hits.push_back(RuleHit{"wordclass:condition", Stage::kLatentNeed, kConditionWeight,
                             {qtoks_[wc_condition].token->text}});
    }
    // A question about a condition or problem with no solution named
    // ("how long does menopause last", "hoe lang duurt griep", "when do hot
    // flashes start") is asked by someone who has the problem: rule 5 needs
    // a solution to learn about, so the problem decides (rule 6). A question
    // for a definition ("what is menopause") stays orientation.
    if (best[StageIndex(Stage::kLatentNeed)] >= config_.thresholds.hint && wc_product < 0 && brand_count == 0 &&
        best[StageIndex(Stage::kOrientation)] > 0 && ProblemQuestionOnly()) {
      best[StageIndex(Stage::kOrientation)] = sum[StageIndex(Stage::kOrientation)] = 0;
      hits.push_back(RuleHit{"shape:problem_question", Stage::kLatentNeed, 0, {}});
    }
    // When nothing else said anything: a product noun is positive evidence
    // that the query names a category (rule 7 with evidence, not a guess);
    // a person as the subject (a first-person pronoun, a person
    // or body noun, a subject signal) with no product and no attribute is
    // a situation ("we gaan volgend jaar trouwen", "my partner's family
    // only speaks dutch"): a latent need, with low confidence.
    {
      bool weak = true;
      for (int i = 0; i < kNumStages; ++i) weak &= best[i] < config_.thresholds.hint;
      int verb = weak && !PlainAttribute() ? DutchTaskVerb(a) : -1;
      if (verb >= 0) {
        // A Dutch verb with its object and no cue ("administratie
        // bijhouden", "baby slaapt slecht", "verhuizen naar een kleiner
        // huis"): a task or situation, no product named, a latent need;
        // done with a named brand, device or product ("marley spoon vlees
        // invriezen", "laptop opladen") it is the use of what one has.
        // A thing that no longer does what it should ("wasmachine
        // centrifugeert niet meer") is a fault of something owned, unless
        // its subject is a person, a body, an animal or a plant.
        bool owned = brand_count > 0 || wc_product >= 0 || DeviceSignal() ||
                     (NegatedVerb(verb) && !subject && !person_word && !person_noun);
        Stage st = owned ? Stage::kUse : Stage::kLatentNeed;
        add_evidence(st, kSituationWeight);
        hits.push_back(RuleHit{"shape:task", st, kSituationWeight, {qtoks_[verb].token->text}});
      } else if (int en = weak && !PlainAttribute() ? EnglishTaskVerb(a) : -1; en >= 0) {
        // An English query that starts with a verb and its object, no cue
        // ("keep kids busy on a rainy day", "paying to heat an empty
        // house", "living in perth"): a task or situation, a latent need;
        // with a named brand or device, the use of what one has.
        Stage st = brand_count > 0 || DeviceSignal() ? Stage::kUse : Stage::kLatentNeed;
        add_evidence(st, kSituationWeight);
        hits.push_back(RuleHit{"shape:task", st, kSituationWeight, {qtoks_[en].token->text}});
      } else if (int pv = weak ? PersonThenVerb(a) : -1; pv >= 0) {
        // A person doing or undergoing something, in English ("my daughter
        // hates school", "customers keep calling with the same question"):
        // a situation, also when it names a thing (the school is no product
        // wanted).
        add_evidence(Stage::kLatentNeed, kSituationWeight);
        hits.push_back(RuleHit{"shape:situation", Stage::kLatentNeed, kSituationWeight, {qtoks_[pv].token->text}});
      } else if (weak && wc_product >= 0) {
        // A signal, not stage evidence: the verdict stays the rule-7
        // default, now with a named category (evidence class "category").
        hits.push_back(RuleHit{"wordclass:product", Stage::kConcreteNeed, 0, {qtoks_[wc_product].token->text}});
      } else if (weak && !PlainAttribute() &&
                 (person_word || ((subject || person_noun) && WordCount() >= kSituationWords && HasFunctionWord()))) {
        add_evidence(Stage::kLatentNeed, kSituationWeight);
        hits.push_back(RuleHit{"shape:situation", Stage::kLatentNeed, kSituationWeight, {}});
      }
    }
    if (carrier) {
      add_evidence(Stage::kDelivery, kCarrierWeight);
      hits.push_back(RuleHit{"pattern:carrier", Stage::kDelivery, kCarrierWeight, {}});
    }
    if (options.evidence) {
      for (const RuleHit& h : *options.evidence) {
        if (h.weight > 0) add_evidence(h.stage, h.weight);
        hits.push_back(h);
      }
    }

    std::array<double, kNumStages> score{};
    for (int i = 0; i < kNumStages; ++i) score[i] = best[i] + 0.5 * (sum[i] - best[i]);

    // --- Decide.
    const ClassifierThresholds& th = config_.thresholds;
    Stage winner = Stage::kConcreteNeed;
    // How the winner was chosen; named in the trace as decide:…, default:rule7, ….
    enum class How { kPriority, kStrength, kHint, kRule7, kRemap, kOverride } how = How::kRule7;
    bool any_candidate = false;
    for (Stage s : kAllStages) {
      double sc = score[StageIndex(s)];
      if (sc < th.active) continue;
      if (!any_candidate || Tier(s) < Tier(winner) ||
          (Tier(s) == Tier(winner) &&
           (sc > score[StageIndex(winner)] || (sc == score[StageIndex(winner)] && Ahead(s, winner))))) {
        winner = s;
      }
      any_candidate = true;
    }
    double confidence = 0;
    if (any_candidate) {
      how = How::kPriority;
      // A clearly stronger lower-priority candidate beats the priority order.
      Stage strongest = winner;
      for (Stage s : kAllStages) {
        if (score[StageIndex(s)] >= score[StageIndex(winner)] + th.override_margin &&
            score[StageIndex(s)] > score[StageIndex(strongest)]) {
          strongest = s;
        }
      }
      if (strongest != winner) {
        winner = strongest;
        how = How::kStrength;
      }
    } else {
      Stage top = Stage::kConcreteNeed;
      double top_score = 0;
      for (Stage s : kAllStages) {
        double sc = score[StageIndex(s)];
        if (sc > top_score || (sc == top_score && sc > 0 && Ahead(s, top))) {
          top = s;
          top_score = sc;
        }
      }
      if (top_score >= th.hint) {
        winner = top;
        how = How::kHint;
      } else {
        winner = Stage::kConcreteNeed;
        how = How::kRule7;
      }
    }
    double win_score = score[StageIndex(winner)];
    // Runner-up: the strongest other stage with real evidence.
    std::optional<Stage> runner;
    double run_score = 0;
    for (Stage s : kAllStages) {
      if (s == winner) continue;
      double sc = score[StageIndex(s)];
      if (sc >= th.hint && sc > run_score) {
        runner = s;
        run_score = sc;
      }
    }
    // The calibration key: the winner's score minus the strongest other stage's.
    double best_other = 0;
    for (Stage s : kAllStages) {
      if (s != winner) best_other = std::max(best_other, score[StageIndex(s)]);
    }
    const double margin = how == How::kRule7 ? 0.0 : win_score - best_other;
    if (how == How::kRule7) {
      confidence = 0.3;
    } else if (how == How::kHint) {
      confidence = std::min(0.5, 0.3 + 0.2 * win_score);
    } else {
      double strength = std::min(1.0, (win_score - th.active) / 1.0);
      double lead = std::clamp((win_score - run_score) / 1.0, -1.0, 1.0);
      confidence = 0.55 + 0.2 * strength + 0.2 * lead;
    }

    // --- Business context: remaps, then exact overrides.
    if (!remap_hits.empty()) {
      for (int id : remap_hits) {
        const StageRemap& r = config_.remaps[entries_[id].remap];
        if (std::find(r.from.begin(), r.from.end(), winner) == r.from.end()) continue;
        hits.insert(hits.begin() + 1, RuleHit{entries_[id].rule + "->" + std::string(StageId(r.to)), r.to, 1.0, {}});
        runner = winner;
        run_score = win_score;
        winner = r.to;
        how = How::kRemap;
        confidence = std::max(confidence, 0.7);
        break;
      }
    }
    const std::string* override_note = nullptr;
    if (!overrides_.empty()) {
      auto it = overrides_.find(NormalizeForOverride(query));
      if (it != overrides_.end()) {
        if (it->second.first != winner) {
          runner = winner;
        }
        winner = it->second.first;
        override_note = &it->second.second;
        how = How::kOverride;
        confidence = 1.0;
      }
    }
    if (runner && (win_score - run_score > th.close) && how != How::kOverride && how != How::kRemap) {
      runner.reset();
    }
    if (runner && *runner == winner) runner.reset();

    // --- Navigational: the query mainly names one site or brand.
    bool nav = false;
    std::string_view nav_rule;
    if (has_domain && !question) {
      nav = true;
      nav_rule = "domain";
    } else if (strong_nav) {
      nav = true;
      nav_rule = "login";
    } else if ((brand_count > 0 || has_domain) && service && !question &&
               (winner == Stage::kLoyalty || winner == Stage::kDelivery || winner == Stage::kConcreteNeed)) {
      nav = true;
      nav_rule = "brand_service";
    } else if (brand_count == 1 && !question && MainlyNames(a, winner)) {
      nav = true;
      nav_rule = "brand";
    } else if (weak_nav && !question && (winner == Stage::kConcreteNeed || winner == Stage::kLoyalty)) {
      nav = true;
      nav_rule = "site_word";
    } else if (org && !question && !any_candidate && winner == Stage::kConcreteNeed && WordCount() >= 2) {
      nav = true;
      nav_rule = "organisation";
    }
    if (nav) hits.push_back(RuleHit{"navigational:" + std::string(nav_rule), winner, 0, {}});

    // Evidence strongest first, stable (insertion sort: few hits, no allocation).
    for (size_t i = 2; i < hits.size(); ++i) {
      for (size_t j = i; j > 1 && hits[j - 1].weight < hits[j].weight; --j) std::swap(hits[j - 1], hits[j]);
    }
    static constexpr std::string_view kHowRule[] = {"decide:priority", "decide:strength", "decide:hint",
                                                    "default:rule7",   "project:remap",   "override"};
    RuleHit& decision = hits[0];
    decision.rule = kHowRule[static_cast<int>(how)];
    if (override_note != nullptr && !override_note->empty()) decision.rule.append(" ").append(*override_note);
    decision.stage = winner;
    decision.weight = how == How::kRule7 ? 0 : win_score;

    c.stage = winner;
    c.runner_up = runner;
    c.navigational = nav;
    c.rules = std::move(hits);
    c.margin = margin;
    c.words = WordCount();
    // Calibrated: the probability that a verdict of this evidence class and
    // margin is right (config/calibration.toml); overrides stay certain.
    if (how == How::kOverride) {
      c.confidence = 1.0;
    } else {
      c.confidence = std::clamp(config_.calibration.Apply(EvidenceOf(c), c.words, margin, confidence), 0.05, 1.0);
    }
    return c;
  }

 private:
  static constexpr double kProductWeight = 0.6;
  static constexpr double kCarrierWeight = 0.6;
  static constexpr double kTypoFactor = 0.8;  // a misspelt cue counts a little less
  static constexpr size_t kBareTypoMinLength = 5;  // shortest name a one-word query is compared with
  // A Dutch compound is named by its last part (the head): "winkel" in
  // "fietsenwinkel" is what it is, "winkel" in "winkelcentrum" only
  // describes it. Cues matching a non-head part count this much.
  static constexpr double kModifierFactor = 0.7;
  static constexpr int kMaxNameLeftover = 2;  // words beside a brand in a bare name query
  static constexpr double kWholeInCompoundFactor = 0.4;  // a `whole` cue as a compound head
  static constexpr double kOnDeviceWeight = 1.0;         // pattern:on_device
  static constexpr double kOutOfServiceWeight = 1.0;     // pattern:out_of_service
  static constexpr double kPriceCapWeight = 1.0;         // pattern:price_cap
  double th_active() const { return config_.thresholds.active; }
  static constexpr double kConditionWeight = 0.9;  // wordclass:condition
  static constexpr double kLikeBrandWeight = 1.0;  // pattern:like_brand
  static constexpr double kDutchMargin = 0.5;      // Dutch evidence that makes a query Dutch for the word classes
  static constexpr double kSituationWeight = 0.6;  // shape:situation (a hint)
  static constexpr int kSituationWords = 3;  // content words of a situation named by a subject alone

  // True when the query holds a stop word: words joined into a phrase or
  // clause ("rug op slot na tillen"), not a list of nouns ("huis delen amsterdam").
  bool HasFunctionWord() const {
    for (int i = 0; i < static_cast<int>(qtoks_.size()); ++i)
      if (IsWordLike(i) && (qtoks_[i].token->flags & kTokStop)) return true;
    return false;
  }
  // True when an accepted concrete_need cue (an attribute: size, gender,
  // "dames") stands on a word that is not also a subject ("kinderen" is
  // both: an attribute of a product, or the people of a situation).
  bool PlainAttribute() const {
    for (const Accepted& acc : accepted_) {
      if (acc.entry->cat != Entry::kCue || acc.entry->stage != Stage::kConcreteNeed) continue;
      bool on_subject = false;
      for (const PhraseMatch& m : matches_) {
        const Entry& e = entries_[m.entry];
        if (e.cat == Entry::kSignal && (e.tags & internal::kTagSubject) && m.begin < acc.m.end && acc.m.begin < m.end)
          on_subject = true;
      }
      if (!on_subject) return true;
    }
    return false;
  }
  // Word-class bits of a word (one table for all the word-class files).
  using WcBits = uint16_t;
  // English word classes (en_wordclass.tsv).
  static constexpr WcBits kWcCondition = 1, kWcProduct = 2, kWcPerson = 4, kWcBody = 8, kWcPairStart = 16,
                           kWcService = 32;
  // Dutch verb forms (nl_verbs.tsv): an infinitive, a finite form.
  static constexpr WcBits kWcNlInf = 64, kWcNlFin = 128, kWcDutch = kWcNlInf | kWcNlFin;
  // English verb forms (en_verbs.tsv): a word whose verb senses outnumber its
  // noun senses in WordNet's tagged texts, in any of its forms.
  static constexpr WcBits kWcEnVerb = 256;
  static constexpr WcBits kWcEnglish = kWcCondition | kWcProduct | kWcPerson | kWcBody | kWcPairStart | kWcService;

  // The regular plurals of an English lemma ("desk" -> "desks", "body" ->
  // "bodies", "box" -> "boxes"; of a pair, of its last word).
  static std::vector<std::string> EnglishPlurals(const std::string& w) {
    std::vector<std::string> out;
    if (w.size() < 3) return out;
    char last = w.back(), before = w[w.size() - 2];
    bool vowel_before = before == 'a' || before == 'e' || before == 'i' || before == 'o' || before == 'u';
    if (last == 'y' && !vowel_before) {
      out.push_back(w.substr(0, w.size() - 1) + "ies");
    } else if (last == 's' || last == 'x' || last == 'z' || (last == 'h' && (before == 'c' || before == 's'))) {
      out.push_back(w + "es");
    } else {
      out.push_back(w + "s");
    }
    return out;
  }
  // The class bits of an English word (lemma or regular plural): one
  // look-up without allocating, on every word-cache fill. Dutch words
  // never take part (WordClassUsable), so they are not looked up.
  WcBits LookUpWordClass(std::string_view norm, Language word_lang = Language::kUnd) const {
    if (wc_slots_.empty() || norm.size() < 3 || norm.size() > kMaxClassWord) return 0;
    WcBits mask = word_lang == Language::kNl ? kWcDutch : static_cast<WcBits>(~0);  // a Dutch word has no English class
    uint64_t h = WcHash(norm);
    uint16_t tag = static_cast<uint16_t>(h >> 48);
    for (size_t i = h & (wc_slots_.size() - 1);; i = (i + 1) & (wc_slots_.size() - 1)) {
      const WcSlot& s = wc_slots_[i];
      if (s.len == 0) return 0;
      if (s.tag == tag && s.len == norm.size() && wc_chars_.compare(s.off, s.len, norm) == 0) return s.bits & mask;
    }
  }
  // Two-word lemmas ("tennis elbow", "night sweats"): the class goes to both words.
  void MarkWordPairs() {
    for (int i = 0; i + 1 < static_cast<int>(qtoks_.size()); ++i) {
      if (!(tok_class_[i] & kWcPairStart) || !IsWordLike(i + 1)) continue;
      const std::string& next = qtoks_[i + 1].token->norm;
      pair_scratch_.assign(qtoks_[i].token->norm);
      pair_scratch_.push_back(' ');
      pair_scratch_.append(next);
      WcBits c = LookUpWordClass(pair_scratch_) & kWcEnglish & ~kWcPairStart;
      if (c) {
        tok_class_[i] = c;
        tok_class_[i + 1] = c;
      }
    }
  }
  // English classes apply to English words: in a Dutch query only to words
  // of their own English evidence ("rug" is a back there, no carpet); a
  // query tagged Dutch by the market prior alone counts as untagged.
  bool WordClassUsable(const Analysis& a, int i) const {
    Language l = qtoks_[i].token->lang;
    bool dutch = a.lang == Language::kNl && a.nl_score >= a.en_score + kDutchMargin;  // not the market prior alone
    return dutch ? l == Language::kEn : l != Language::kNl;
  }
  // Class bits of the next content word (0 when there is none).
  // True when token `k` is an English verb of being or of a course in time,
  // or a noun for a condition's course ("menopause age", "hot flashes
  // last", "menopause is"): a closed list.
  bool IsConditionTail(int k) const {
    static constexpr std::string_view kTails[] = {
        "is", "are", "was", "does", "do", "can", "last", "lasts", "start", "starts", "begin", "begins",
        "end", "ends", "stop", "stops", "feel", "feels", "affect", "affects", "age", "ages", "stage", "stages",
        "range", "onset"};
    const std::string& n = qtoks_[k].token->norm;
    return std::find(std::begin(kTails), std::end(kTails), n) != std::end(kTails);
  }
  // The brand token after an English "like" that follows a content word
  // ("apps like capcut"), else -1.
  int LikeABrand() const {
    bool content_before = false, prev_seem = false;
    for (int i = 0; i < static_cast<int>(qtoks_.size()); ++i) {
      if (!IsWordLike(i)) continue;
      const Token& t = *qtoks_[i].token;
      // "looks like", "feels like": a likeness, no alternatives.
      static constexpr std::string_view kSeem[] = {"look", "looks", "feel", "feels", "sound", "sounds", "seem", "seems"};
      if (t.norm != "like") prev_seem = std::find(std::begin(kSeem), std::end(kSeem), t.norm) != std::end(kSeem);
      if (t.norm == "like" && content_before && !prev_seem) {
        for (int k = i + 1; k < static_cast<int>(qtoks_.size()); ++k) {
          if (!IsWordLike(k)) continue;
          return (qtoks_[k].token->flags & kTokBrand) ? k : -1;
        }
        return -1;
      }
      content_before |= (t.flags & kTokWord) && !(t.flags & (kTokStop | kTokNumber));
    }
    return -1;
  }
  // IsConditionTail of the word-like token after `i`.
  bool NextIsConditionTail(int i) const {
    for (int k = i + 1; k < static_cast<int>(qtoks_.size()); ++k) {
      if (IsWordLike(k)) return IsConditionTail(k);
    }
    return false;
  }
  // IsConditionTail of the word-like token before `i`.
  bool PreviousIsConditionTail(int i) const {
    for (int k = i - 1; k >= 0; --k) {
      if (IsWordLike(k)) return IsConditionTail(k);
    }
    return false;
  }
  WcBits NextWordClass(int i) const {
    for (int k = i + 1; k < static_cast<int>(qtoks_.size()); ++k) {
      if (!IsWordLike(k)) continue;
      if (qtoks_[k].token->flags & kTokStop) return 0;
      return tok_class_[k] & kWcEnglish & ~(kWcPairStart | kWcService);
    }
    return 0;
  }
  // True when the word-like token before `i` is a person word or pronoun.
  bool AfterPerson(int i) const {
    for (int k = i - 1; k >= 0; --k) {
      if (!IsWordLike(k)) continue;
      return IsPersonPronoun(qtoks_[k].token->norm) || (tok_class_[k] & (kWcPerson | kWcBody)) ||
             qtoks_[k].token->norm == "and" || qtoks_[k].token->norm == "en";
    }
    return false;
  }
  static bool IsPersonPronoun(std::string_view w) {
    static constexpr std::string_view kWords[] = {"i", "we", "my", "our", "me", "us", "he", "she",
                                                  "ik", "wij", "mijn", "m'n", "ons", "onze", "mij", "hij", "zij"};
    return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
  }

  // True when `m` matched the head of a compound that has a modifier part
  // of three letters or more ("pakket" in "verzekeringspakket").
  bool IsModifiedHead(const PhraseMatch& m) const {
    if (m.part < 0 || IsModifierPart(m)) return false;
    const std::vector<std::string>& parts = qtoks_[m.begin].token->parts;
    for (int k = 0; k < m.part; ++k)
      if (parts[k].size() >= 3) return true;
    return false;
  }

  // A Dutch "of" between two names or Dutch words is "or" whatever the
  // query's tag ("babel of duolingo" holds no English word to make "of"
  // English): for a strict `between` cue of one word, both neighbours are
  // brands or words the English list does not have.
  bool BetweenNames(const Entry& e, const PhraseMatch& m) const {
    if (!(e.tags & internal::kTagBetween) || m.end - m.begin != 1 || m.part >= 0 || !en_words_) return false;
    auto name_like = [&](int k) {
      if (k < 0 || k >= static_cast<int>(qtoks_.size()) || !IsWordLike(k)) return false;
      for (const PhraseMatch& o : matches_) {
        if (entries_[o.entry].cat == Entry::kBrand && o.begin <= k && k < o.end) return true;
      }
      const Token& t = *qtoks_[k].token;
      return (t.flags & kTokWord) && !(t.flags & kTokStop) && !en_words_->Contains(t.norm);
    };
    return name_like(m.begin - 1) && name_like(m.end);
  }

  // A Dutch `between` word of one word ("of") next to a word only English
  // has, in a query with no word only Dutch has ("stages of menopause", "security
  // of endpoints"): English "of", whatever the tag. "laptop of tablet"
  // (both words Dutch too) and "lijfrente of banksparen" stay Dutch.
  bool EnglishBetween(const Entry& e, const PhraseMatch& m) const {
    if (e.lang != Language::kNl || !(e.tags & internal::kTagBetween) || m.end - m.begin != 1 || m.part >= 0 ||
        !en_words_ || !nl_words_)
      return false;
    int prev = m.begin - 1, next = m.end;
    while (prev >= 0 && !IsWordLike(prev)) --prev;
    while (next < static_cast<int>(qtoks_.size()) && !IsWordLike(next)) ++next;
    if (prev < 0 || next >= static_cast<int>(qtoks_.size())) return false;
    auto english_only = [&](int k) {
      const Token& t = *qtoks_[k].token;
      return t.parts.empty() && en_words_->Contains(t.norm) && !nl_words_->Contains(t.norm);
    };
    auto dutch_only = [&](int k) {
      const Token& t = *qtoks_[k].token;
      return !t.parts.empty() || (nl_words_->Contains(t.norm) && !en_words_->Contains(t.norm));
    };
    if (!english_only(prev) && !english_only(next)) return false;
    // Both neighbours are English words: names stay Dutch ("monstera of philodendron").
    if (!en_words_->Contains(qtoks_[prev].token->norm) || !en_words_->Contains(qtoks_[next].token->norm)) return false;
    for (int k = 0; k < static_cast<int>(qtoks_.size()); ++k) {
      if (IsWordLike(k) && (qtoks_[k].token->flags & kTokWord) && dutch_only(k)) return false;
    }
    return true;
  }

  // The word-like token after a preposition of place or means ("on", "in",
  // "op", "using", "via", "met", "with"; possessives and articles skipped)
  // when it is a device signal or a site address, or (in a how-to, `how_to`)
  // a brand, else -1.
  // A possessive before the word ("on my laptop", "op mijn samsung") says
  // the thing is owned: then a brand counts without a how-to, and in a
  // how-to an English product noun too ("how to copy photos to my
  // laptop"; not "change beneficiary on my pension").
  int DeviceAfterPreposition(const Analysis& a, bool how_to, bool owned_ok) const {
    static constexpr std::string_view kPreps[] = {"on", "in", "op", "using", "via", "met", "with", "into", "to"};
    static constexpr std::string_view kSkip[] = {"my", "your", "the", "a", "mijn", "je", "jouw", "de", "het", "een", "m'n"};
    static constexpr std::string_view kMine[] = {"my", "mijn", "m'n", "our", "onze", "ons"};
    for (int i = 0; i + 1 < static_cast<int>(qtoks_.size()); ++i) {
      if (!IsWordLike(i)) continue;
      const std::string& w = qtoks_[i].token->norm;
      if (std::find(std::begin(kPreps), std::end(kPreps), w) == std::end(kPreps)) continue;
      int k = i + 1;
      bool mine = false;
      while (k < static_cast<int>(qtoks_.size()) &&
             (std::find(std::begin(kSkip), std::end(kSkip), qtoks_[k].token->norm) != std::end(kSkip) ||
              std::find(std::begin(kMine), std::end(kMine), qtoks_[k].token->norm) != std::end(kMine))) {
        mine |= std::find(std::begin(kMine), std::end(kMine), qtoks_[k].token->norm) != std::end(kMine);
        ++k;
      }
      if (k >= static_cast<int>(qtoks_.size())) continue;
      // "to" names a place only before a possessive ("copy photos to my laptop"; not "how to crop").
      if (w == "to" && !mine) continue;
      if (qtoks_[k].token->flags & kTokDomain) return k;
      if (mine && owned_ok && how_to && (tok_class_[k] & kWcProduct) && WordClassUsable(a, k)) return k;
      for (const PhraseMatch& o : matches_) {
        const Entry& e = entries_[o.entry];
        if (o.begin != k) continue;
        if (e.cat == Entry::kBrand && (how_to || (mine && owned_ok))) return k;
        if (e.cat == Entry::kSignal && (e.tags & internal::kTagDevice) && o.part < 0) return k;  // "buurtapp" is none
      }
    }
    return -1;
  }
  static constexpr std::string_view kProductBrandType = "brand";  // brands.tsv type of product brands

  bool HasWord(std::string_view w1, std::string_view w2) const {
    for (const QueryToken& qt : qtoks_)
      if (qt.token->norm == w1 || qt.token->norm == w2) return true;
    return false;
  }
  // The English product noun, brand or device in the noun phrase after
  // "my" / "mijn" / "our", else -1.
  int PossessiveProduct(const Analysis& a) const {
    for (int i = 0; i + 1 < static_cast<int>(qtoks_.size()); ++i) {
      const std::string& w = qtoks_[i].token->norm;
      // In a how-to, "your" is the searcher's too ("how to edit your tiktok videos").
      if (w != "my" && w != "mijn" && w != "m'n" && w != "our" && w != "onze" && w != "your" && w != "je" &&
          w != "jouw")
        continue;
      // Dutch has no noun classes here: in a Dutch how-to the searcher's own
      // thing after "mijn" / "m'n" / "onze" is owned (the caller made sure
      // no subject, a body, a house, a person, is named): "mijn fysio
      // oefeningen hoe vaak".
      if (a.lang == Language::kNl && (w == "mijn" || w == "m'n" || w == "onze")) {
        for (int k = i + 1; k < static_cast<int>(qtoks_.size()); ++k) {
          if (!IsWordLike(k)) continue;
          const Token& t = *qtoks_[k].token;
          if ((t.flags & kTokWord) && !(t.flags & (kTokStop | kTokNumber | kTokQuestion)) && !IsPersonPronoun(t.norm))
            return k;
          break;
        }
      }
      // The noun phrase after it: up to three words, to a stop word ("my solar inverter display").
      for (int k = i + 1; k < static_cast<int>(qtoks_.size()) && k <= i + 3; ++k) {
        if (!IsWordLike(k) || (qtoks_[k].token->flags & kTokStop)) break;
        if ((tok_class_[k] & kWcProduct) && WordClassUsable(a, k)) return k;
        for (const PhraseMatch& o : matches_) {
          const Entry& e = entries_[o.entry];
          if (o.begin == k && (e.cat == Entry::kBrand || (e.cat == Entry::kSignal && (e.tags & internal::kTagDevice))))
            return k;
        }
      }
    }
    return -1;
  }
  static bool MedicalConditionWord(std::string_view w) {
    auto ends = [&](std::string_view suf) {
      return w.size() >= suf.size() + 4 && w.compare(w.size() - suf.size(), suf.size(), suf) == 0;
    };
    return ends("itis") || ends("algia") || ends("algie");
  }
  // True when the finite verb at `verb` is negated by the next word ("niet", "geen", "nooit").
  bool NegatedVerb(int verb) const {
    if (!(tok_class_[verb] & kWcNlFin)) return false;
    for (int k = verb + 1; k < static_cast<int>(qtoks_.size()); ++k) {
      if (!IsWordLike(k)) continue;
      const std::string& w = qtoks_[k].token->norm;
      return w == "niet" || w == "geen" || w == "nooit";
    }
    return false;
  }
  // True when a device signal matched a whole word ("laptop", "app").
  bool DeviceSignal() const {
    for (const PhraseMatch& o : matches_) {
      const Entry& e = entries_[o.entry];
      if (e.cat == Entry::kSignal && (e.tags & internal::kTagDevice) && o.part < 0) return true;
    }
    return false;
  }
  // The Dutch verb of a task or situation (nl_verbs.tsv), else -1: in a
  // query not tagged English, an infinitive that ends its clause (the last
  // word, or before a preposition or article: "administratie bijhouden",
  // "verhuizen naar een kleiner huis"), or a finite form after its subject
  // ("baby slaapt slecht"), with at least one other content word.
  int DutchTaskVerb(const Analysis& a) const {
    if (a.lang == Language::kEn) return -1;
    int n = static_cast<int>(qtoks_.size()), first = -1, content = 0, verb = -1;
    for (int i = 0; i < n; ++i) {
      if (!IsWordLike(i)) continue;
      const Token& t = *qtoks_[i].token;
      if (first < 0) first = i;
      if ((t.flags & kTokWord) && !(t.flags & (kTokStop | kTokNumber))) ++content;
      if (verb >= 0 || t.lang == Language::kEn) continue;
      WcBits c = tok_class_[i] & kWcDutch;
      if (c & kWcNlInf) {
        int k = i + 1;
        while (k < n && !IsWordLike(k)) ++k;
        if (k >= n || (qtoks_[k].token->flags & kTokStop) || IsDutchPreposition(qtoks_[k].token->norm)) verb = i;
      } else if ((c & kWcNlFin) && i != first) {
        verb = i;
      }
    }
    if (content < 2 || verb < 0) return -1;
    // A verb that hands the work to someone else names the solution, a
    // service ("administratie uitbesteden", "schilder inhuren", "banden
    // laten wisselen"): no task of one's own.
    const std::string& v = qtoks_[verb].token->norm;
    if (v == "uitbesteden" || v == "inhuren" || v == "outsourcen" || v == "laten") return -1;
    // Looking for or choosing the thing is no task with it: "boekhouder
    // zoeken" wants an accountant (what it names decides, or rule 7).
    if (v == "zoeken" || v == "gezocht" || v == "vinden" || v == "kiezen" || v == "zoekt" || v == "vind") return -1;
    for (int k = verb - 1; k >= 0; --k) {
      if (!IsWordLike(k)) continue;
      if (qtoks_[k].token->norm == "laten" || qtoks_[k].token->norm == "laat") return -1;
      break;
    }
    return verb;
  }
  // Verbs of wanting or getting something (they name what is wanted) and
  // modal verbs (they open a question): no task or situation of their own.
  static bool WantingOrModal(std::string_view v) {
    static constexpr std::string_view kWords[] = {"need", "needs", "want", "wants", "find", "get", "buy", "hire",
                                                  "order", "book", "rent", "looking", "choose", "compare", "can",
                                                  "could", "will", "would", "should", "may", "might", "must"};
    return std::find(std::begin(kWords), std::end(kWords), v) != std::end(kWords);
  }
  // True for an English -s, -ed or -ing form (by its ending).
  static bool Inflected(std::string_view w) {
    auto ends = [&](std::string_view suf) { return w.size() > suf.size() + 2 && w.substr(w.size() - suf.size()) == suf; };
    return ends("s") || ends("ed") || ends("ing");
  }
  // True when a preposition stands between two accepted brand matches.
  bool BrandsJoinedByPreposition() const {
    static constexpr std::string_view kJoins[] = {"aan", "met", "op", "in", "naar", "voor", "van", "via", "to",
                                                  "with", "on", "into", "for", "from"};
    std::vector<std::pair<int, int>> spans;
    for (const Accepted& acc : accepted_) {
      if (acc.entry->cat == Entry::kBrand) spans.emplace_back(acc.m.begin, acc.m.end);
    }
    std::sort(spans.begin(), spans.end());
    for (size_t b = 1; b < spans.size(); ++b) {
      for (int k = spans[b - 1].second; k < spans[b].first; ++k) {
        if (IsWordLike(k) && std::find(std::begin(kJoins), std::end(kJoins), qtoks_[k].token->norm) != std::end(kJoins))
          return true;
      }
    }
    return false;
  }
  // The English verb after a person as the subject (a subject pronoun, a
  // person noun, or a possessive and a person noun: "customers keep
  // calling", "my daughter hates school", "we moved abroad"), else -1.
  int PersonThenVerb(const Analysis& a) const {
    if (a.lang != Language::kEn) return -1;
    static constexpr std::string_view kSubjects[] = {"i", "we", "he", "she", "they"};
    static constexpr std::string_view kPossessives[] = {"my", "our", "his", "her", "their"};
    auto in = [](const auto& list, std::string_view w) { return std::find(std::begin(list), std::end(list), w) != std::end(list); };
    int n = static_cast<int>(qtoks_.size());
    auto next_word = [&](int i) {
      for (int k = i + 1; k < n; ++k)
        if (IsWordLike(k)) return k;
      return -1;
    };
    for (int i = 0; i < n; ++i) {
      if (!IsWordLike(i)) continue;
      const std::string& w = qtoks_[i].token->norm;
      // A product named before the person is what the query wants ("ai
      // tools for teachers creating content").
      if (tok_class_[i] & kWcProduct) return -1;
      int subj = -1;
      if (in(kSubjects, w) || (tok_class_[i] & kWcPerson)) {
        subj = i;
      } else if (in(kPossessives, w)) {
        int k = next_word(i);
        if (k >= 0 && (tok_class_[k] & kWcPerson)) subj = k;
      }
      if (subj < 0) continue;
      int v = next_word(subj);
      if (v < 0 || !(tok_class_[v] & kWcEnVerb) || (tok_class_[v] & kWcPerson) || WantingOrModal(qtoks_[v].token->norm))
        continue;
      // After a person noun a base form may be a noun of a compound ("baby
      // monitor", "teacher training"): it needs an inflection ("hates",
      // "moved") or a verb form after it ("keep calling").
      if (!in(kSubjects, w) && !Inflected(qtoks_[v].token->norm)) {
        int after = next_word(v);
        if (after < 0 || !(tok_class_[after] & kWcEnVerb) || !Inflected(qtoks_[after].token->norm)) continue;
      }
      return v;
    }
    return -1;
  }
  // The English verb that opens a task or situation (en_verbs.tsv), else
  // -1: the first word is a verb form followed by a function word ("keep
  // the kids busy", "living in", "paying to heat"), with at least three
  // content words in the query. Verbs of looking for or getting something
  // name what they want, no task; modal verbs open a question.
  int EnglishTaskVerb(const Analysis& a) const {
    if (a.lang != Language::kEn) return -1;
    int n = static_cast<int>(qtoks_.size()), first = -1, next = -1, content = 0;
    for (int i = 0; i < n; ++i) {
      if (!IsWordLike(i)) continue;
      const Token& t = *qtoks_[i].token;
      if (first < 0) {
        first = i;
      } else if (next < 0) {
        next = i;
      }
      if ((t.flags & kTokWord) && !(t.flags & (kTokStop | kTokNumber))) ++content;
    }
    if (first < 0 || next < 0 || content < 3 || !(tok_class_[first] & kWcEnVerb)) return -1;
    const std::string& v = qtoks_[first].token->norm;
    if (WantingOrModal(v)) return -1;
    // Before a noun an English verb form mostly makes a compound ("design
    // tools", "share accommodation", "running shoes"): a function word must follow.
    // "managed it services": "it" before a noun is the trade, no pronoun.
    const Token& after = *qtoks_[next].token;
    if (after.norm == "it" && FollowedByContentWord(next + 1)) return -1;
    return (after.flags & kTokStop) ? first : -1;
  }
  static bool IsDutchPreposition(std::string_view w) {
    static constexpr std::string_view kWords[] = {"in", "op", "met", "naar", "voor", "van", "bij", "aan", "uit",
                                                  "zonder", "tijdens", "na", "om", "door", "onder", "over", "tegen"};
    return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
  }
  // The number of a price cap, else -1: "onder" / "under" / "below" /
  // "max" / "tot" / "up to" / "less than" / "minder dan" before an amount
  // with a currency ("500 euro", "$100", "€ 300"); after "onder" / "under"
  // / "below" a bare number that ends the query counts too ("laptop onder
  // 500"). "tot 1000 m2" and "under 18" are no prices.
  int PriceCap() const {
    static constexpr std::string_view kCaps[] = {"onder", "under", "below", "max", "maximaal", "tot", "beneath",
                                                 "than", "dan", "to"};
    static constexpr std::string_view kCurrency[] = {"euro", "eur", "euros", "dollar", "dollars", "usd", "pound",
                                                     "pounds", "gbp", "bucks", "€", "$", "£"};
    auto is_currency = [&](int k) {
      if (k < 0 || k >= static_cast<int>(qtoks_.size())) return false;
      const std::string& w = qtoks_[k].token->norm.empty() ? qtoks_[k].token->text : qtoks_[k].token->norm;
      return std::find(std::begin(kCurrency), std::end(kCurrency), w) != std::end(kCurrency);
    };
    int n = static_cast<int>(qtoks_.size());
    bool number = false;  // most queries hold none: one pass over the flags
    for (int i = 1; i < n; ++i) number |= (qtoks_[i].token->flags & kTokNumber) != 0;
    if (!number) return -1;
    for (int i = 0; i + 1 < n; ++i) {
      const std::string& w = qtoks_[i].token->norm;
      auto it = std::find(std::begin(kCaps), std::end(kCaps), w);
      if (it == std::end(kCaps)) continue;
      // "than" / "dan" only after "less" / "minder", "to" only after "up".
      if (w == "than" || w == "dan" || w == "to") {
        if (i == 0) continue;
        const std::string& prev = qtoks_[i - 1].token->norm;
        if (!((w == "to" && prev == "up") || (w != "to" && (prev == "less" || prev == "minder")))) continue;
      }
      int k = i + 1;
      bool currency_before = false;
      if (k < n && is_currency(k)) {
        currency_before = true;
        ++k;
      }
      if (k >= n || !(qtoks_[k].token->flags & kTokNumber) || (qtoks_[k].token->flags & kTokUnit)) continue;
      if (currency_before || is_currency(k + 1)) return k;
      bool last = true;
      for (int j = k + 1; j < n; ++j) last &= !IsWordLike(j);
      bool loose = w == "onder" || w == "under" || w == "below";
      if (loose && last && std::atoi(qtoks_[k].token->norm.c_str()) >= 20) return k;
    }
    return -1;
  }

  // A `strict` cue applies when the query is in the cue's language, or
  // untagged (und, or tagged by the market prior alone) with no more
  // evidence for the other language than for the cue's ("monstera of
  // philodendron": names only, no evidence).
  bool LangOk(const Entry& e, const Analysis& a) const {
    if (!(e.tags & internal::kTagStrict) || e.lang == Language::kUnd || e.lang == a.lang) return true;
    // A tag that only the market prior gave ("poker online": no evidence
    // either way) does not rule the other language's strict cues out.
    if (a.lang != Language::kUnd && (a.nl_score > 0 || a.en_score > 0)) return false;
    return e.lang == Language::kNl ? a.nl_score >= a.en_score : a.en_score >= a.nl_score;
  }
  // True when every accepted orientation cue is a question that asks for
  // no definition (see the problem-question rule in Classify).
  bool ProblemQuestionOnly() const {
    bool any = false;
    for (const Accepted& acc : accepted_) {
      const Entry& e = *acc.entry;
      if (e.cat != Entry::kCue || e.stage != Stage::kOrientation) continue;
      if (!(e.tags & internal::kTagQuestion) || (e.tags & internal::kTagDefinition)) return false;
      any = true;
    }
    return any;
  }
  // Position constraints of the "between", "start" and "end" tags.
  bool PositionOk(const Entry& e, const PhraseMatch& m) const {
    if ((e.tags & internal::kTagStart) && m.begin != FirstWord()) return false;
    if (e.tags & internal::kTagEnd) {
      for (int i = m.end; i < static_cast<int>(qtoks_.size()); ++i)
        if (IsWordLike(i)) return false;
    }
    if (e.tags & internal::kTagBetween) {
      bool before = false, after = false;
      for (int i = 0; i < m.begin; ++i) before |= IsWordLike(i);
      for (int i = m.end; i < static_cast<int>(qtoks_.size()); ++i) after |= IsWordLike(i);
      if (!before || !after) return false;
    }
    return true;
  }
  // A known one-word brand followed by a dot and a mistyped or unknown
  // ending ("turbotax.cp", "amazon.cm"): the searcher typed a site's address.
  bool BrandHost(std::string_view norm) const {
    size_t dot = norm.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 >= norm.size()) return false;
    return brand_hosts_.count(std::string(norm.substr(0, dot))) > 0;
  }
  // True when one of the two words before token `i` is a purpose
  // preposition ("voor", "tegen", "for", "against"): what follows is what
  // a product is for.
  // True when a purpose word stands within two words before `i` and a
  // content word that no accepted cue covers comes before it: the noun of
  // a solution ("zalf" in "zalf tegen eczeem"; not "wat helpt tegen").
  bool PlainNounBeforePurpose(int i) const {
    int p = PurposeWordBefore(i);
    for (int k = 0; k < p; ++k) {
      if (!IsWordLike(k)) continue;
      const Token& t = *qtoks_[k].token;
      if (!(t.flags & kTokWord) || (t.flags & (kTokStop | kTokNumber))) continue;
      bool covered = false;
      for (const Accepted& acc : accepted_) covered |= acc.entry->cat == Entry::kCue && acc.m.begin <= k && k < acc.m.end;
      if (!covered) return true;
    }
    return false;
  }
  bool AfterPurposeWord(int i) const { return PurposeWordBefore(i) >= 0; }
  // The index of "voor" / "tegen" / "for" / "against" within the two
  // word-like tokens before `i`, else -1.
  int PurposeWordBefore(int i) const {
    int seen = 0;
    for (int k = i - 1; k >= 0 && seen < 2; --k) {
      if (!IsWordLike(k)) continue;
      ++seen;
      const std::string& w = qtoks_[k].token->norm;
      if (w == "voor" || w == "tegen" || w == "for" || w == "against") return k;
    }
    return -1;
  }
  // True when the word-like token at `i` (if any) is a word that is no stop word.
  bool FollowedByContentWord(int i) const {
    for (int k = i; k < static_cast<int>(qtoks_.size()); ++k) {
      if (!IsWordLike(k)) continue;
      const Token& t = *qtoks_[k].token;
      return (t.flags & kTokWord) && !(t.flags & (kTokStop | kTokNumber));
    }
    return false;
  }
  // True when the one-word English cue `m` is a noun (word class product
  // or service) directly followed by a service or product noun, or an
  // organisation word, that heads the phrase: "repair" in "computer repair
  // service", not in "laptop repair" or "repair my laptop".
  bool EnglishNounModifier(const Entry& e, const PhraseMatch& m, const Analysis& a) const {
    if (e.lang != Language::kEn || m.part >= 0 || m.end - m.begin != 1 || m.end >= static_cast<int>(qtoks_.size()))
      return false;
    // WordNet's table leaves -ing forms out ("cleaning service"): as a
    // modifier they are nouns too.
    const std::string& norm = qtoks_[m.begin].token->norm;
    bool ing = norm.size() > 5 && norm.compare(norm.size() - 3, 3, "ing") == 0;
    if ((!(tok_class_[m.begin] & (kWcProduct | kWcService)) && !ing) || !WordClassUsable(a, m.begin)) return false;
    int k = m.end;
    if (!IsWordLike(k) || (qtoks_[k].token->flags & (kTokStop | kTokNumber))) return false;
    // The price of a service ("deep cleaning cost", "repair price").
    for (const Accepted& o : accepted_) {
      if (o.entry->cat == Entry::kCue && o.entry->stage == Stage::kDecision && o.m.begin == k) return true;
    }
    if ((tok_class_[k] & (kWcProduct | kWcService)) && WordClassUsable(a, k)) return true;
    // A trade named as a business ("computer repair business", "cleaning
    // company", "repair shop"): the words WordNet files as acts or groups.
    static constexpr std::string_view kTrade[] = {"business", "businesses", "shop", "shops", "firm", "firms",
                                                  "agency", "agencies", "services", "company", "companies"};
    if (std::find(std::begin(kTrade), std::end(kTrade), qtoks_[k].token->norm) != std::end(kTrade)) return true;
    for (const PhraseMatch& o : matches_) {
      const Entry& oe = entries_[o.entry];
      if (oe.cat == Entry::kSignal && (oe.tags & internal::kTagOrg) && o.begin == k) return true;
    }
    return false;
  }
  // The index of "down" / "offline" right after a device signal (a whole
  // word) or an English product noun, else -1 ("calm down", "down jacket"
  // are none).
  int OutOfService(const Analysis& a) const {
    for (int i = 1; i < static_cast<int>(qtoks_.size()); ++i) {
      const std::string& w = qtoks_[i].token->norm;
      if (w != "down" && w != "offline") continue;
      int k = i - 1;
      if (!IsWordLike(k)) continue;
      if ((tok_class_[k] & kWcProduct) && WordClassUsable(a, k)) return i;
      for (const PhraseMatch& o : matches_) {
        const Entry& e = entries_[o.entry];
        if (e.cat == Entry::kSignal && (e.tags & internal::kTagDevice) && o.part < 0 && o.end == i) return i;
      }
    }
    return -1;
  }
  bool IsWordLike(int i) const { return (qtoks_[i].token->flags & (kTokWord | kTokNumber | kTokDomain)) != 0; }
  int FirstWord() const {
    for (int i = 0; i < static_cast<int>(qtoks_.size()); ++i)
      if (IsWordLike(i)) return i;
    return 0;
  }
  int WordCount() const {
    int n = 0;
    for (int i = 0; i < static_cast<int>(qtoks_.size()); ++i) n += IsWordLike(i) && !(qtoks_[i].token->flags & kTokStop);
    return n;
  }

  // True when `m` matched a compound part that is not the head (the last
  // part of three letters or more).
  bool IsModifierPart(const PhraseMatch& m) const {
    if (m.part < 0) return false;
    const std::vector<std::string>& parts = qtoks_[m.begin].token->parts;
    int head = static_cast<int>(parts.size()) - 1;
    while (head > 0 && parts[head].size() < 3) --head;
    return m.part < head;
  }

  std::vector<std::string> TokensOf(const PhraseMatch& m) const {
    std::vector<std::string> out;
    for (int i = m.begin; i < m.end; ++i) {
      const Token& t = *qtoks_[i].token;
      if (m.part >= 0 && m.part < static_cast<int>(t.parts.size())) {
        out.push_back(t.text + "[" + t.parts[m.part] + "]");
      } else {
        out.push_back(t.text);
      }
    }
    return out;
  }

  // What the index knows about one word, which depends only on the word
  // (norm, stem, compound parts): the patterns that can start at it and its
  // typo matches. Keyword lists repeat their words a lot, so a small
  // direct-mapped cache saves most hash lookups, dictionary probes and
  // symmetric-delete searches. Verdicts are the same with or without it.
  struct WordInfo {
    std::string norm, stem, parts;  // the key; parts joined by '\x1f'
    uint64_t stamp = 0;             // which fill put the key here (0 = empty)
    std::vector<int> candidates;    // PhraseIndex::Candidates
    WcBits wclass = 0;             // kWc* bits of the word (English word classes)
    bool typo_known = false;
    std::vector<int> typo;          // entries of misspelt cues/brands (computed when first needed)
    bool bare_known = false;
    std::vector<int> bare;          // brands two edits away, for one-word queries (AddBareNameTypo)
  };
  static constexpr size_t kWordCacheSize = 8192;  // a power of two

  static bool SameParts(const std::string& joined, const std::vector<std::string>& parts) {
    size_t pos = 0;
    for (size_t k = 0; k < parts.size(); ++k) {
      if (k > 0) {
        if (pos >= joined.size() || joined[pos] != '\x1f') return false;
        ++pos;
      }
      if (joined.compare(pos, parts[k].size(), parts[k]) != 0) return false;
      pos += parts[k].size();
    }
    return pos == joined.size();
  }

  // The cache slot of `t`, filled on a miss.
  size_t WordSlot(const Token& t) {
    uint64_t h = 14695981039346656037ull;  // FNV-1a
    for (unsigned char ch : t.norm) h = (h ^ ch) * 1099511628211ull;
    h ^= t.stem.size() * 0x9e3779b97f4a7c15ull;
    size_t slot = (h ^ (h >> 29)) & (kWordCacheSize - 1);
    WordInfo& w = word_cache_[slot];
    if (w.stamp != 0 && w.norm == t.norm && w.stem == t.stem && SameParts(w.parts, t.parts)) return slot;
    w.stamp = ++fills_;
    w.norm = t.norm;
    w.stem = t.stem;
    w.parts.clear();
    for (size_t k = 0; k < t.parts.size(); ++k) {
      if (k > 0) w.parts.push_back('\x1f');
      w.parts.append(t.parts[k]);
    }
    index_.Candidates(t, &w.candidates);
    w.wclass = LookUpWordClass(t.norm, t.lang);
    w.typo_known = false;
    w.bare_known = false;
    return slot;
  }

  // Finds every phrase match in qtoks_ (into matches_), remembering each
  // token's cache slot for AddTypoMatches.
  void MatchPhrases() {
    matches_.clear();
    tok_slot_.clear();
    tok_class_.assign(qtoks_.size(), 0);
    for (int i = 0; i < static_cast<int>(qtoks_.size()); ++i) {
      size_t slot = WordSlot(*qtoks_[i].token);
      tok_slot_.emplace_back(slot, word_cache_[slot].stamp);
      tok_class_[i] = word_cache_[slot].wclass;
      index_.MatchFrom(qtoks_, i, word_cache_[slot].candidates, &matches_);
    }
  }

  // Adds typo matches for words no phrase matched that are in neither
  // dictionary and not compounds.
  void AddTypoMatches() {
    if (fuzzy_.empty()) return;
    matched_.assign(qtoks_.size(), false);
    for (const PhraseMatch& m : matches_) {
      for (int i = m.begin; i < m.end; ++i) matched_[i] = true;
    }
    for (int i = 0; i < static_cast<int>(qtoks_.size()); ++i) {
      const Token& t = *qtoks_[i].token;
      if (matched_[i] || !(t.flags & kTokWord) || (t.flags & (kTokNumber | kTokDomain | kTokProtected)) ||
          !t.parts.empty() || t.norm.size() + 1 < internal::FuzzyIndex::kMinLength) {
        continue;
      }
      auto [slot, stamp] = tok_slot_[i];
      if (word_cache_[slot].stamp != stamp) slot = WordSlot(t);  // evicted by a later word of this query
      WordInfo& w = word_cache_[slot];
      if (!w.typo_known) {
        w.typo.clear();
        if (!nl_words_->Contains(t.norm) && !en_words_->Contains(t.norm)) fuzzy_.Find(t.norm, &w.typo);
        w.typo_known = true;
      }
      for (int e : w.typo) matches_.push_back(PhraseMatch{e, i, i + 1, -1, true});
    }
    AddBareNameTypo();
  }

  // A query of one unknown word is most often a name typed from memory:
  // compare it with the one-word brands that start with the same letter,
  // allowing one edit for names of five or six letters ("ffafsa") and two
  // for longer ones ("soptfy" -> spotify). Cached per word.
  void AddBareNameTypo() {
    int word = -1;
    for (int i = 0; i < static_cast<int>(qtoks_.size()); ++i) {
      if (!IsWordLike(i)) continue;
      if (word >= 0) return;  // more than one word
      word = i;
    }
    if (word < 0 || matched_[word]) return;
    const Token& t = *qtoks_[word].token;
    if (!(t.flags & kTokWord) || (t.flags & (kTokNumber | kTokDomain | kTokProtected)) || !t.parts.empty() ||
        t.norm.size() < kBareTypoMinLength) {
      return;
    }
    auto [slot, stamp] = tok_slot_[word];
    if (word_cache_[slot].stamp != stamp) slot = WordSlot(t);
    WordInfo& w = word_cache_[slot];
    if (!w.typo_known) {  // the word was too short for the FuzzyIndex: not looked up yet
      w.typo.clear();
      w.typo_known = true;
    }
    if (!w.bare_known) {
      w.bare.clear();
      w.bare_known = true;
      if (w.typo.empty() && !nl_words_->Contains(t.norm) && !en_words_->Contains(t.norm)) {
        for (const auto& [name, entry] : bare_brands_) {
          if (name[0] != t.norm[0]) continue;
          int allowed = name.size() >= 7 ? 2 : 1;
          if (EditDistanceAtMost(name, t.norm, allowed)) w.bare.push_back(entry);
        }
      }
    }
    for (int e : w.bare) matches_.push_back(PhraseMatch{e, word, word + 1, -1, true});
  }

  // Optimal string alignment distance of a and b is at most `k` (k <= 2).
  static bool EditDistanceAtMost(std::string_view a, std::string_view b, int k) {
    if (a == b) return false;  // equal is not a typo
    int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
    if (std::abs(n - m) > k || n > 32 || m > 32) return false;
    int d[33][33];
    for (int i = 0; i <= n; ++i) d[i][0] = i;
    for (int j = 0; j <= m; ++j) d[0][j] = j;
    for (int i = 1; i <= n; ++i) {
      int row_min = d[i][0];
      for (int j = 1; j <= m; ++j) {
        int cost = a[i - 1] == b[j - 1] ? 0 : 1;
        int v = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = std::min(v, d[i - 2][j - 2] + 1);
        d[i][j] = v;
        row_min = std::min(row_min, v);
      }
      if (row_min > k) return false;
    }
    return d[n][m] <= k;
  }

  // Keeps the most specific of overlapping stage-bearing matches (cues,
  // brands, product terms); results in accepted_.
  void Resolve(const Analysis& a) {
    accepted_.clear();
    candidates_.clear();
    for (const PhraseMatch& m : matches_) {
      const Entry& e = entries_[m.entry];
      if (e.cat == Entry::kSignal || e.cat == Entry::kRemapWhen) continue;
      if (e.cat == Entry::kCue && ((!LangOk(e, a) && !BetweenNames(e, m)) || !PositionOk(e, m))) continue;
      if (e.cat == Entry::kCue && EnglishBetween(e, m)) continue;
      candidates_.push_back(m);
    }
    // Most literal words first, then whole tokens before compound parts,
    // exact before misspelt, brands (explicit configuration) before cues,
    // the stronger cue ("te bestellen": bestellen, not "te *"; "te klein":
    // "te *", not the attribute hint), fewer wildcards, longer spans, the
    // query's own language.
    ranked_.clear();
    for (const PhraseMatch& m : candidates_) {
      const Entry& e = entries_[m.entry];
      const internal::Pattern& p = index_.pattern_of(m.entry);  // entry i has pattern i
      ranked_.push_back(Ranked{std::make_tuple(p.literals, m.part < 0 ? 1 : 0, m.typo ? 0 : 1,
                                               e.cat == Entry::kBrand ? 1 : 0, e.weight, -p.wildcards,
                                               m.end - m.begin, e.lang == a.lang ? 1 : 0),
                               m});
    }
    // Stable insertion sort, best first: a handful of matches per query, and
    // std::stable_sort would allocate a buffer on every call.
    for (size_t i = 1; i < ranked_.size(); ++i) {
      Ranked r = ranked_[i];
      size_t j = i;
      for (; j > 0 && ranked_[j - 1].rank < r.rank; --j) ranked_[j] = ranked_[j - 1];
      ranked_[j] = r;
    }
    for (const Ranked& rm : ranked_) {
      const PhraseMatch& m = rm.m;
      bool clash = false;
      for (const Accepted& acc : accepted_) {
        const PhraseMatch& o = acc.m;
        bool tokens_overlap = m.begin < o.end && o.begin < m.end;
        if (!tokens_overlap) continue;
        if (m.part < 0 || o.part < 0 || m.part == o.part) {
          clash = true;
          break;
        }
      }
      if (!clash) accepted_.push_back(Accepted{&entries_[m.entry], m});
    }
  }
  // True when, apart from the brand, the query holds only stop words,
  // numbers, service/nav words, or (for a bare name) one more plain word.
  bool MainlyNames(const Analysis& a, Stage winner) const {
    std::vector<bool> covered(qtoks_.size(), false);
    bool stage_cue = false, product_brand = false;
    for (const Accepted& acc : accepted_) {
      const Entry& e = *acc.entry;
      if (e.cat == Entry::kBrand && e.product_brand) product_brand = true;
      bool ok = e.cat == Entry::kBrand ||
                (e.cat == Entry::kCue && (e.tags & (internal::kTagService | internal::kTagNav))) ||
                (e.cat == Entry::kCue && e.stage == Stage::kConcreteNeed);
      if (e.cat == Entry::kCue && !ok && e.weight >= config_.thresholds.hint) stage_cue = true;
      if (!ok) continue;
      for (int i = acc.m.begin; i < acc.m.end; ++i) covered[i] = true;
    }
    if (stage_cue && winner != Stage::kLoyalty && winner != Stage::kDelivery) return false;
    int leftover = 0;
    for (size_t i = 0; i < qtoks_.size(); ++i) {
      if (covered[i]) continue;
      const Token& t = *qtoks_[i].token;
      if ((t.flags & (kTokWord | kTokDomain)) == 0) continue;  // numbers, symbols
      if (t.flags & kTokStop) continue;
      ++leftover;
    }
    // A product brand with more words names a product ("ford hybrid",
    // "nike air max"), not the brand's site; a site, shop or organisation
    // with a word or two is still that site ("indeed job", "gmail uc davis").
    if (product_brand) return leftover == 0;
    return leftover == 0 || (leftover <= kMaxNameLeftover && winner == Stage::kConcreteNeed && !stage_cue);
  }


  ClassifierConfig config_;
  std::string version_;
  std::unique_ptr<Analyzer> analyzer_;
  std::vector<Entry> entries_;
  internal::PhraseIndex index_;
  internal::FuzzyIndex fuzzy_;
  std::shared_ptr<const internal::WordList> nl_words_, en_words_;
  std::unordered_map<std::string, std::pair<Stage, std::string>> overrides_;  // stage and why (override_notes)
  std::unordered_set<std::string> brand_hosts_;  // one-word brand names (BrandHost)
  std::vector<std::pair<std::string, int>> bare_brands_;  // one-word brands and their entries (AddBareNameTypo)
  // Scratch, reused across calls (not thread-safe, like the Analyzer).
  Analysis scratch_;
  std::vector<QueryToken> qtoks_;
  std::vector<PhraseMatch> matches_;
  std::vector<PhraseMatch> candidates_;
  std::vector<Accepted> accepted_;
  std::vector<bool> matched_;
  std::vector<bool> attr_head_;  // per qtoks_ entry: its compound head is an attribute head
  std::vector<WcBits> tok_class_;  // per qtoks_ entry: kWc* bits (two-word lemmas on both words)
  // English lemma (and regular plural) -> kWc* bits: an open-addressing
  // table over one character buffer, because it is probed on every word-cache
  // fill and a node-based map costs a cache miss per probe.
  struct WcSlot {
    uint32_t off = 0;
    uint8_t len = 0;  // 0 = empty
    WcBits bits = 0;
    uint16_t tag = 0;  // high bits of the hash
  };
  std::vector<WcSlot> wc_slots_;
  std::string wc_chars_;
  static uint64_t WcHash(std::string_view s) {
    uint64_t h = 14695981039346656037ull;  // FNV-1a
    for (unsigned char ch : s) h = (h ^ ch) * 1099511628211ull;
    return h ^ (h >> 32);
  }
  void BuildWordClassTable(const std::unordered_map<std::string, WcBits>& classes) {
    size_t size = 16;
    while (size < classes.size() * 2) size *= 2;
    wc_slots_.assign(classes.empty() ? 0 : size, WcSlot{});
    for (const auto& [w, bits] : classes) {
      if (w.empty() || w.size() > kMaxClassWord) continue;
      uint64_t h = WcHash(w);
      size_t i = h & (size - 1);
      while (wc_slots_[i].len != 0) i = (i + 1) & (size - 1);
      wc_slots_[i] = WcSlot{static_cast<uint32_t>(wc_chars_.size()), static_cast<uint8_t>(w.size()), bits,
                            static_cast<uint16_t>(h >> 48)};
      wc_chars_ += w;
    }
  }
  std::string pair_scratch_;
  static constexpr size_t kMaxClassWord = 40;  // longer tokens are never looked up
  struct Ranked {
    std::tuple<int, int, int, int, double, int, int, int> rank;
    PhraseMatch m;
  };
  std::vector<Ranked> ranked_;
  std::vector<WordInfo> word_cache_ = std::vector<WordInfo>(kWordCacheSize);
  uint64_t fills_ = 0;
  std::vector<std::pair<size_t, uint64_t>> tok_slot_;  // per qtoks_ entry: cache slot and its stamp
};

}  // namespace

Result<std::unique_ptr<Classifier>> Classifier::Create(const ClassifierConfig& config) {
  auto analyzer = Analyzer::Create(config.analyzer);
  if (!analyzer.ok()) return analyzer.status().WithContext("classifier");
  auto c = std::make_unique<RuleClassifier>(config, std::move(analyzer).value());
  KR_RETURN_IF_ERROR(c->Build().WithContext("classifier configuration"));
  return std::unique_ptr<Classifier>(std::move(c));
}

}  // namespace kr::classify
