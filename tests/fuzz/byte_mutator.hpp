#pragma once
// A seeded mutation fuzzer small enough to run inside the suite: corpus files in, mutated inputs out, the same
// inputs for the same seed on every machine.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

namespace parley::testing {

/// The files of tests/fuzz/corpus/<target>/, read whole, in name order.
inline std::vector<std::string> fuzz_corpus(const std::string& target) {
    const std::filesystem::path dir = std::filesystem::path(PARLEY_SOURCE_DIR) / "tests/fuzz/corpus" / target;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<std::string> corpus;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        corpus.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return corpus;
}

/// Mutates corpus entries: bit flips, byte inserts and deletes, repeats, splices and tokens that matter to the
/// formats under test (line ends, brackets, quotes, escapes).
class ByteMutator {
public:
    /// A mutator drawing from `corpus` with a fixed `seed`.
    ByteMutator(std::vector<std::string> corpus, std::uint64_t seed) : corpus_(std::move(corpus)), random_(seed) {}

    /// The next input: a corpus entry with one to eight mutations.
    std::string next() {
        std::string data = pick();
        const auto rounds = 1 + below(8);
        for (std::size_t i = 0; i < rounds; ++i) {
            mutate(data);
        }
        return data;
    }

    /// A number in [0, n), n > 0.
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(random_() % n); }

private:
    const std::string& pick() { return corpus_[below(corpus_.size())]; }

    void mutate(std::string& data) {
        static const std::vector<std::string> kTokens{"\n",
                                                      "\r",
                                                      "\r\n",
                                                      "\n\n",
                                                      "data: ",
                                                      "data:[DONE]",
                                                      "event: error\n",
                                                      ":",
                                                      "{",
                                                      "}",
                                                      "[",
                                                      "]",
                                                      "\"",
                                                      "\\",
                                                      "\\u",
                                                      "\\ud800",
                                                      "null",
                                                      "1e999",
                                                      "-1",
                                                      "\xff",
                                                      "\xc2\x9b",
                                                      "\x1b[2J",
                                                      "{\"choices\":[",
                                                      "\"content\":",
                                                      "\"delta\":{",
                                                      ",",
                                                      "[[[[[[[[[[[[[[[["};
        const std::size_t at = data.empty() ? 0 : below(data.size() + 1);
        switch (below(7)) {
        case 0:
            if (!data.empty()) {
                data[at % data.size()] ^= static_cast<char>(1u << below(8));
            }
            break;
        case 1:
            data.insert(at, 1, static_cast<char>(below(256)));
            break;
        case 2:
            if (!data.empty()) {
                data.erase(at % data.size(), 1 + below(16));
            }
            break;
        case 3:
            data.insert(at, kTokens[below(kTokens.size())]);
            break;
        case 4:
            if (!data.empty()) {
                const std::size_t from = below(data.size());
                const std::string piece = data.substr(from, 1 + below(64));
                data.insert(at, piece);
            }
            break;
        case 5: {
            const std::string& other = pick();
            data = data.substr(0, at) + other.substr(below(other.size() + 1));
            break;
        }
        default:
            if (!data.empty()) {
                data.resize(below(data.size()));
            }
            break;
        }
        // Keep inputs small enough that the time budget buys many of them.
        if (data.size() > 8192) {
            data.resize(8192);
        }
    }

    std::vector<std::string> corpus_;
    std::mt19937_64 random_;
};

/// Runs `body` until `budget` has passed or `max_runs` inputs were tried; returns how many ran.
template <class Body> std::size_t fuzz_for(std::chrono::milliseconds budget, std::size_t max_runs, Body body) {
    const auto until = std::chrono::steady_clock::now() + budget;
    std::size_t runs = 0;
    while (runs < max_runs && std::chrono::steady_clock::now() < until) {
        body();
        ++runs;
    }
    return runs;
}

} // namespace parley::testing
