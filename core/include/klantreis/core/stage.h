// The customer-journey stage model (../shared/stages.md) as a small,
// closed vocabulary: ten stages in two funnels, and their projections to
// the 5-stage model and to classic search intent. Thread-safe (constants).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace kr {

// DO NOT CHANGE THESE VALUES: they are stored on disk (store/ key schema).
enum class Stage : uint8_t {
  kLatentNeed = 0,
  kConcreteNeed = 1,
  kOrientation = 2,
  kConsideration = 3,
  kDecision = 4,
  kPurchase = 5,
  kDelivery = 6,
  kUse = 7,
  kLoyalty = 8,
  kAdvocacy = 9,
};
inline constexpr int kNumStages = 10;
inline constexpr std::array<Stage, kNumStages> kAllStages = {
    Stage::kLatentNeed, Stage::kConcreteNeed, Stage::kOrientation, Stage::kConsideration,
    Stage::kDecision,   Stage::kPurchase,     Stage::kDelivery,    Stage::kUse,
    Stage::kLoyalty,    Stage::kAdvocacy};

enum class Funnel : uint8_t { kSales = 0, kService = 1 };
enum class Intent : uint8_t { kInformational = 0, kNavigational = 1, kCommercial = 2, kTransactional = 3 };
enum class Stage5 : uint8_t { kAwareness = 0, kConsideration = 1, kDecision = 2, kRetention = 3, kAdvocacy = 4 };
enum class Language : uint8_t { kUnd = 0, kNl = 1, kEn = 2 };

// Ids as in stages.md: "latent_need", ..., "advocacy".
std::string_view StageId(Stage s);
std::string_view StageDutchName(Stage s);  // "latente behoefte", ...
std::optional<Stage> StageFromId(std::string_view id);
inline int StageIndex(Stage s) { return static_cast<int>(s); }
Funnel FunnelOf(Stage s);
std::string_view FunnelId(Funnel f);  // "sales" | "service"

// Projections (table "Other models are projections of the default").
Stage5 Stage5Of(Stage s);
std::string_view Stage5Id(Stage5 s);
// Intent projection; `navigational` is the separate flag of stages.md. It
// turns the service stages (delivery, use, loyalty) and a bare name
// (concrete_need: "bol.com", "nike") into navigational.
Intent IntentOf(Stage s, bool navigational);
std::string_view IntentId(Intent i);
std::optional<Intent> IntentFromId(std::string_view id);

std::string_view LanguageId(Language l);  // "nl" | "en" | "und"
std::optional<Language> LanguageFromId(std::string_view id);

}  // namespace kr
