#pragma once
// The report's section on a voting synthesis (synthesisMethod "voting"): the count, each ballot and what broke a
// tie, in Markdown and in HTML.

#include <string>

#include "debate/voting.hpp"

namespace parley::report {

/// The vote as a Markdown section whose heading is at `level`.
std::string voting_markdown(const debate::Voting& voting, int level);

/// The vote as an HTML section (id "voting").
std::string voting_html(const debate::Voting& voting);

} // namespace parley::report
