#pragma once
// Prompt templates: Markdown with {{name}} placeholders, one per phase.

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace parley::debate {

/// The kinds of prompt an agent or the judge sends.
enum class PromptKind { system, clarify, proposal, critique, refinement, summary, synthesis };

/// The file name of a kind ("proposal" -> "proposal.md" under prompts/roles/<role>/).
std::string_view prompt_kind_name(PromptKind kind);

/// The placeholders a template of this kind may use.
const std::set<std::string>& allowed_placeholders(PromptKind kind);

/// The placeholder names a template uses, in order of first use.
std::vector<std::string> placeholders_in(std::string_view text);

/// How many times the template uses each placeholder.
std::map<std::string, std::size_t> placeholder_uses(std::string_view text);

/// Substitutes every {{name}} with its value; a name without a value becomes empty.
std::string render_template(std::string_view text, const std::map<std::string, std::string>& values);

} // namespace parley::debate
