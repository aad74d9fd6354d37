#pragma once
// Flags and texts every command shares.

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "util/logging.hpp"

namespace parley::app {

/// The exit codes, as every --help ends.
inline constexpr const char* kExitCodes =
    "Exit codes: 0 ok, 1 run failed, 2 bad input or config, 3 provider "
    "refused (auth/quota), 4 regression (--fail-on-regression of report --baseline and sweep diff), "
    "130 interrupted.";

/// A --help footer: the examples, then the exit codes.
std::string footer_with(const std::string& examples);

/// Accepts a number above 0, saying so in one plain sentence otherwise.
const CLI::Validator& positive_number();

/// Accepts a whole number from `min` to `max` written as digits only: CLI11 2.1 reads integers with
/// strtoll/strtoull, which saturate ("99999999999999999999") and wrap ("-1" as 18446744073709551615).
[[nodiscard]] CLI::Validator whole_number(std::uint64_t min, std::uint64_t max);

/// -v and -q, which exclude each other; read them back with verbosity_of().
void add_verbosity(CLI::App& cmd, bool& verbose, bool& quiet);

/// The verbosity -v and -q ask for.
[[nodiscard]] util::Verbosity verbosity_of(bool verbose, bool quiet);

/// --max-cost and --max-tokens as CLI11 fills them.
struct BudgetFlags {
    double max_cost = 0;
    long max_tokens = 0;
};

/// Adds --max-cost and --max-tokens; `calls` names what a budget stops ("a call", "a panel call").
void add_budget_flags(CLI::App& cmd, BudgetFlags& flags, const std::string& calls);

/// Copies the budget flags the user gave into a command's options (a flag not given leaves no limit).
template <class Options> void apply_budget_flags(const CLI::App& cmd, const BudgetFlags& flags, Options& options) {
    if (cmd.count("--max-cost")) {
        options.max_cost_usd = flags.max_cost;
    }
    if (cmd.count("--max-tokens")) {
        options.max_tokens = flags.max_tokens;
    }
}

} // namespace parley::app
