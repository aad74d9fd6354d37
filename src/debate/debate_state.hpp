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

#include "sim/brief.hpp"
#include "util/error.hpp"

namespace parley::debate {

/// What a contribution is.
enum class ContributionType { proposal, critique, refinement };

/// "proposal", "critique" or "refinement".
const char* to_string(ContributionType type);

/// Usage and timing of one call, as dialectic records it plus parley's extras.
struct CallMetadata {
    std::optional<long> tokens_used;
    std::optional<double> latency_ms;
    std::string model;
    long prompt_tokens = 0;         ///< parley extra
    long completion_tokens = 0;     ///< parley extra
    bool tokens_estimated = false;  ///< parley extra: token counts are estimates, not the provider's figures
    std::string provider;           ///< parley extra: the provider's label ("offline", "openai (...)")
    std::optional<double> cost_usd; ///< parley extra: what the call cost; absent when its model has no price
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
struct Cost {
    double usd = 0;
    long unknown_calls = 0;
};

/// USD as reports and plans print it: cents above a dollar, three significant digits below ("$0.0123").
std::string format_usd(double usd);

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
    long calls_failed = 0;       ///< calls that ended in the dead letters
    long calls_cancelled = 0;
    std::map<std::string, long> retries;                     ///< by reason class ("429 rate limited", "5xx", ...)
    DurationStats queue_wait;                                ///< queued to first start
    std::map<std::string, ProviderTimings> providers;        ///< by provider label
    Cost cost;                                               ///< paid in this run; journal answers cost nothing again
    std::map<std::string, Cost> cost_by_agent;               ///< by agent id (the judge's too)
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
};

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
