#pragma once
// Putting untrusted text (model answers, names, ids, prompts) into an HTML report so that it shows as text and
// can do nothing else.

#include <string>
#include <string_view>

#include "util/text_safety.hpp"

namespace parley::report {

/// `text` made safe for HTML element content and quoted attribute values: the HTML policy of util/text_safety,
/// named here beside the reports' other HTML helpers.
using util::html_escape;

/// `text` as a fragment identifier made only of `[A-Za-z0-9_-]` (other bytes as `.XX` hex), so an agent id
/// can name an anchor without escaping; distinct texts give distinct ids.
std::string html_anchor(std::string_view text);

} // namespace parley::report
