#pragma once
// One line with the nearest valid name for a mistyped command or flag, instead of CLI11's generic refusal.

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace parley::app {

/// The command `word` most likely meant: one whose name starts it ("evaluate" for eval) or is a few edits away.
std::optional<std::string> nearest_command(const std::string& word, const std::vector<std::string>& names);

/// The first `--flag` of the command line that the chosen (sub)command does not take, with the nearest flag it does
/// take ("unknown flag --rouds; did you mean --rounds?"); nothing when every flag is known.
std::optional<std::string> unknown_flag_message(const CLI::App& app, int argc, char** argv);

} // namespace parley::app
