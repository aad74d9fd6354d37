#pragma once
// What `parley debate` prepares before the first call: the problems, the config, the providers and the engine.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "debate/config.hpp"
#include "debate/orchestrator.hpp"
#include "queue/engine.hpp"
#include "queue/result_store.hpp"

namespace parley::app {

/// One problem to debate and where it came from.
struct Problem {
    std::string text;
    std::optional<std::string> file; ///< none for a problem given as text
};

/// Everything a run needs that is the same for all its debates.
struct Setup {
    std::vector<Problem> problems;
    debate::DebateConfig config;
    std::vector<debate::AgentConfig> agents; ///< the agents taking part, with command-line overrides applied
    std::vector<debate::Participant> participants;
    debate::Participant judge;
    std::map<std::string, std::string> answers; ///< from --answers
};

/// Reads the problems, config and answers, applies the flags, and builds every provider (so a missing key fails
/// here, before any call). With --replay or --dry-run, providers are stand-ins that need no key and answer nothing.
Result<Setup> prepare_debate(const DebateOptions& options);

/// An engine with one lane per provider endpoint of the setup, limited as the config's "queue" section says; its
/// dead letters go to `dead_letters`, or stay in memory when it is null.
Result<std::unique_ptr<queue::Engine>> make_engine(const Setup& setup, std::shared_ptr<queue::ResultStore> store,
                                                   std::shared_ptr<queue::DeadLetterStore> dead_letters);

/// Prints what the run would do (calls, tokens and cost) without calling anything; returns the exit code.
int print_dry_run(const Setup& setup, const DebateOptions& options);

/// The participant as the debate JSON lists it.
debate::ParticipantInfo participant_info(const debate::Participant& p);

/// The `parley debate` arguments that run this problem again (what `parley resume` replays).
std::vector<std::string> resume_command_line(const DebateOptions& options, const Problem& problem);

} // namespace parley::app
