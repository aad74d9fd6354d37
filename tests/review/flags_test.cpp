#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "review/flags.hpp"

using namespace parley::review;

namespace {

std::string example(const std::string& name) {
    std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/examples/designs/" + name, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

bool has(const std::vector<Flag>& flags, const std::string& key) {
    return std::any_of(flags.begin(), flags.end(), [&](const Flag& f) { return f.key == key; });
}

} // namespace

TEST_CASE("a broken mechanism is the first flag, with the line that breaks it and a change to make",
          "[review][flags]") {
    const auto flags = review_flags(review_design(example("redis-streams/flaw-ack.md")));
    REQUIRE_FALSE(flags.empty());
    CHECK(flags.front().key == "concern:ack");
    CHECK(flags.front().kind == FlagKind::broken);
    CHECK_FALSE(flags.front().breaking_lines.empty());
    CHECK_THAT(flags.front().change, Catch::StartsWith("Fix Acknowledge after processing"));
}

TEST_CASE("settling the flags clears the broken concern, and the comparison says what was fixed", "[review][flags]") {
    const auto design = example("redis-streams/flaw-ack.md");
    const auto before = review_flags(review_design(design));
    const auto after = review_flags(review_design(apply_settlements(design, before)));
    CHECK_FALSE(has(after, "concern:ack"));
    const auto compared = compare_flags(before, after);
    CHECK(has(compared.fixed, "concern:ack"));
    CHECK(compared.fixed.size() + compared.left.size() == before.size());
}

TEST_CASE("a wrong number has no settlement: only a person or a model can redo the arithmetic", "[review][flags]") {
    const auto design = example("redis-streams/flaw-capacity-conversion.md");
    const auto before = review_flags(review_design(design));
    const auto wrong =
        std::find_if(before.begin(), before.end(), [](const Flag& f) { return f.kind == FlagKind::wrong_number; });
    REQUIRE(wrong != before.end());
    CHECK(wrong->settlement.empty());
    const auto after = review_flags(review_design(apply_settlements(design, before)));
    CHECK(has(after, wrong->key));
}

TEST_CASE("compare_flags sorts flags into fixed, left and introduced by key", "[review][flags]") {
    const std::vector<Flag> before{{"a", FlagKind::broken, "A", "", "", "", {}},
                                   {"b", FlagKind::open_concern, "B", "", "", "", {}}};
    const std::vector<Flag> after{{"b", FlagKind::open_concern, "B", "", "", "", {}},
                                  {"c", FlagKind::wrong_number, "C", "", "", "", {}}};
    const auto compared = compare_flags(before, after);
    REQUIRE(compared.fixed.size() == 1);
    CHECK(compared.fixed[0].key == "a");
    REQUIRE(compared.left.size() == 1);
    CHECK(compared.left[0].key == "b");
    REQUIRE(compared.introduced.size() == 1);
    CHECK(compared.introduced[0].key == "c");
}

TEST_CASE("a wrong number keeps its key when text above it shifts its line numbers", "[review][flags]") {
    const auto design = example("sqs/flaw-capacity-littles-law.md");
    const auto before = review_flags(review_design(design));
    const auto after = review_flags(review_design("# Preface\n\nTwo lines above.\n\n" + design));
    const auto compared = compare_flags(before, after);
    CHECK(compared.fixed.empty());
    CHECK(compared.introduced.empty());
    CHECK(compared.left.size() == before.size());
}
