#include "support/fuzz_targets.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "debate/config.hpp"
#include "debate/debate_state.hpp"

namespace parley::testing {

namespace {

// A message longer than this is not the one short line a user is promised.
constexpr std::size_t kMaxMessageBytes = 1200;

std::optional<std::string> check_message(const std::string& what, const std::string& message) {
    if (message.size() > kMaxMessageBytes) {
        return what + " is " + std::to_string(message.size()) + " bytes long: " + message.substr(0, 200);
    }
    const auto raw = std::find_if(message.begin(), message.end(),
                                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
    if (raw != message.end()) {
        return what + " holds a raw control character: " + message;
    }
    return std::nullopt;
}

// splitmix64: a small, fast, well-mixed generator whose whole state is one number.
unsigned long long next(unsigned long long& state) {
    unsigned long long z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

std::size_t below(unsigned long long& state, std::size_t n) {
    return n == 0 ? 0 : static_cast<std::size_t>(next(state) % n);
}

// Tokens that reach the corners of a JSON loader: nesting, escapes, numbers past every integer width.
const std::array<std::string_view, 24> kTokens{"[",
                                               "]",
                                               "{",
                                               "}",
                                               "\"",
                                               "\\",
                                               ",",
                                               ":",
                                               "null",
                                               "true",
                                               "-0",
                                               "1e400",
                                               "-1",
                                               "0.5",
                                               "2147483648",
                                               "4294967297",
                                               "9223372036854775807",
                                               "18446744073709551616",
                                               "\\u0000",
                                               "\\ud800",
                                               "\n",
                                               "\xff",
                                               "\xc2\x9b",
                                               "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["};

} // namespace

std::optional<std::string> fuzz_config(std::string_view data) {
    auto config = debate::parse_config(data, "fuzz.json", {});
    if (!config) {
        return check_message("config error", config.error().message);
    }
    for (const auto& warning : config->warnings) {
        if (auto bad = check_message("config warning", warning)) {
            return bad;
        }
    }
    if (config->debate.rounds < 1 || config->debate.rounds > debate::kMaxRounds) {
        return "rounds out of range: " + std::to_string(config->debate.rounds);
    }
    if (config->queue.workers < 1 || config->queue.workers > static_cast<std::size_t>(debate::kMaxWorkers)) {
        return "workers out of range: " + std::to_string(config->queue.workers);
    }
    if (config->queue.base_delay_ms > config->queue.max_delay_ms || config->queue.max_delay_ms > debate::kMaxDelayMs) {
        return "retry delays out of range";
    }
    return std::nullopt;
}

std::optional<std::string> fuzz_debate_json(std::string_view data, const std::filesystem::path& scratch) {
    {
        std::ofstream out(scratch, std::ios::binary | std::ios::trunc);
        out.write(data.data(), static_cast<std::streamsize>(data.size()));
    }
    auto loaded = debate::load_debate(scratch.string());
    if (!loaded) {
        return check_message("debate error", loaded.error().message);
    }
    if (auto saved = debate::save_debate(*loaded, scratch.string()); !saved) {
        return "a loaded debate could not be saved: " + saved.error().message;
    }
    if (auto again = debate::load_debate(scratch.string()); !again) {
        return "a saved debate could not be loaded back: " + again.error().message;
    }
    return std::nullopt;
}

std::vector<std::string> fuzz_corpus(const std::filesystem::path& source_dir, const std::string& target) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(source_dir / "tests" / "fuzz" / "corpus" / target)) {
        files.push_back(entry.path());
    }
    // Directory order differs between file systems; the loop must see the same seeds in the same order everywhere.
    std::sort(files.begin(), files.end());
    std::vector<std::string> seeds;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        seeds.push_back(text.str());
    }
    return seeds;
}

std::string mutate(const std::string& input, const std::string& other, unsigned long long& random) {
    std::string out = input;
    const std::size_t rounds = 1 + below(random, 4);
    for (std::size_t r = 0; r < rounds; ++r) {
        const std::size_t at = below(random, out.size() + 1);
        switch (below(random, 7)) {
        case 0:
            if (at < out.size()) {
                out[at] = static_cast<char>(out[at] ^ static_cast<char>(1u << below(random, 8)));
            }
            break;
        case 1:
            out.insert(at, 1, static_cast<char>(below(random, 256)));
            break;
        case 2:
            out.erase(at, below(random, 16));
            break;
        case 3: {
            const std::size_t length = std::min<std::size_t>(below(random, 64), out.size() - std::min(at, out.size()));
            out.insert(at, out.substr(at, length));
            break;
        }
        case 4:
            out.insert(at, kTokens[below(random, kTokens.size())]);
            break;
        case 5: {
            // Replace a number-looking run of digits with a boundary number.
            const auto digit = out.find_first_of("0123456789", at);
            if (digit != std::string::npos) {
                const auto end = out.find_first_not_of("0123456789.", digit);
                out.replace(digit, (end == std::string::npos ? out.size() : end) - digit,
                            kTokens[14 + below(random, 4)]);
            }
            break;
        }
        default:
            if (!other.empty()) {
                const std::size_t from = below(random, other.size());
                out.insert(at, other.substr(from, below(random, 256)));
            }
            break;
        }
    }
    return out;
}

} // namespace parley::testing
