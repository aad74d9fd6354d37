// Agreement of the review with labels written before it ran: the figures docs/review-accuracy.md states.
//   build/dev/tests/parley_tests "[agreement]" -s | grep agreement:

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "review/agreement.hpp"
#include "review/design_input.hpp"
#include "review/review.hpp"

using namespace parley::review;

TEST_CASE("Cohen's kappa is 1 for full agreement, 0 for chance and matches a worked example", "[review][agreement]") {
    Agreement full;
    full.add(ConcernStatus::covered, ConcernStatus::covered);
    full.add(ConcernStatus::absent, ConcernStatus::absent);
    CHECK(full.kappa() == Approx(1));
    // 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: po 0.7, pe 0.5, kappa 0.4.
    Agreement worked;
    for (int i = 0; i < 20; ++i) {
        worked.add(ConcernStatus::covered, ConcernStatus::covered);
    }
    for (int i = 0; i < 5; ++i) {
        worked.add(ConcernStatus::covered, ConcernStatus::absent);
    }
    for (int i = 0; i < 10; ++i) {
        worked.add(ConcernStatus::absent, ConcernStatus::covered);
    }
    for (int i = 0; i < 15; ++i) {
        worked.add(ConcernStatus::absent, ConcernStatus::absent);
    }
    CHECK(worked.kappa() == Approx(0.4));
    CHECK(worked.kappa_of(ConcernStatus::covered) == Approx(0.4));
    CHECK(worked.false_alarm_rate() == Approx(0.2));
    CHECK(worked.detection_rate() == Approx(0.6));
}

TEST_CASE("the review's agreement with the labelled corpus is measured per status", "[review][corpus][agreement]") {
    const auto dir = std::filesystem::path(PARLEY_SOURCE_DIR) / "examples/designs";
    const auto manifest = nlohmann::json::parse(*read_problem(dir / "manifest.json"));
    Agreement all;
    Agreement held_out; // texts labelled before their first run, after the first round of rule revisions
    std::size_t contradicted_on_sound = 0;
    std::size_t wrong_on_sound = 0;
    for (const auto& entry : manifest["labelled"]) {
        const auto file = entry["file"].get<std::string>();
        const auto text = read_design(dir / file);
        INFO(file);
        REQUIRE(text);
        const auto review = review_design(*text);
        REQUIRE(entry["labels"].size() == review.checklist.size());
        for (const auto& c : review.checklist) {
            ConcernStatus label{};
            REQUIRE(parse_status(entry["labels"].at(std::string(c.concern->id)).get<std::string>(), label));
            all.add(label, c.status);
            if (entry.value("heldOut", false)) {
                held_out.add(label, c.status);
            }
            if (entry["sound"].get<bool>() && c.status == ConcernStatus::contradicted) {
                ++contradicted_on_sound;
                std::printf("agreement: contradicted on sound %s: %s (%s)\n", file.c_str(),
                            std::string(c.concern->id).c_str(), c.reason.c_str());
            }
            if (label != c.status) {
                std::printf("agreement: %s %s labelled %s, reviewed %s\n", file.c_str(),
                            std::string(c.concern->id).c_str(), to_string(label), to_string(c.status));
            }
        }
        if (entry["sound"].get<bool>()) {
            wrong_on_sound += review.summary.checks_wrong;
        }
    }
    CHECK(all.total() >= 100);
    std::printf("agreement: %zu labelled concerns in %zu texts; kappa %.2f (covered %.2f, partial %.2f, absent %.2f, "
                "contradicted %.2f); stated found %.0f%%, flagged found %.0f%%, false alarms on covered %.0f%%; "
                "contradicted on sound designs %zu; wrong capacity checks on sound designs %zu\n",
                all.total(), manifest["labelled"].size(), all.kappa(), all.kappa_of(ConcernStatus::covered),
                all.kappa_of(ConcernStatus::partial), all.kappa_of(ConcernStatus::absent),
                all.kappa_of(ConcernStatus::contradicted), 100 * all.stated_rate(), 100 * all.detection_rate(),
                100 * all.false_alarm_rate(), contradicted_on_sound, wrong_on_sound);
    std::printf("agreement: held-out texts: %zu concerns; kappa %.2f; stated "
                "found %.0f%%, flagged found %.0f%%, false alarms on covered %.0f%%\n",
                held_out.total(), held_out.kappa(), 100 * held_out.stated_rate(), 100 * held_out.detection_rate(),
                100 * held_out.false_alarm_rate());
}
