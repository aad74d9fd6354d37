#pragma once
// The debate config: dialectic's schema (agents[], judge, debate) plus parley's extra keys.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "debate/prompt_template.hpp"
#include "llm/pricing.hpp"
#include "llm/provider_spec.hpp"
#include "tools/tools.hpp"
#include "util/error.hpp"

namespace parley::debate {

/// The largest value each numeric config key accepts; docs/limits.md lists them by key.
inline constexpr int kMaxRounds = 100;
inline constexpr int kMaxClarifications = 100;        ///< clarificationsMaxPerAgent, clarifications.maxQuestions
inline constexpr int kMaxAnswerTokens = 1'000'000;    ///< an agent's maxTokens
inline constexpr long kMaxHistoryChars = 100'000'000; ///< summarization threshold and maxLength
inline constexpr long kMaxWorkers = 256;              ///< queue.workers
inline constexpr long kMaxConcurrency = 256;          ///< a lane's concurrency
inline constexpr int kMaxAttempts = 100;              ///< queue.retry.maxAttempts
inline constexpr int kMaxBreakerFailures = 10'000;    ///< queue.circuitBreaker.failureThreshold
inline constexpr long kMaxDelayMs = 86'400'000;       ///< 24 h: every delay, cool-down and timeout in milliseconds
inline constexpr double kMaxPerMinute = 1e9;          ///< a lane's requestsPerMinute and tokensPerMinute
inline constexpr int kMaxToolCallLimit = 100;         ///< an agent's toolCallLimit
inline constexpr int kDefaultToolCallLimit = 10;      ///< dialectic's default toolCallLimit

/// When and how an agent's history is replaced by a summary.
struct SummarizationConfig {
    bool enabled = true;
    long threshold = 5000;  ///< characters of history that trigger a summary
    long max_length = 2500; ///< the summary's maximum length in characters
    std::string method = "length-based";
};

/// One prompt template and where it came from.
struct PromptText {
    std::string text;
    std::string source; ///< "built-in:prompts/roles/architect/proposal.md" or a file path
};

/// A debater or the judge.
struct AgentConfig {
    std::string id;
    std::string name;
    std::string role;
    std::string model;
    double temperature = 0.5;
    bool enabled = true;
    llm::ProviderSpec provider;
    std::optional<int> max_tokens;
    std::optional<long> context_budget_tokens; ///< none: the model's known window, else llm::kDefaultContextTokens
    nlohmann::json extra_params = nlohmann::json::object();
    bool structured_output = true; ///< ask the judge's synthesis in its schema (response_format); "structuredOutput"
    std::map<PromptKind, PromptText> prompts;         ///< every kind the participant uses, resolved
    std::optional<SummarizationConfig> summarization; ///< overrides the debate-wide setting
    std::vector<tools::ToolKind> tools;               ///< the tools it may call ("tools"), unknown names skipped
    bool tools_given = false; ///< the config has "tools" (even empty); without it a context folder gives the defaults
    int tool_call_limit = kDefaultToolCallLimit; ///< most tool calls it makes in one phase ("toolCallLimit")
    bool tool_calling = true; ///< false ("toolCalling": false) when its server has no tool calling: it gets a digest
};

/// How the final solution is made ("synthesisMethod").
enum class SynthesisMethod {
    judge,  ///< the judge writes it from the final proposals (the default)
    voting, ///< every agent ranks the others' final designs; the Borda winner is the solution
};

/// How the debate runs.
/// How a debate decides to stop ("terminationCondition"): fixed rounds, an interim judge's confidence reaching a
/// threshold (dialectic's convergence and quality), or positions that stopped moving (parley's stable).
struct TerminationConfig {
    std::string type = "fixed";      ///< fixed, convergence, quality or stable
    std::optional<double> threshold; ///< convergence and quality: the judge's 0-100 confidence that stops the debate
    std::optional<double> agreement; ///< stable: a share of agreement (0-1) that also stops it
    /// True when the rule asks an interim judge after each round (convergence, quality).
    bool asks_judge() const { return type == "convergence" || type == "quality"; }
};

struct DebateSettings {
    int rounds = 3; ///< with a termination rule other than fixed: the most rounds
    TerminationConfig termination;
    bool include_full_history = true;
    long timeout_per_round_ms = 300000;
    SummarizationConfig summarization;
    int max_clarifications = 5;    ///< questions per agent in the clarifications phase
    std::string context_directory; ///< "contextDirectory": the folder agents' tools read, resolved; --context wins
    SynthesisMethod synthesis = SynthesisMethod::judge; ///< "synthesisMethod"
};

/// The limits of one lane: the calls to one provider endpoint, run through the task queue.
struct LaneConfig {
    std::size_t concurrency = 4;               ///< calls of this lane running at once
    std::optional<double> requests_per_minute; ///< none: unlimited until the server says otherwise
    std::optional<double> tokens_per_minute;
};

/// How calls run through the task-queue engine ("queue" in the config, a parley extra).
struct QueueConfig {
    std::size_t workers = 8;
    int max_attempts = 5;
    long base_delay_ms = 500;
    long max_delay_ms = 60'000;
    std::string jitter = "full"; ///< full, equal or decorrelated
    int breaker_failures = 5;    ///< consecutive transient failures that open a lane's circuit breaker
    long breaker_cool_down_ms = 30'000;
    /// How long an endpoint may refuse every connection (or its host be unknown) before its calls fail instead of
    /// retrying, so the debate is saved and resumable within seconds; 0 leaves it to maxAttempts and the breaker.
    long unreachable_window_ms = 3'000;
    /// Per-lane limits keyed by provider kind ("openai") or base URL; a lane matches its base URL first.
    std::map<std::string, LaneConfig> lanes;
    /// A network lane without an entry: 8 at once, so a 3-agent critique phase (6 calls) runs in one wave.
    LaneConfig network_default{8, std::nullopt, std::nullopt};
    LaneConfig offline_default{16, std::nullopt, std::nullopt}; ///< the offline provider's lane
};

/// A whole, validated config.
struct DebateConfig {
    std::vector<AgentConfig> agents; ///< every configured agent, enabled or not, in file order
    AgentConfig judge;
    DebateSettings debate;
    QueueConfig queue;
    llm::PriceTable prices;            ///< the built-in table with the config's "pricing" merged over it
    std::string source;                ///< the file it came from
    std::vector<std::string> warnings; ///< unknown keys and other things worth saying, one line each
};

/// Parses and validates config text; errors name the file, line and JSON path (ErrorKind::config).
/// Relative prompt paths are resolved against `base_dir`.
Result<DebateConfig> parse_config(std::string_view text, const std::string& source,
                                  const std::filesystem::path& base_dir);

/// The built-in preset a config path stands for: a relative "configs/NAME.json" (or bare "NAME.json") that is not
/// there, when parley has a built-in file of that name; nothing otherwise.
std::optional<std::string> builtin_preset(const std::filesystem::path& path);

/// Reads a config file, or the built-in configs/default.json when `path` is empty. A relative
/// "configs/NAME.json" (or bare "NAME.json") that is not there is the built-in preset of that name.
Result<DebateConfig> load_config(const std::filesystem::path& path);

/// The agents that take part: the enabled ones, or, when `roles` is given, the configured agents with those
/// roles (enabled or not) plus a default agent for a listed role the config lacks. Errors on an unknown role.
Result<std::vector<AgentConfig>> select_agents(const DebateConfig& config, const std::vector<std::string>& roles);

/// The lane limits for calls to `spec`'s endpoint.
const LaneConfig& lane_config_for(const QueueConfig& queue, const llm::ProviderSpec& spec);

/// A fingerprint of everything that shapes a debate's calls: the participants (role, model, provider endpoint,
/// parameters, prompt texts) and the debate settings. A resume with another fingerprint is refused.
std::string fingerprint(const std::vector<AgentConfig>& agents, const AgentConfig& judge,
                        const DebateSettings& settings);

/// The summarization settings in force for a participant.
const SummarizationConfig& summarization_for(const DebateConfig& config, const AgentConfig& agent);

} // namespace parley::debate
