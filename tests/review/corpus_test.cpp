// Runs the review over examples/designs: every planted flaw must be flagged under its concern and no sound
// design may have any flag. Prints the detection and false-alarm rates docs/review.md states:
//   build/dev/tests/parley_tests "[corpus]" -s | grep corpus:

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "review/design_input.hpp"
#include "review/review.hpp"

using namespace parley::review;

namespace {

const std::filesystem::path kCorpus = std::filesystem::path(PARLEY_SOURCE_DIR) / "examples/designs";

Review review_file(const std::string& file) {
    auto text = read_design(kCorpus / file);
    INFO(file);
    REQUIRE(text);
    return review_design(*text);
}

bool flagged(const Review& review, const std::string& concern, const std::string& kind) {
    if (kind == "arithmetic") {
        for (const auto& c : review.capacity.checks) {
            if (c.verdict == Verdict::wrong) {
                return true;
            }
        }
        return false;
    }
    for (const auto& c : review.checklist) {
        if (c.concern->id == concern) {
            return to_string(c.status) == kind;
        }
    }
    return false;
}

std::size_t flags(const Review& review) {
    return review.summary.missing + review.summary.contradicted + review.summary.checks_wrong;
}

} // namespace

TEST_CASE("every planted flaw in the corpus is flagged under its concern, and sound designs have no flag",
          "[review][corpus]") {
    const auto manifest = nlohmann::json::parse(*read_problem(kCorpus / "manifest.json"));
    std::size_t detected = 0;
    std::size_t extra = 0;
    const auto& planted = manifest["flaws"];
    REQUIRE(planted.size() >= 24);
    for (const auto& flaw : planted) {
        const auto file = flaw["file"].get<std::string>();
        const auto review = review_file(file);
        const bool hit = flagged(review, flaw["concern"], flaw["kind"]);
        INFO(file << " should be flagged " << flaw["concern"] << " " << flaw["kind"]);
        CHECK(hit);
        detected += hit ? 1 : 0;
        extra += flags(review) - (hit ? 1 : 0);
    }
    std::size_t false_alarms = 0;
    const auto& sound = manifest["sound"];
    REQUIRE(sound.size() >= 4);
    for (const auto& file : sound) {
        const auto review = review_file(file.get<std::string>());
        INFO(file);
        CHECK(flags(review) == 0);
        CHECK(review.summary.checks_unknown == 0);
        false_alarms += flags(review) > 0 ? 1 : 0;
    }
    std::printf("corpus: %zu of %zu planted flaws detected under their concern (%.0f%%); %zu of %zu sound designs "
                "flagged (false-alarm rate %.0f%%); %zu further flags on the flawed variants\n",
                detected, planted.size(), 100.0 * static_cast<double>(detected) / static_cast<double>(planted.size()),
                false_alarms, sound.size(),
                100.0 * static_cast<double>(false_alarms) / static_cast<double>(sound.size()), extra);
}

TEST_CASE("the sound corpus designs address every requirement of the task-queue problem", "[review][corpus]") {
    const auto problem = read_problem(std::filesystem::path(PARLEY_SOURCE_DIR) / "examples/task-queue/problem.md");
    REQUIRE(problem);
    const auto manifest = nlohmann::json::parse(*read_problem(kCorpus / "manifest.json"));
    for (const auto& file : manifest["sound"]) {
        const auto design = read_design(kCorpus / file.get<std::string>());
        REQUIRE(design);
        const auto review = review_design(*design, std::string_view(*problem));
        INFO(file);
        CHECK(review.summary.requirements_unaddressed == 0);
        CHECK(review.summary.requirements_addressed >= 8);
    }
}
