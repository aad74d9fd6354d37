#pragma once
// What a run of debates prepares before the first call: the problems, the config and the providers.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "debate/config.hpp"
#include "debate/debate_state.hpp"
#include "debate/orchestrator.hpp"
#include "run/debate/options.hpp"
#include "run/problems.hpp"
#include "run/provider_cache.hpp"
#include "tools/context_folder.hpp"

namespace parley::run {

/// Everything a run needs that is the same for all its debates.
struct Setup {
    std::vector<Problem> problems;
    std::string context; ///< from --context: appended to every problem in the prompts, kept beside it in the JSON
    std::optional<debate::GivenDesign> design; ///< from --design: the design every debate of the run attacks
    debate::DebateConfig config;
    std::vector<debate::AgentConfig> agents; ///< the agents taking part, with command-line overrides applied
    std::vector<debate::Participant> participants;
    debate::Participant judge;
    std::map<std::string, std::string> answers; ///< from --answers
    std::shared_ptr<ProviderCache> providers;   ///< every provider the participants use, for the run session
    /// The context folder agents' tools read (--context FOLDER, or the config's debate.contextDirectory); may be null
    std::shared_ptr<const tools::ContextFolder> context_folder;
    std::vector<std::string> secret_values; ///< the configured keys' values: kept out of whatever tools give a model
    bool baseline = false;                  ///< --baseline vote: each debate is followed by its equal-cost baseline
};

/// Reads the problems, config and answers, applies the options, and builds every provider (so a missing key fails
/// here, before any call). With a replay or a dry run, providers are stand-ins that need no key and answer nothing.
[[nodiscard]] Result<Setup> prepare_debate(const DebateOptions& options);

/// Binds every agent and the judge of `setup` to its provider from `setup.providers`, filling `participants` and
/// `judge`; an error names the agent whose provider cannot be built (a missing key, an unknown kind).
[[nodiscard]] Result<void> bind_providers(Setup& setup);

/// The participant as the debate JSON lists it.
debate::ParticipantInfo participant_info(const debate::Participant& p);

} // namespace parley::run
