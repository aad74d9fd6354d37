#pragma once
// Prompt templates: Markdown with {{name}} placeholders, one per phase.

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace parley::debate {

/// The kinds of prompt an agent or the judge sends.
/// design_critique and design_review are the prompts of a design-review debate (`--design`): an agent's critique of
/// the given design, and the judge's decision on it.
enum class PromptKind {
    system,
    clarify,
    proposal,
    critique,
    refinement,
    summary,
    synthesis,
    design_critique,
    design_review,
    interim_judge, ///< the judge's confidence after a round (convergence and quality termination)
    ballot         ///< an agent's ranking of the other agents' final designs (synthesisMethod "voting")
};

/// The built-in file of a kind configs do not set: the design-review kinds ("prompts/design/critique.md"), the
/// interim judge's and the ballot ("prompts/vote/ballot.md"); empty for other kinds, whose files depend on the role.
std::string_view design_prompt_file(PromptKind kind);

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
