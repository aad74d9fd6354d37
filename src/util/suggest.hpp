#pragma once
// "Did you mean ...?": the known name a mistyped one (a flag, a config key, a command) most likely meant.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::util {

/// The name of `known` that `word` most likely meant: the same name in another case ("baseURL" for "baseUrl"),
/// else the closest by edit distance when a few edits away (a third of its length, from 1 to 3). Nothing when no
/// name is that close.
std::optional<std::string> nearest_name(std::string_view word, const std::vector<std::string>& known);

/// "; did you mean \"NAME\"?" for nearest_name, or "" when there is none.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& known);

} // namespace parley::util
