#pragma once
// The debate's state and its JSON form. Field names follow dialectic's saved debates so that each tool
// reads the other's files; parley's own additions live in fields dialectic ignores.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "debate/baseline_record.hpp"
#include "debate/positions.hpp"
#include "debate/voting.hpp"
#include "sim/brief.hpp"
#include "util/error.hpp"
#include "util/money.hpp"

namespace parley::debate {

/// What a contribution is.
enum class ContributionType { proposal, critique, refinement };

/// "proposal", "critique" or "refinement".
const char* to_string(ContributionType type);

/// Usage and timing of one call, as dialectic records it plus parley's extras.
/// What an agent did with its tools before one answer (parley extra, "parley.tools" in the JSON).
struct ToolUse {
    std::vector<std::string> calls;         ///< each call as `name {arguments}`, in order
    std::vector<std::string> files_read;    ///< `path:first-last` for each read that fed the answer
    std::vector<std::string> changed_since; ///< files changed since a journaled read fed it (a resumed run)
    double tool_ms = 0;                     ///< time spent running tools
    int redactions = 0;                     ///< secrets replaced in what the tools gave the model
    bool digest = false; ///< its provider has no tool calling: a digest of the folder was in the prompt instead
};

struct CallMetadata {
    std::optional<long> tokens_used;
    std::optional<double> latency_ms;
    std::string model;
    long prompt_tokens = 0;         ///< parley extra
    long completion_tokens = 0;     ///< parley extra
    bool tokens_estimated = false;  ///< parley extra: token counts are estimates, not the provider's figures
    std::string provider;           ///< parley extra: the provider's label ("offline", "openai (...)")
    std::optional<double> cost_usd; ///< parley extra: what the call cost; absent when its model has no price
    std::optional<ToolUse> tools;   ///< parley extra: the tool exchange behind the answer, when there was one
    /// Metadata keys parley does not use (dialectic's toolCalls, toolResults, temperature, ...), kept on rewrite.
    nlohmann::json extra = nlohmann::json::object();
};

/// One agent's answer in one phase of one round.
struct Contribution {
    std::string agent_id;
    std::string agent_role;
    ContributionType type = ContributionType::proposal;
    std::string content;
    std::string target_agent_id; ///< the critiqued agent, for critiques only
    CallMetadata metadata;
};

/// A summary that replaced an agent's (or the judge's) accumulated history.
struct Summary {
    std::string agent_id;
    std::string agent_role;
    std::string summary;
    long before_chars = 0;
    long after_chars = 0;
    std::string method = "length-based";
    std::string timestamp;
    CallMetadata metadata;
};

/// One round: its contributions in a stable order (phase, then agent order, then target order).
struct Round {
    int round_number = 0;
    std::string timestamp;
    std::vector<Contribution> contributions;
    std::map<std::string, Summary> summaries; ///< keyed by agent id
};

/// One side of a disagreement that remained at the end of a debate, and the agents (by id) who held it.
struct Position {
    std::string position;
    std::vector<std::string> agents;
};

/// A point the agents still disagreed on when the debate ended, as the judge reported it.
struct Disagreement {
    std::string topic;
    std::vector<Position> positions;
};

/// What parley's check of the judge's answer found (parley extra; a file without it is a believed verdict).
struct VerdictCheck {
    /// false: the judge gave no usable verdict (prose, its template, an echo); requirements are unknown, the
    /// confidence is none, and the solution's fields are empty
    bool usable = true;
    std::vector<std::string> defects;  ///< one line per defect of the last answer checked
    std::map<std::string, int> counts; ///< defects by kind over every answer checked (the first and the repair)
    int repair_calls = 0;              ///< answers asked again because the check failed (at most one)
};

/// One change a design review asks for before the design ships.
struct DesignChange {
    std::string change;
    std::string why;
    std::string priority; ///< "must" or "should"; empty when the judge gave none
};

/// The judge's decision on a given design (`parley debate --design`; parley extra).
struct DesignDecision {
    /// "accept", "accept with changes" or "reject"; "unknown" when the judge gave no usable answer
    std::string decision = "unknown";
    std::vector<std::string> reasons;
    std::vector<DesignChange> changes;
};

/// The judge's synthesis.
struct Solution {
    std::string description;
    std::string implementation;
    std::vector<std::string> tradeoffs;
    std::vector<std::string> recommendations;
    std::optional<double> confidence; ///< 0-100; absent when the judge gave none
    std::string synthesized_by;
    std::vector<std::string> unfulfilled_major_requirements;
    std::vector<std::string> open_questions;
    /// Points still disputed at the end and who held which side (parley's judge contract; optional).
    std::vector<Disagreement> disagreements;
    /// What parley's answer check made of the judge's answer (parley extra).
    VerdictCheck check;
    /// The synthesis call's tokens, time and model (parley extra), so the figures cover every call.
    CallMetadata metadata;
    /// The repair call's, when the first answer failed the check (parley extra).
    std::optional<CallMetadata> repair_metadata;
    /// A design-review debate: the judge's decision on the given design (parley extra); none otherwise.
    std::optional<DesignDecision> design_decision;
};

/// The design a design-review debate attacks (`parley debate --design`; parley extra, `parley.design`).
struct GivenDesign {
    std::string path;   ///< as given on the command line (or in the sweep file)
    std::string sha256; ///< of `text`
    std::string text;
    bool problem_given = true; ///< false: no -p; the problem is parley's "review this design" text
};

/// One question an agent asked before the debate, and its answer ("NA" when unanswered).
struct ClarificationItem {
    std::string id;
    std::string question;
    std::string answer;
};

/// The questions of one agent.
struct AgentClarifications {
    std::string agent_id;
    std::string agent_name;
    std::string role;
    std::vector<ClarificationItem> items;
    CallMetadata metadata = {}; ///< the call that asked the questions (parley extra)
};

/// A participant as configured for this run (parley extra, for reports).
struct ParticipantInfo {
    std::string id;
    std::string name;
    std::string role;
    std::string model;
    std::string provider;
    double temperature = 0;
    /// false when taken from the debate's contributions rather than a config (a dialectic file without --config):
    /// name, role and model are known, temperature is not. Not saved.
    bool configured = true;
};

/// The median and 95th percentile of a set of durations.
struct DurationStats {
    long samples = 0;
    double p50_ms = 0;
    double p95_ms = 0;
};

/// How long one provider's calls took.
struct ProviderTimings {
    DurationStats latency;             ///< start to answer of the attempt that succeeded
    DurationStats time_to_first_token; ///< start to first streamed content, for streamed answers only
};

/// Money spent, and how many calls could not be priced (unknown, not free).
using Cost = util::Money;

/// Run-wide figures (parley extra). Calls, tokens and wall times come from the answers themselves; the call
/// outcomes, retries, timings and cost come from the call events (MetricsCollector).
struct RunMetrics {
    long calls = 0;
    long prompt_tokens = 0;
    long completion_tokens = 0;
    long total_tokens = 0;
    bool tokens_estimated = false;
    double wall_ms = 0;
    std::map<std::string, double> phase_wall_ms; ///< keyed "round 1 proposal", ...; ordered by name
    /// Phases in the order they ran, with wall ms; the JSON stores only this, phase_wall_ms is rebuilt from it.
    std::vector<std::pair<std::string, double>> phase_order;
    long calls_from_journal = 0; ///< answers served from the journal, paid for by an earlier run
    long calls_from_cache = 0;   ///< of those, answers from the shared cache (--cache): $0 this time
    long calls_failed = 0;       ///< calls that ended in the dead letters
    long calls_cancelled = 0;
    long tool_calls = 0;                              ///< tool calls agents made in this run (journaled ones not again)
    double tool_ms = 0;                               ///< time spent running them
    std::map<std::string, long> retries;              ///< by reason class ("429 rate limited", "5xx", ...)
    DurationStats queue_wait;                         ///< queued to first start
    std::map<std::string, ProviderTimings> providers; ///< by provider label
    Cost cost;                                        ///< paid in this run; journal answers cost nothing again
    std::map<std::string, Cost> cost_by_agent;        ///< by agent id (the judge's too)
    std::vector<std::pair<std::string, Cost>> cost_by_phase; ///< by call phase, in the order phases first ran
};

/// A short simulation (sim/brief.hpp) of one agent's final proposal, as the judge saw it.
struct AgentSimulation {
    std::string agent_id;
    std::string agent_name;
    sim::SimulationBrief brief;
};

/// A whole debate, as saved to and read from JSON.
struct DebateState {
    std::string id;
    std::string problem;
    std::string context;
    std::string status = "pending"; ///< pending, running, completed, failed
    int current_round = 0;
    std::vector<Round> rounds;
    std::optional<Solution> final_solution;
    std::optional<Summary> judge_summary;
    std::vector<AgentClarifications> clarifications;
    std::string created_at;
    std::string updated_at;

    std::vector<ParticipantInfo> agents;  ///< parley extra
    std::optional<ParticipantInfo> judge; ///< parley extra
    bool offline = false;                 ///< parley extra: true when any answer came from the offline provider
    std::uint64_t seed = 0;               ///< parley extra
    RunMetrics metrics;                   ///< parley extra
    std::string error;                    ///< parley extra: why the run failed (one line); empty when it did not
    std::optional<GivenDesign> design;    ///< parley extra: the design under review; none in a debate from scratch
    /// parley extra: every prompt sent, in call order, for `report --verbose`: an array of
    /// {round, phase, agentId, targetAgentId, system, user}; round 0 is clarifications, the judge's phase is
    /// "synthesis".
    nlohmann::json prompts = nlohmann::json::array();
    nlohmann::json extra = nlohmann::json::object(); ///< unknown fields read from the file, kept on rewrite
    /// parley extra (`parley.evaluation`): the panel's verdict exactly as `parley eval -o FILE.json` writes it, when
    /// the debate was run with --eval; null otherwise.
    nlohmann::json evaluation;
    /// parley extra: the simulation of each agent's final proposal, in agent order (task-queue problems only).
    std::vector<AgentSimulation> simulations;
    /// parley extra: the simulation of the final solution (task-queue problems with a final solution only).
    std::optional<sim::SimulationBrief> final_simulation;
    /// parley extra: every agent's position after each phase that produced a design (reviewed debates only).
    std::vector<PositionSnapshot> positions;
    /// parley extra: what moved in each round, and whether a critique raised it.
    std::vector<RoundMovement> movement;
    /// parley extra: the positions a minority of agents held to the end.
    std::vector<MinorityPosition> minority;
    /// parley extra: how the debate decided to stop; none in files written before it was recorded.
    std::optional<TerminationRecord> termination;
    /// parley extra (`parley.voting`): the ballots, the count and the tie-break of a voting synthesis; none otherwise.
    std::optional<Voting> voting;
    /// parley extra (`parley.baseline`): the equal-cost baseline (`--baseline vote`) and the comparison; none
    /// otherwise.
    std::optional<Baseline> baseline;
};

/// True when parley's task-queue review applies to the debate: its problem asks for a task queue, or the design under
/// review is one.
bool is_reviewed(const DebateState& state);

/// The state as dialectic-compatible JSON (with parley's extra fields).
nlohmann::json to_json(const DebateState& state);

/// Reads a saved debate (parley's or dialectic's); errors name the JSON path ("rounds[2].contributions[0].type: ...").
Result<DebateState> from_json(const nlohmann::json& json);

/// The largest debate file load_debate reads; a bigger one is refused before it is parsed.
inline constexpr std::size_t kMaxDebateFileBytes = 256u * 1024u * 1024u;

/// Reads and parses a debate JSON file; every error starts with the file name (and line, when known).
Result<DebateState> load_debate(const std::string& path, std::size_t max_bytes = kMaxDebateFileBytes);

/// Writes the state atomically (temp file in the same folder, then rename) as 2-space-indented JSON with a
/// trailing newline; invalid UTF-8 in any text is replaced by U+FFFD rather than failing the save.
Result<void> save_debate(const DebateState& state, const std::string& path);

} // namespace parley::debate
