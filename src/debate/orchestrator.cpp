#include "debate/orchestrator.hpp"

#include <chrono>
#include <set>
#include <stdexcept>

#include "debate/clarifications.hpp"
#include "debate/estimating_executor.hpp"
#include "debate/position_tracking.hpp"
#include "debate/problem.hpp"
#include "debate/prompt_fitting.hpp"
#include "debate/simulations.hpp"
#include "tools/tools.hpp"
#include "util/builtin_files.hpp"
#include "util/timestamps.hpp"
#include "util/utf8.hpp"

namespace parley::debate {

namespace {

CallMetadata metadata_for(const llm::ChatResponse& response, const std::string& configured_model,
                          const std::string& provider_label) {
    CallMetadata m;
    m.tokens_used = response.usage.total_tokens;
    m.latency_ms = response.latency_ms;
    m.model = response.model.empty() ? configured_model : response.model;
    m.prompt_tokens = response.usage.prompt_tokens;
    m.completion_tokens = response.usage.completion_tokens;
    m.tokens_estimated = response.usage.estimated;
    m.provider = provider_label;
    const auto& activity = response.tool_activity;
    if (!activity.empty()) {
        ToolUse use;
        for (const auto& call : activity.calls) {
            use.calls.push_back(call.name + " " + util::truncate_utf8(call.arguments, 300));
        }
        use.files_read = activity.files_read;
        use.changed_since = activity.changed_since;
        use.tool_ms = activity.tool_ms;
        use.redactions = activity.redactions;
        use.digest = activity.digest;
        m.tools = std::move(use);
    }
    return m;
}

// The agent's template of `kind`: its config's, else (for the design-review kinds, which configs do not set) the
// built-in one.
std::string prompt_of(const AgentConfig& config, PromptKind kind) {
    if (const auto it = config.prompts.find(kind); it != config.prompts.end()) {
        return it->second.text;
    }
    const auto builtin = util::builtin_file(design_prompt_file(kind));
    if (!builtin) {
        throw std::logic_error("no prompt of kind " + std::string(prompt_kind_name(kind)) + " for " + config.id);
    }
    return std::string(*builtin);
}

// The phases in which an agent may call tools, as in dialectic: its own designs and its critiques.
bool uses_tools(llm::Purpose purpose) {
    return purpose == llm::Purpose::proposal || purpose == llm::Purpose::critique ||
           purpose == llm::Purpose::refinement;
}

// What the system prompt tells an agent with tools: that the folder exists, what each tool is for, and to cite.
std::string tools_note(const std::vector<tools::ToolKind>& kinds, bool has_folder) {
    std::string note = "\n\n# Your tools\n\n";
    if (has_folder) {
        note += "The team's own documents (docs, configs, runbooks, capacity sheets) are in a context folder. ";
    }
    note += "You can call these tools before you answer:\n";
    for (const auto kind : kinds) {
        note += "- " + std::string(tools::tool_name(kind)) + ": " +
                tools::tool_definition(kind)["function"]["description"].get<std::string>() + "\n";
    }
    note += "When you use a figure or a name from a file, cite it as (file:line).";
    return note;
}

} // namespace

Orchestrator::Orchestrator(std::vector<Participant> agents, Participant judge, DebateSettings settings,
                           CallExecutor& executor, ProgressFunction progress, const llm::PriceTable* prices,
                           Strategies strategies)
    : agents_(std::move(agents)), judge_(std::move(judge)), settings_(settings), executor_(executor),
      progress_(std::move(progress)), prices_(prices), strategies_(std::move(strategies)) {
    if (!strategies_.termination) {
        strategies_.termination = make_termination(settings_);
    }
    if (!strategies_.synthesis) {
        strategies_.synthesis = synthesis_for(settings_);
    }
}

const std::string& Orchestrator::latest_proposal(const std::string& agent_id) const {
    static const std::string none;
    const auto it = current_.find(agent_id);
    return it == current_.end() ? none : it->second;
}

void Orchestrator::warn(const std::string& message) const {
    if (warn_) {
        warn_(message);
    }
    tell("warning: " + message);
}

void Orchestrator::tell(const std::string& message) const {
    if (progress_) {
        progress_(message);
    }
}

CallMetadata Orchestrator::metadata(const Participant& p, const llm::ChatResponse& response) const {
    CallMetadata m = metadata_for(response, p.config.model, p.provider->label());
    // An answer served from the journal is recorded at its price too, so a resumed debate reads as the whole one.
    if (prices_ && !p.provider->is_offline()) {
        m.cost_usd = llm::call_cost_usd(*p.provider, prices_, p.config.model, response.usage);
    }
    return m;
}

long Orchestrator::planned_calls(std::size_t agents, int rounds, bool clarify, bool design, bool interim,
                                 SynthesisMethod synthesis) {
    // Counted by running the protocol itself over an executor that calls nothing, with participants whose
    // prompts are empty and whose histories are never summarized.
    const auto participant = [](std::string id) {
        AgentConfig config;
        config.id = config.name = std::move(id);
        for (auto kind :
             {PromptKind::system, PromptKind::clarify, PromptKind::proposal, PromptKind::critique,
              PromptKind::refinement, PromptKind::summary, PromptKind::synthesis, PromptKind::interim_judge}) {
            config.prompts[kind] = PromptText{};
        }
        return Participant{std::move(config), dry_run_provider()};
    };
    std::vector<Participant> debaters;
    for (std::size_t i = 0; i < agents; ++i) {
        debaters.push_back(participant("agent-" + std::to_string(i + 1)));
    }
    DebateSettings settings;
    settings.rounds = rounds;
    settings.summarization.enabled = false;
    if (interim) {
        // A dry run's judge gives no confidence, so the rule runs every round: the most it can cost.
        settings.termination = {"convergence", 100.0, std::nullopt};
    }
    settings.synthesis = synthesis;
    const llm::PriceTable no_prices;
    EstimatingExecutor counter(no_prices, false);
    Orchestrator orchestrator(std::move(debaters), participant("judge"), settings, counter);
    DebateState state;
    if (design) {
        state.design = GivenDesign{};
    }
    // The counting executor answers every call, so neither step can fail.
    if (clarify) {
        (void)orchestrator.ask_clarifications(state, {});
    }
    (void)orchestrator.run(state, {});
    return counter.planned_calls();
}

PhaseCall Orchestrator::call(const DebateState& state, const Participant& who, int round, llm::Purpose purpose,
                             PromptKind kind, const std::map<std::string, std::string>& values) {
    // --context travels beside the problem in the JSON (as in dialectic's) and is appended to it in every prompt.
    const std::string problem = with_context(state.problem, state.context);
    std::map<std::string, std::string> all = {{"problem", problem},
                                              {"clarifications", format_clarifications(state.clarifications)},
                                              {"agent_name", who.config.name},
                                              {"role", who.config.role},
                                              {"round", std::to_string(round)},
                                              {"total_rounds", std::to_string(settings_.rounds)}};
    for (const auto& [key, value] : values) {
        all[key] = value;
    }
    if (!problem_ || *problem_ != problem) {
        problem_ = std::make_shared<const std::string>(problem);
    }
    if (state.design && (!design_ || *design_ != state.design->text)) {
        design_ = std::make_shared<const std::string>(state.design->text);
    }
    if (state.design) {
        all["design"] = state.design->text;
    }
    PhaseCall out{&who, {}, {}};
    auto& request = out.request;
    request.model = who.config.model;
    request.temperature = who.config.temperature;
    request.max_tokens = who.config.max_tokens;
    request.extra = who.config.extra_params;
    auto fitted = render_fitted(who.config, prompt_of(who.config, kind), std::move(all));
    request.messages = std::move(fitted.messages);
    out.unfit = std::move(fitted.unfit);
    if (uses_tools(purpose)) {
        add_tools(who, request);
    }
    auto& c = request.context;
    c.run_id = state.id;
    c.debate_id = state.id;
    c.purpose = purpose;
    c.round = round;
    c.total_rounds = settings_.rounds;
    c.agent = {who.config.id, who.config.name, who.config.role};
    c.problem = problem_;
    if (state.design) {
        c.design = design_;
    }
    return out;
}

void Orchestrator::add_tools(const Participant& who, llm::ChatRequest& request) const {
    const bool has_folder = !settings_.context_directory.empty();
    std::vector<tools::ToolKind> usable;
    for (const auto kind : who.config.tools) {
        // Without a folder only context_search has anything to look at.
        if (has_folder || kind == tools::ToolKind::context_search) {
            usable.push_back(kind);
        }
    }
    if (usable.empty() || who.config.tool_call_limit == 0) {
        return;
    }
    if (!who.config.tool_calling) {
        // The server cannot call tools: the folder's digest goes into the prompt instead (the executor adds it).
        request.context.folder_digest = has_folder;
        return;
    }
    request.messages[0].content += tools_note(usable, has_folder);
    for (const auto kind : usable) {
        request.tools.push_back(tools::tool_definition(kind));
    }
    request.tool_call_limit = who.config.tool_call_limit;
}

Error Orchestrator::named_error(Error e, const PhaseCall& call, const std::string& phase) const {
    // A provider's own errors already name it; others get its label here, so it is named once.
    const auto label = call.who->provider->label();
    const bool named = e.provider == label;
    const auto& target = call.request.context.target;
    e.message = call.who->config.id + " (" + call.who->config.role + "), " + phase +
                (target ? " of " + target->id : std::string()) + ", " +
                (named ? e.message : "provider " + label + ": " + e.message);
    return e;
}

Result<std::vector<llm::ChatResponse>> Orchestrator::run_phase(DebateState& state, const std::string& name,
                                                               std::vector<PhaseCall> calls, std::stop_token stop) {
    executor_.begin_phase(name);
    if (calls.empty()) {
        return std::vector<llm::ChatResponse>{};
    }
    for (auto& call : calls) {
        // A request built beside the templates (a repair, with the failed answer in it) is cut here, so that no
        // request passes its budget, however it was made.
        if (call.unfit.empty()) {
            call.unfit = fit_request(call.who->config, call.request.messages);
        }
        if (!call.unfit.empty()) {
            return fail(ErrorKind::config, call.who->config.id + " (" + call.who->config.role + "), " + name +
                                               ": not sent: " + call.unfit);
        }
    }
    tell(name + ": " + std::to_string(calls.size()) + (calls.size() == 1 ? " call" : " calls"));
    const auto start = std::chrono::steady_clock::now();
    std::vector<CallSpec> specs;
    specs.reserve(calls.size());
    for (const auto& call : calls) {
        const auto& c = call.request.context;
        specs.push_back({call.who->provider, call.who->config.provider, call.request});
        state.prompts.push_back({{"round", c.round},
                                 {"phase", llm::to_string(c.purpose)},
                                 {"agentId", call.who->config.id},
                                 {"targetAgentId", c.target ? c.target->id : std::string()},
                                 {"system", call.request.messages[0].content},
                                 {"user", call.request.messages[1].content}});
    }
    auto results = executor_.run_batch(specs, stop);
    std::vector<llm::ChatResponse> out;
    out.reserve(results.size());
    for (std::size_t i = 0; i < results.size(); ++i) {
        auto& result = results[i];
        if (!result) {
            return tl::make_unexpected(named_error(result.error(), calls[i], name));
        }
        auto& m = state.metrics;
        ++m.calls;
        m.prompt_tokens += result->usage.prompt_tokens;
        m.completion_tokens += result->usage.completion_tokens;
        m.total_tokens += result->usage.total_tokens;
        m.tokens_estimated = m.tokens_estimated || result->usage.estimated;
        state.offline = state.offline || calls[i].who->provider->is_offline();
        if (!result->tool_activity.changed_since.empty()) {
            std::string files;
            for (const auto& file : result->tool_activity.changed_since) {
                files += (files.empty() ? "" : ", ") + file;
            }
            warn(calls[i].who->config.id + "'s " + name + " answer was fed by " + files +
                 ", changed since it was read; the answer kept is the one the earlier text fed");
        }
        out.push_back(std::move(*result));
    }
    const double ms = util::elapsed_ms(start);
    state.metrics.phase_wall_ms[name] = ms;
    state.metrics.phase_order.emplace_back(name, ms);
    state.updated_at = util::now_iso8601();
    return out;
}

void Orchestrator::record(DebateState& state, const PhaseCall& call, const llm::ChatResponse& response,
                          ContributionType type) const {
    const auto& target = call.request.context.target;
    state.rounds.back().contributions.push_back({call.who->config.id, call.who->config.role, type, response.content,
                                                 target ? target->id : std::string(), metadata(*call.who, response)});
}

Result<std::vector<AgentClarifications>> Orchestrator::ask_clarifications(DebateState& state, std::stop_token stop) {
    std::vector<PhaseCall> calls;
    for (const auto& agent : agents_) {
        auto c = call(state, agent, 0, llm::Purpose::clarification, PromptKind::clarify,
                      {{"max_questions", std::to_string(settings_.max_clarifications)}});
        c.request.context.limit = settings_.max_clarifications;
        calls.push_back(std::move(c));
    }
    auto responses = run_phase(state, "clarifications", std::move(calls), stop);
    if (!responses) {
        return tl::make_unexpected(responses.error());
    }
    std::vector<AgentClarifications> out;
    // The agents ask at once; a question an earlier agent (in agent order) already asked is asked only once.
    std::set<std::string> asked;
    for (std::size_t i = 0; i < agents_.size(); ++i) {
        const auto& agent = agents_[i].config;
        AgentClarifications entry{agent.id, agent.name, agent.role, {}, metadata(agents_[i], (*responses)[i])};
        int n = 0;
        for (auto& q : parse_questions((*responses)[i].content, settings_.max_clarifications)) {
            if (!asked.insert(normalized_question(q)).second) {
                continue;
            }
            entry.items.push_back({agent.id + "-q" + std::to_string(++n), std::move(q), ""});
        }
        out.push_back(std::move(entry));
    }
    return out;
}

Result<void> Orchestrator::propose(DebateState& state, int round, std::stop_token stop) {
    std::vector<PhaseCall> calls;
    for (const auto& agent : agents_) {
        calls.push_back(
            call(state, agent, round, llm::Purpose::proposal, PromptKind::proposal, {{"history_summary", ""}}));
    }
    auto responses = run_phase(state, "round " + std::to_string(round) + " proposals", calls, stop);
    if (!responses) {
        return tl::make_unexpected(responses.error());
    }
    for (std::size_t i = 0; i < calls.size(); ++i) {
        const auto& text = (*responses)[i].content;
        record(state, calls[i], (*responses)[i], ContributionType::proposal);
        current_[agents_[i].config.id] = text;
        history_[agents_[i].config.id] += "## Round " + std::to_string(round) + ": your proposal\n\n" + text + "\n\n";
    }
    note_positions(state, round, "proposal");
    return {};
}

void Orchestrator::table_design(DebateState& state) {
    for (const auto& agent : agents_) {
        current_[agent.config.id] = state.design->text;
        history_[agent.config.id] += "## Round 1: the design under review\n\n" + state.design->text + "\n\n";
    }
    note_positions(state, 1, "design");
}

void Orchestrator::note_positions(DebateState& state, int round, const std::string& phase) const {
    // A dry run's designs are stand-ins: there is no position to read in them.
    if (!answers_are_real()) {
        return;
    }
    std::vector<std::string> ids;
    for (const auto& agent : agents_) {
        ids.push_back(agent.config.id);
    }
    record_positions(state, round, phase, ids, current_);
    if (phase == "refinement") {
        if (auto moved = round_movement(state, round)) {
            state.movement.push_back(std::move(*moved));
        }
    }
}

Result<void> Orchestrator::critique_design(DebateState& state, int round, std::stop_token stop) {
    std::vector<PhaseCall> calls;
    for (const auto& critic : agents_) {
        auto c = call(state, critic, round, llm::Purpose::critique, PromptKind::design_critique, {});
        c.request.context.target = llm::AgentRef{llm::kGivenDesignId, "the given design", "design"};
        calls.push_back(std::move(c));
    }
    auto responses = run_phase(state, "round " + std::to_string(round) + " critiques", calls, stop);
    if (!responses) {
        return tl::make_unexpected(responses.error());
    }
    // Every agent refines the same design, so every agent receives every critique of it.
    std::string all;
    std::vector<std::string> roles;
    for (std::size_t i = 0; i < calls.size(); ++i) {
        const auto& critic = calls[i].who->config;
        record(state, calls[i], (*responses)[i], ContributionType::critique);
        all += "### Critique from " + critic.name + " (" + critic.role + ")\n\n" + (*responses)[i].content + "\n\n";
        roles.push_back(critic.role);
    }
    received_.clear();
    critic_roles_.clear();
    for (const auto& agent : agents_) {
        received_[agent.config.id] = all;
        critic_roles_[agent.config.id] = roles;
        history_[agent.config.id] += "## Round " + std::to_string(round) + ": critiques of the design\n\n" + all;
    }
    return {};
}

Result<void> Orchestrator::summarize_if_needed(DebateState& state, Round& round, std::stop_token stop) {
    std::vector<PhaseCall> calls;
    std::vector<const SummarizationConfig*> configs;
    for (const auto& agent : agents_) {
        const auto& s = agent.config.summarization ? *agent.config.summarization : settings_.summarization;
        const auto& history = history_[agent.config.id];
        if (!s.enabled || static_cast<long>(history.size()) <= s.threshold) {
            continue;
        }
        auto c = call(state, agent, round.round_number, llm::Purpose::summary, PromptKind::summary,
                      {{"history", history}, {"max_length", std::to_string(s.max_length)}});
        c.request.context.limit = s.max_length;
        calls.push_back(std::move(c));
        configs.push_back(&s);
    }
    const std::string name = "round " + std::to_string(round.round_number) + " summaries";
    auto responses = run_phase(state, name, calls, stop);
    if (!responses) {
        return tl::make_unexpected(responses.error());
    }
    for (std::size_t i = 0; i < calls.size(); ++i) {
        const auto& agent = calls[i].who->config;
        auto& history = history_[agent.id];
        Summary summary;
        summary.agent_id = agent.id;
        summary.agent_role = agent.role;
        summary.summary =
            util::truncate_utf8((*responses)[i].content, static_cast<std::size_t>(configs[i]->max_length));
        summary.before_chars = static_cast<long>(history.size());
        summary.after_chars = static_cast<long>(summary.summary.size());
        summary.method = configs[i]->method;
        summary.timestamp = util::now_iso8601();
        summary.metadata = metadata(*calls[i].who, (*responses)[i]);
        history = summary.summary;
        history_summarized_[agent.id] = true;
        round.summaries[agent.id] = std::move(summary);
    }
    return {};
}

Result<void> Orchestrator::critique(DebateState& state, int round, std::stop_token stop) {
    std::vector<PhaseCall> calls;
    for (const auto& critic : agents_) {
        for (const auto& target : agents_) {
            if (&critic == &target) {
                continue;
            }
            auto c = call(state, critic, round, llm::Purpose::critique, PromptKind::critique,
                          {{"target_agent", target.config.name},
                           {"target_role", target.config.role},
                           {"target_proposal", current_[target.config.id]},
                           {"own_proposal", current_[critic.config.id]}});
            c.request.context.target = llm::AgentRef{target.config.id, target.config.name, target.config.role};
            calls.push_back(std::move(c));
        }
    }
    auto responses = run_phase(state, "round " + std::to_string(round) + " critiques", calls, stop);
    if (!responses) {
        return tl::make_unexpected(responses.error());
    }
    received_.clear();
    critic_roles_.clear();
    for (std::size_t i = 0; i < calls.size(); ++i) {
        const auto& critic = calls[i].who->config;
        const auto& target_id = calls[i].request.context.target->id;
        const auto& text = (*responses)[i].content;
        record(state, calls[i], (*responses)[i], ContributionType::critique);
        received_[target_id] += "### Critique from " + critic.name + " (" + critic.role + ")\n\n" + text + "\n\n";
        critic_roles_[target_id].push_back(critic.role);
        history_[target_id] +=
            "## Round " + std::to_string(round) + ": critique from " + critic.name + "\n\n" + text + "\n\n";
    }
    return {};
}

Result<void> Orchestrator::refine(DebateState& state, int round, std::stop_token stop) {
    std::vector<PhaseCall> calls;
    for (const auto& agent : agents_) {
        const auto& id = agent.config.id;
        const bool show_history = settings_.include_full_history || history_summarized_[id];
        auto c = call(state, agent, round, llm::Purpose::refinement, PromptKind::refinement,
                      {{"previous_proposal", current_[id]},
                       {"critiques_received", received_[id].empty() ? "(none)" : received_[id]},
                       {"history_summary", show_history ? history_[id] : std::string()}});
        c.request.context.peer_roles = critic_roles_[id];
        calls.push_back(std::move(c));
    }
    auto responses = run_phase(state, "round " + std::to_string(round) + " refinements", calls, stop);
    if (!responses) {
        return tl::make_unexpected(responses.error());
    }
    for (std::size_t i = 0; i < calls.size(); ++i) {
        const auto& id = agents_[i].config.id;
        record(state, calls[i], (*responses)[i], ContributionType::refinement);
        current_[id] = (*responses)[i].content;
        history_[id] += "## Round " + std::to_string(round) + ": your refinement\n\n" + current_[id] + "\n\n";
    }
    note_positions(state, round, "refinement");
    return {};
}

Result<void> Orchestrator::run_round(DebateState& state, int round, std::stop_token stop) {
    state.rounds.push_back(Round{round, util::now_iso8601(), {}, {}});
    state.current_round = round;
    // A design-review debate opens with the given design on the table instead of proposals.
    const bool given = state.design && round == 1;
    if (given) {
        table_design(state);
    }
    auto opened = given        ? Result<void>{}
                  : round == 1 ? propose(state, round, stop)
                               : summarize_if_needed(state, state.rounds.back(), stop);
    if (!opened) {
        return opened;
    }
    if (auto critiqued = given ? critique_design(state, round, stop) : critique(state, round, stop); !critiqued) {
        return critiqued;
    }
    return refine(state, round, stop);
}

Result<void> Orchestrator::run(DebateState& state, std::stop_token stop) {
    state.status = "running";
    for (const auto& a : agents_) {
        history_[a.config.id].clear();
    }
    rounds_run_ = 0;
    // Positions are the rule review of this run's designs: a resumed run computes them again from its answers.
    state.positions.clear();
    state.movement.clear();
    state.minority.clear();
    const auto& t = settings_.termination;
    state.termination = TerminationRecord{t.type, t.threshold, t.agreement, settings_.rounds, 0, {}, {}, {}};
    while (strategies_.termination->another_round(state, rounds_run_)) {
        if (auto ran = run_round(state, rounds_run_ + 1, stop); !ran) {
            return ran;
        }
        ++rounds_run_;
        state.termination->stopped_after_round = rounds_run_;
        if (auto judged = strategies_.termination->after_round(*this, state, rounds_run_, stop); !judged) {
            return judged;
        }
    }
    state.termination->reason = strategies_.termination->reason(state, rounds_run_);
    tell(state.termination->reason);
    if (t.type == "fixed") {
        state.termination->shadow = shadow_stops(state, t.agreement);
    }
    state.minority = minority_report(state, current_);
    if (auto judged = strategies_.synthesis->synthesize(*this, state, stop); !judged) {
        return judged;
    }
    if (answers_are_real()) {
        simulate_final_solution(state);
    }
    state.status = "completed";
    state.updated_at = util::now_iso8601();
    return {};
}

} // namespace parley::debate
