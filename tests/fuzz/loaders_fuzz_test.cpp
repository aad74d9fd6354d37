#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>

#include "support/fuzz_targets.hpp"
#include "support/temp_dir.hpp"

using namespace parley::testing;

namespace {

// Each loop runs this long in the suite: thousands of config inputs, bounded so the suite stays quick.
// PARLEY_FUZZ_MS and PARLEY_FUZZ_SEED run it longer, or from another seed, by hand.
std::chrono::milliseconds budget() {
    const char* ms = std::getenv("PARLEY_FUZZ_MS");
    return std::chrono::milliseconds(ms ? std::strtol(ms, nullptr, 10) : 1500);
}

unsigned long long first_seed() {
    const char* seed = std::getenv("PARLEY_FUZZ_SEED");
    return seed ? std::strtoull(seed, nullptr, 10) : 0x5eed'0000'0012ULL;
}

struct LoopResult {
    std::size_t inputs = 0;
    std::optional<std::string> failure;
    std::string input; ///< the input that failed
};

// A seeded mutation loop over a corpus: every seed as is, then mutations of random seeds until the budget is spent.
template <class Target> LoopResult run_loop(const std::vector<std::string>& corpus, Target target) {
    LoopResult result;
    unsigned long long random = first_seed();
    const auto until = std::chrono::steady_clock::now() + budget();
    for (const auto& seed : corpus) {
        ++result.inputs;
        if ((result.failure = target(seed))) {
            result.input = seed;
            return result;
        }
    }
    std::vector<std::string> pool = corpus;
    while (std::chrono::steady_clock::now() < until) {
        const auto& base = pool[random % pool.size()];
        const auto& other = pool[(random >> 20) % pool.size()];
        auto input = mutate(base, other, random);
        ++result.inputs;
        if ((result.failure = target(input))) {
            result.input = std::move(input);
            return result;
        }
        // Inputs that still parse as far as the loader goes keep the search near valid files; a bounded pool.
        if (pool.size() < 256 && random % 8 == 0) {
            pool.push_back(std::move(input));
        }
    }
    return result;
}

} // namespace

TEST_CASE("the config loader survives mutated configs with one-line errors", "[fuzz][config]") {
    const auto corpus = fuzz_corpus(PARLEY_SOURCE_DIR, "config");
    REQUIRE(corpus.size() >= 5);
    const auto result = run_loop(corpus, [](const std::string& input) { return fuzz_config(input); });
    INFO("inputs tried: " << result.inputs << "; failing input: " << result.input);
    CHECK_FALSE(result.failure);
    if (result.failure) {
        FAIL(*result.failure);
    }
    CHECK(result.inputs > corpus.size());
}

TEST_CASE("the debate JSON loader survives mutated debates and round-trips what it accepts", "[fuzz][debate]") {
    const auto corpus = fuzz_corpus(PARLEY_SOURCE_DIR, "debate_json");
    REQUIRE(corpus.size() >= 3);
    TempDir dir;
    const auto scratch = dir.path() / "debate.json";
    const auto result = run_loop(corpus, [&](const std::string& input) { return fuzz_debate_json(input, scratch); });
    INFO("inputs tried: " << result.inputs << "; failing input: " << result.input.substr(0, 2000));
    if (result.failure) {
        FAIL(*result.failure);
    }
    CHECK(result.inputs > corpus.size());
}

TEST_CASE("the review's sentence splitter keeps every span inside the text on mutated designs", "[fuzz][review]") {
    const auto corpus = fuzz_corpus(PARLEY_SOURCE_DIR, "review_text");
    REQUIRE(corpus.size() >= 4);
    const auto result = run_loop(corpus, [](const std::string& input) { return fuzz_sentences(input); });
    INFO("inputs tried: " << result.inputs << "; failing input: " << result.input.substr(0, 2000));
    if (result.failure) {
        FAIL(*result.failure);
    }
    CHECK(result.inputs > corpus.size());
}

TEST_CASE("quantities and their statistics stay in order and finite on mutated designs", "[fuzz][review]") {
    const auto corpus = fuzz_corpus(PARLEY_SOURCE_DIR, "review_text");
    const auto result = run_loop(corpus, [](const std::string& input) { return fuzz_quantities(input); });
    INFO("inputs tried: " << result.inputs << "; failing input: " << result.input.substr(0, 2000));
    if (result.failure) {
        FAIL(*result.failure);
    }
    CHECK(result.inputs > corpus.size());
}
