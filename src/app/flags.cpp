#include "app/flags.hpp"

#include <cstdlib>

#include "util/text.hpp"

namespace parley::app {

std::string footer_with(const std::string& examples) {
    return "Examples:\n" + examples + kExitCodes;
}

const CLI::Validator& positive_number() {
    // CLI11's own positive-number check prints the whole range of a double; one plain sentence is enough.
    static const CLI::Validator kPositive(
        [](const std::string& text) {
            char* end = nullptr;
            const double value = std::strtod(text.c_str(), &end);
            return end != text.c_str() && *end == '\0' && value > 0 ? std::string()
                                                                    : "must be a number above 0, got " + text;
        },
        "POSITIVE");
    return kPositive;
}

CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
    return CLI::Validator(
        [min, max](const std::string& text) {
            return util::parse_whole_number(text, min, max) ? std::string()
                                                            : "must be a whole number from " + std::to_string(min) +
                                                                  " to " + std::to_string(max) + ", got " + text;
        },
        "INT");
}

void add_verbosity(CLI::App& cmd, bool& verbose, bool& quiet) {
    cmd.add_flag("-v,--verbose", verbose, "Show progress and debug logs on stderr");
    cmd.add_flag("-q,--quiet", quiet, "Print only errors and warnings (no progress, no output paths)")
        ->excludes(cmd.get_option("--verbose"));
}

util::Verbosity verbosity_of(bool verbose, bool quiet) {
    return verbose ? util::Verbosity::verbose : quiet ? util::Verbosity::quiet : util::Verbosity::normal;
}

// The most tokens --max-tokens takes: far past any budget, and exact in the double the budget counts in.
constexpr std::uint64_t kMaxTokenBudget = 1'000'000'000'000'000;

void add_budget_flags(CLI::App& cmd, BudgetFlags& flags, const std::string& calls) {
    cmd.add_option("--max-cost", flags.max_cost, "Stop cleanly before " + calls + " would take the cost past USD")
        ->check(positive_number());
    cmd.add_option("--max-tokens", flags.max_tokens, "Stop cleanly before " + calls + " would take the tokens past N")
        ->check(whole_number(1, kMaxTokenBudget));
}

} // namespace parley::app
