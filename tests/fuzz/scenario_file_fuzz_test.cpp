#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>

#include "fuzz/byte_mutator.hpp"
#include "sim/engine.hpp"
#include "sim/scenario_file.hpp"

using namespace parley::sim;

// Mutated scenario files: each is refused with one line naming the file, or read into scenarios whose every
// number is one the engine's check accepts or refuses in one line; a few are run, briefly, to the end.
TEST_CASE("the scenario file reader survives mutated files with one-line errors", "[fuzz][sim]") {
    const auto corpus = parley::testing::fuzz_corpus("scenario_file");
    REQUIRE(corpus.size() >= 2);
    const char* seed = std::getenv("PARLEY_FUZZ_SEED");
    parley::testing::ByteMutator mutator(corpus, seed ? std::strtoull(seed, nullptr, 10) : 0x5eed'0023ULL);
    const char* ms = std::getenv("PARLEY_FUZZ_MS");
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms ? std::atol(ms) : 1000);
    Model model;
    model.peak_rate = 5;
    model.workers = 4;
    std::size_t inputs = 0;
    std::size_t accepted = 0;
    while (std::chrono::steady_clock::now() < until) {
        const std::string input = mutator.next();
        ++inputs;
        const auto file = parse_scenario_file(input, "s.json", 60);
        if (!file) {
            INFO(input);
            CHECK(file.error().message.rfind("s.json: ", 0) == 0);
            CHECK(file.error().message.find('\n') == std::string::npos);
            continue;
        }
        ++accepted;
        for (auto s : file->scenarios) {
            s.duration = std::min(s.duration, 60.0); // a quick run; the reader's bounds are what is under test
            if (!check_model(model, s) && accepted % 16 == 0) {
                const auto r = run_scenario(model, s, accepted);
                CHECK(r.duration == s.duration);
            }
        }
    }
    CHECK(inputs > 100);
    CHECK(accepted > 0);
}
