#include "util/suggest.hpp"

#include <algorithm>

#include "util/text.hpp"

namespace parley::util {

std::optional<std::string> nearest_name(std::string_view word, const std::vector<std::string>& known) {
    // Compared without case, so a name only spelled in another case is zero edits away and always wins.
    std::vector<std::string> lowered;
    lowered.reserve(known.size());
    for (const auto& name : known) {
        lowered.push_back(ascii_lower(name));
    }
    const std::size_t limit = std::clamp<std::size_t>(word.size() / 3, 1, 3);
    const auto near = closest_match(ascii_lower(word), lowered, limit);
    if (!near) {
        return std::nullopt;
    }
    const auto at = std::find(lowered.begin(), lowered.end(), *near) - lowered.begin();
    return known[static_cast<std::size_t>(at)];
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& known) {
    const auto near = nearest_name(word, known);
    return near ? "; did you mean \"" + *near + "\"?" : std::string();
}

} // namespace parley::util
