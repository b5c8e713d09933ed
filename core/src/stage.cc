#include "klantreis/core/stage.h"

namespace kr {
namespace {
constexpr std::array<std::string_view, kNumStages> kIds = {
    "latent_need", "concrete_need", "orientation", "consideration", "decision",
    "purchase",    "delivery",      "use",         "loyalty",       "advocacy"};
constexpr std::array<std::string_view, kNumStages> kDutch = {
    "latente behoefte", "concrete behoefte", "oriëntatie",     "overweging",     "beslismoment",
    "koopfase",         "leveringsfase",     "gebruiksfase",   "loyaliteitsfase", "ambassadeursfase"};
}  // namespace

std::string_view StageId(Stage s) { return kIds[static_cast<int>(s)]; }
std::string_view StageDutchName(Stage s) { return kDutch[static_cast<int>(s)]; }

std::optional<Stage> StageFromId(std::string_view id) {
  for (int i = 0; i < kNumStages; ++i)
    if (kIds[i] == id) return static_cast<Stage>(i);
  return std::nullopt;
}

Funnel FunnelOf(Stage s) { return static_cast<int>(s) <= static_cast<int>(Stage::kPurchase) ? Funnel::kSales : Funnel::kService; }
std::string_view FunnelId(Funnel f) { return f == Funnel::kSales ? "sales" : "service"; }

Stage5 Stage5Of(Stage s) {
  switch (s) {
    case Stage::kLatentNeed:
    case Stage::kConcreteNeed: return Stage5::kAwareness;
    case Stage::kOrientation:
    case Stage::kConsideration: return Stage5::kConsideration;
    case Stage::kDecision:
    case Stage::kPurchase: return Stage5::kDecision;
    case Stage::kDelivery:
    case Stage::kUse:
    case Stage::kLoyalty: return Stage5::kRetention;
    case Stage::kAdvocacy: return Stage5::kAdvocacy;
  }
  return Stage5::kAwareness;
}

std::string_view Stage5Id(Stage5 s) {
  static constexpr std::array<std::string_view, 5> ids = {"awareness", "consideration", "decision", "retention", "advocacy"};
  return ids[static_cast<int>(s)];
}

Intent IntentOf(Stage s, bool navigational) {
  switch (s) {
    // A bare name with nothing else ("bol.com", "nike") goes to a site.
    case Stage::kConcreteNeed: return navigational ? Intent::kNavigational : Intent::kCommercial;
    case Stage::kConsideration: return Intent::kCommercial;
    case Stage::kDecision:
    case Stage::kPurchase: return Intent::kTransactional;
    case Stage::kDelivery:
    case Stage::kUse:
    case Stage::kLoyalty: return navigational ? Intent::kNavigational : Intent::kInformational;
    default: return Intent::kInformational;
  }
}

std::string_view IntentId(Intent i) {
  static constexpr std::array<std::string_view, 4> ids = {"informational", "navigational", "commercial", "transactional"};
  return ids[static_cast<int>(i)];
}
std::optional<Intent> IntentFromId(std::string_view id) {
  for (int i = 0; i < 4; ++i)
    if (IntentId(static_cast<Intent>(i)) == id) return static_cast<Intent>(i);
  return std::nullopt;
}

std::string_view LanguageId(Language l) {
  switch (l) {
    case Language::kNl: return "nl";
    case Language::kEn: return "en";
    default: return "und";
  }
}
std::optional<Language> LanguageFromId(std::string_view id) {
  if (id == "nl") return Language::kNl;
  if (id == "en") return Language::kEn;
  if (id == "und") return Language::kUnd;
  return std::nullopt;
}

}  // namespace kr
