// Hostile and random text through the quantity parser and the whole review: no crash, bounded time.

#include <catch2/catch.hpp>

#include <ctime>
#include <random>

#include "review/design_input.hpp"
#include "review/review.hpp"
#include "support/sanitizers.hpp"

using namespace parley::review;

namespace {

const std::vector<std::string> kSeeds = {"100,000 jobs per minute (1,667 per second)",
                                         "40 × 16 = 640 slots",
                                         "1e308 × 1e308 = 1e308",
                                         "99999999999999999999999 jobs/s × 2 s = 1 slots",
                                         "10^99999 jobs",
                                         "10^999 jobs per second x 10 s = 10^1000 jobs",
                                         "1e200 x 1e200 - 1e401 = 5",
                                         "10^9999999 x 0 / 0 = 1e-400",
                                         "1.5M/min ≈ 2 GiB",
                                         "0 / 0 = 0",
                                         "no authentication... exactly-once",
                                         "retried immediately, with no limit",
                                         "((((1 + 2)))) = = = 3",
                                         "1,,,000 ,1,000, 1.2.3.4 1e+ 1e- 10^ 5k/ /s rps",
                                         "\xff\xfe\xc3\x28 caf\xe9 \xe2\x82",
                                         "\x1b[2J\x1b]0;x\x07"};

std::string mutate(std::mt19937& rng, std::string text) {
    std::uniform_int_distribution<int> op(0, 3);
    std::uniform_int_distribution<int> byte(0, 255);
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int k = 0; k < edits; ++k) {
        const auto at = text.empty() ? 0 : rng() % text.size();
        switch (op(rng)) {
        case 0:
            text.insert(at, 1, static_cast<char>(byte(rng)));
            break;
        case 1:
            if (!text.empty()) {
                text.erase(at, 1);
            }
            break;
        case 2:
            text.insert(at, kSeeds[rng() % kSeeds.size()]);
            break;
        default:
            text.insert(at, std::string(1 + rng() % 40, "9,.x×=/ "[rng() % 8]));
            break;
        }
    }
    return text;
}

// Processor time, not wall time: the bound is on the work done, whatever else the machine is running. Scaled
// back to a plain build's time, so the same bound holds under a sanitizer.
double seconds_since(std::clock_t start) {
    return static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC / parley::testing::kSanitizerSlowdown;
}

} // namespace

TEST_CASE("seeded mutations of hostile text never crash the quantity parser or the review", "[review][fuzz]") {
    std::mt19937 rng(20261129);
    const auto start = std::clock();
    std::size_t reviewed = 0;
    for (int round = 0; round < 250; ++round) {
        std::string text;
        for (int line = 0; line < 6; ++line) {
            text += mutate(rng, kSeeds[rng() % kSeeds.size()]) + "\n";
        }
        bool spans_ok = true;
        for (const auto& q : extract_quantities(text)) {
            spans_ok = spans_ok && q.begin < q.end && q.end <= text.size();
        }
        REQUIRE(spans_ok);
        const auto review = review_design(text, std::string_view(text));
        // Whatever the input, the JSON is valid and dumps without throwing.
        REQUIRE_NOTHROW(to_json(review).dump());
        REQUIRE_FALSE(to_markdown(review).empty());
        ++reviewed;
    }
    CHECK(reviewed == 250);
    CHECK(seconds_since(start) < 3.0);
}

TEST_CASE("a 1 MB line, a 1 MiB design and 100k-deep brackets review in bounded time", "[review][fuzz]") {
    std::string line;
    while (line.size() < 1000000) {
        line += "9,999 jobs/s × 2 s = 19,998 slots; no authentication ";
    }
    auto start = std::clock();
    const auto long_line = review_design(line);
    CHECK(long_line.summary.contradicted >= 1);
    CHECK(seconds_since(start) < 2.0);

    std::string design;
    while (design.size() < kMaxInputBytes - 200) {
        design += "- Peak is 100,000 jobs per minute (1,667 per second), retried with backoff and jitter.\n";
    }
    start = std::clock();
    CHECK(review_design(design).capacity.checks.size() > 1);
    CHECK(seconds_since(start) < 2.0);

    const std::string brackets = "{" + std::string(100000, '[') + std::string(100000, ']') + "}";
    CHECK_FALSE(design_text(brackets, "deep.json"));
    const std::string parens = std::string(100000, '(') + "1 + 2 = 3" + std::string(100000, ')');
    CHECK_NOTHROW(review_design(parens));
    CHECK_NOTHROW(review_design(std::string(100000, '9')));
}
