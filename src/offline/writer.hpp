#pragma once
// Writes the offline provider's answers: one Markdown text per role and phase, built from the problem's facts.

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "llm/call_context.hpp"
#include "llm/provider.hpp"
#include "offline/knowledge.hpp"
#include "offline/rng.hpp"
#include "offline/text_analysis.hpp"

namespace parley::offline {

/// Roles joined with commas, as every offline answer has named a panel.
std::string join_roles(const std::vector<std::string>& roles);

/// The first line of every offline answer, so nobody mistakes it for a model's.
std::string offline_banner();

/// One requirement of the problem with its stable id ("R3") and the known way to meet it, if any.
struct Requirement {
    std::string id;
    std::string text;
    std::string lower;
    const Mechanism* mechanism = nullptr;
};

/// Everything a phase writer needs: the request's call context, the problem's facts and the seeded stream.
struct OfflineContext {
    llm::Purpose purpose = llm::Purpose::proposal;
    std::string role;
    std::string agent_name;
    int round = 1;
    std::string target_id;               ///< critique: whose proposal, by id (llm::kGivenDesignId: the given design)
    std::string target_name;             ///< critique: whose proposal ("the other agent" when unnamed)
    std::string target_role;             ///< critique: that agent's role ("generalist" when unnamed)
    std::vector<std::string> peer_roles; ///< refinement: the critics' roles; synthesis: every agent's role
    std::optional<long> limit;           ///< clarification: most questions; summaries: most bytes
    std::string_view user_text;          ///< the rendered user prompt, which carries proposals, critiques and history
    std::string_view problem;            ///< the problem statement from the call context; empty when it has none
    std::string_view design;             ///< a design-review debate (`--design`): the design under review; else empty
    /// evaluation and comparison: the documents judged, from the call context; null otherwise
    std::shared_ptr<const std::vector<std::string>> documents;
    std::optional<llm::InterimQuestion> interim; ///< interim_judge: what the judge is asked
    std::vector<std::string> candidates;         ///< ballot: the ids of the designs in `documents`, in the same order
    ProblemFacts facts;
    std::vector<Domain> domains;   ///< the kinds of system recognised, fitted to the problem (see fitted_to)
    bool domain_recognised = true; ///< false when no known kind matched and `domains` holds the generic service
    std::vector<Requirement> requirements;
    OfflineRng rng{0};
    /// The best-matching domain (there is always one).
    const Domain& domain() const { return domains.front(); }
};

/// Builds the context for a request: its call context, the problem's facts (from the context's problem, else the
/// user prompt).
OfflineContext make_offline_context(const llm::ChatRequest& request, std::uint64_t stream_seed);

/// The whole answer for a request, chosen by its purpose.
std::string write_offline_answer(OfflineContext& ctx);

/// A proposal (round 1) or a refinement that answers the critiques in the prompt.
std::string write_proposal(OfflineContext& ctx, bool refinement);
/// A critique of the target agent's proposal with strengths, weaknesses, improvements and a severity.
std::string write_critique(OfflineContext& ctx);
/// Numbered clarifying questions, or NONE.
std::string write_clarify(OfflineContext& ctx);
/// A summary of the history in the prompt within the context's limit in bytes.
std::string write_summary(OfflineContext& ctx);
/// The judge's rationale and one ```json block with the final solution.
std::string write_synthesis(OfflineContext& ctx);

/// A design-review debate's critique of the given design: the design review's flags as weaknesses, each with the
/// change that clears it, most serious first; this role's share of them first.
std::string write_design_critique(OfflineContext& ctx);
/// A design-review debate's refinement: the given design with the checklist concerns this role takes on settled (in
/// round 1; from round 2, every concern the panel raised), and the numbers and requirements it cannot settle named.
std::string write_design_refinement(OfflineContext& ctx);
/// A design-review debate's decision, derived from the review of the given design: reject when a mechanism is broken
/// or its arithmetic wrong, accept with changes when concerns or requirements are open, accept otherwise.
std::string write_design_review(OfflineContext& ctx);

/// The interim judge's confidence after a round, derived from the rule review of the current designs (the context's
/// documents) and labelled as such; no figure when the review does not apply.
std::string write_interim(OfflineContext& ctx);

/// An evaluator's scores of the context's document, derived from the deterministic design review, as JSON.
std::string write_evaluation(OfflineContext& ctx);
/// An evaluator's verdict on which of the context's two documents is better, per category, as JSON.
std::string write_comparison(OfflineContext& ctx);
/// An agent's ballot: the designs ranked by the rule-based review (fewer flags first, then the order shown), one
/// JSON object labelled as the offline provider's.
std::string write_ballot(OfflineContext& ctx);

/// The role-specific subsections of a proposal's "## Design" section.
std::string write_design_sections(OfflineContext& ctx);

/// "**R3** (met)": the marker proposals use, which critiques, summaries and the judge look for.
std::string met_marker(const std::string& id);
/// "**R3** (cannot tell)": the marker for a requirement no proposal can state a mechanism for.
std::string cannot_tell_marker(const std::string& id);
/// Ids of requirements marked met anywhere in `text`.
std::set<std::string> met_ids_in(std::string_view text, const std::vector<Requirement>& requirements);
/// Which requirements `role` meets by default: the roles' division of labour.
std::set<std::string> default_met_ids(std::string_view role, const std::vector<Requirement>& requirements);
/// How `role` would describe meeting a requirement, in its own voice.
std::string role_angle(std::string_view role, const Requirement& requirement, const Domain& domain);
/// A readable name for a role ("Simplicity" for kiss).
std::string role_display(std::string_view role);
/// A knowledge trade-off ("a vs b (why)") as the choice the design makes ("Prefer a over b (why)").
std::string tradeoff_as_choice(std::string_view tradeoff);
/// The problem's numbers, rates and latency targets first.
std::vector<const Quantity*> salient_quantities(const ProblemFacts& facts);
/// The problem's commitments (rates, its own latency targets) as one phrase ("100,000 jobs per minute, 500 ms"),
/// or empty when it states none.
std::string quoted_numbers(const ProblemFacts& facts, std::size_t max_count);

} // namespace parley::offline
