#include "debate/orchestrator.hpp"

#include <chrono>

#include "debate/clarifications.hpp"
#include "debate/estimating_executor.hpp"
#include "debate/solution_parser.hpp"
#include "util/clock.hpp"
#include "util/utf8.hpp"

namespace parley::debate {

/// One call of a phase, with what the state needs to record it.
struct Orchestrator::PhaseCall {
    const Participant* who = nullptr;
    std::string phase;
    std::string target_agent_id;
    llm::ChatRequest request;
    int round = 0;
};

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
    return m;
}

} // namespace

Orchestrator::Orchestrator(std::vector<Participant> agents, Participant judge, DebateSettings settings,
                           CallExecutor& executor, ProgressFunction progress, const llm::PriceTable* prices)
    : agents_(std::move(agents)), judge_(std::move(judge)), settings_(settings), executor_(executor),
      progress_(std::move(progress)), prices_(prices) {}

CallMetadata Orchestrator::metadata(const Participant& p, const llm::ChatResponse& response) const {
    CallMetadata m = metadata_for(response, p.config.model, p.provider->label());
    // An answer served from the journal is recorded at its price too, so a resumed debate reads as the whole one.
    if (prices_ && !p.provider->is_offline()) {
        m.cost_usd = prices_->cost_usd(p.config.model, response.usage);
    }
    return m;
}

long Orchestrator::planned_calls(std::size_t agents, int rounds, bool clarify) {
    // Counted by running the protocol itself over an executor that calls nothing, with participants whose
    // prompts are empty and whose histories are never summarized.
    const auto participant = [](std::string id) {
        AgentConfig config;
        config.id = config.name = std::move(id);
        for (auto kind : {PromptKind::system, PromptKind::clarify, PromptKind::proposal, PromptKind::critique,
                          PromptKind::refinement, PromptKind::summary, PromptKind::synthesis}) {
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
    const llm::PriceTable no_prices;
    EstimatingExecutor counter(no_prices, false);
    Orchestrator orchestrator(std::move(debaters), participant("judge"), settings, counter);
    DebateState state;
    // The counting executor answers every call, so neither step can fail.
    if (clarify) {
        (void)orchestrator.ask_clarifications(state, {});
    }
    (void)orchestrator.run(state, {});
    return counter.planned_calls();
}

std::map<std::string, std::string> Orchestrator::base_values(const DebateState& state, const Participant& p,
                                                             int round) const {
    return {{"problem", state.problem},       {"clarifications", format_clarifications(state.clarifications)},
            {"agent_name", p.config.name},    {"role", p.config.role},
            {"round", std::to_string(round)}, {"total_rounds", std::to_string(settings_.rounds)}};
}

llm::CallContext Orchestrator::context_for(const DebateState& state, const Participant& p, int round,
                                           llm::Purpose purpose) {
    if (!problem_ || *problem_ != state.problem) {
        problem_ = std::make_shared<const std::string>(state.problem);
    }
    llm::CallContext c;
    c.run_id = state.id;
    c.debate_id = state.id;
    c.purpose = purpose;
    c.round = round;
    c.total_rounds = settings_.rounds;
    c.agent = {p.config.id, p.config.name, p.config.role};
    c.problem = problem_;
    return c;
}

llm::ChatRequest Orchestrator::make_request(const Participant& p, const std::map<std::string, std::string>& values,
                                            PromptKind kind, llm::CallContext context) const {
    llm::ChatRequest request;
    request.model = p.config.model;
    request.temperature = p.config.temperature;
    request.max_tokens = p.config.max_tokens;
    request.extra = p.config.extra_params;
    request.messages = {{"system", render_template(p.config.prompts.at(PromptKind::system).text, values)},
                        {"user", render_template(p.config.prompts.at(kind).text, values)}};
    request.context = std::move(context);
    return request;
}

Result<std::vector<llm::ChatResponse>> Orchestrator::run_phase(DebateState& state, const std::string& name,
                                                               std::vector<PhaseCall> calls, std::stop_token stop) {
    executor_.begin_phase(name);
    if (calls.empty()) {
        return std::vector<llm::ChatResponse>{};
    }
    if (progress_) {
        progress_(name + ": " + std::to_string(calls.size()) + (calls.size() == 1 ? " call" : " calls"));
    }
    const auto start = std::chrono::steady_clock::now();
    std::vector<CallSpec> specs;
    specs.reserve(calls.size());
    for (const auto& call : calls) {
        specs.push_back({call.who->provider, call.who->config.provider, call.request});
        state.prompts.push_back({{"round", call.round},
                                 {"phase", call.phase},
                                 {"agentId", call.who->config.id},
                                 {"targetAgentId", call.target_agent_id},
                                 {"system", call.request.messages[0].content},
                                 {"user", call.request.messages[1].content}});
    }
    auto results = executor_.run_batch(specs, stop);
    std::vector<llm::ChatResponse> out;
    out.reserve(results.size());
    for (std::size_t i = 0; i < results.size(); ++i) {
        auto& result = results[i];
        if (!result) {
            Error e = result.error();
            const auto& c = calls[i];
            // A provider's own errors already name it; others get its label here, so it is named once.
            const auto label = c.who->provider->label();
            const bool named = e.provider == label;
            e.message = c.who->config.id + " (" + c.who->config.role + "), " + name +
                        (c.target_agent_id.empty() ? "" : " of " + c.target_agent_id) + ", " +
                        (named ? e.message : "provider " + label + ": " + e.message);
            return tl::make_unexpected(e);
        }
        auto& m = state.metrics;
        ++m.calls;
        m.prompt_tokens += result->usage.prompt_tokens;
        m.completion_tokens += result->usage.completion_tokens;
        m.total_tokens += result->usage.total_tokens;
        m.tokens_estimated = m.tokens_estimated || result->usage.estimated;
        state.offline = state.offline || calls[i].who->provider->is_offline();
        out.push_back(std::move(*result));
    }
    const double ms = util::elapsed_ms(start);
    state.metrics.phase_wall_ms[name] = ms;
    state.metrics.phase_order.emplace_back(name, ms);
    state.updated_at = util::now_iso8601();
    return out;
}

Result<std::vector<AgentClarifications>> Orchestrator::ask_clarifications(DebateState& state, std::stop_token stop) {
    std::vector<PhaseCall> calls;
    for (const auto& agent : agents_) {
        auto values = base_values(state, agent, 0);
        values["max_questions"] = std::to_string(settings_.max_clarifications);
        auto context = context_for(state, agent, 0, llm::Purpose::clarification);
        context.limit = settings_.max_clarifications;
        calls.push_back(
            {&agent, "clarify", "", make_request(agent, values, PromptKind::clarify, std::move(context)), 0});
    }
    auto responses = run_phase(state, "clarifications", std::move(calls), stop);
    if (!responses) {
        return tl::make_unexpected(responses.error());
    }
    std::vector<AgentClarifications> out;
    for (std::size_t i = 0; i < agents_.size(); ++i) {
        const auto& agent = agents_[i].config;
        AgentClarifications entry{agent.id, agent.name, agent.role, {}};
        int n = 0;
        for (auto& q : parse_questions((*responses)[i].content, settings_.max_clarifications)) {
            entry.items.push_back({agent.id + "-q" + std::to_string(++n), std::move(q), ""});
        }
        out.push_back(std::move(entry));
    }
    return out;
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
        auto values = base_values(state, agent, round.round_number);
        values["history"] = history;
        values["max_length"] = std::to_string(s.max_length);
        auto context = context_for(state, agent, round.round_number, llm::Purpose::summary);
        context.limit = s.max_length;
        calls.push_back({&agent, "summary", "", make_request(agent, values, PromptKind::summary, std::move(context)),
                         round.round_number});
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

Result<void> Orchestrator::run(DebateState& state, std::stop_token stop) {
    state.status = "running";
    for (const auto& a : agents_) {
        history_[a.config.id].clear();
    }
    for (int r = 1; r <= settings_.rounds; ++r) {
        state.rounds.push_back(Round{r, util::now_iso8601(), {}, {}});
        state.current_round = r;
        const std::string prefix = "round " + std::to_string(r) + " ";
        auto record = [&](const PhaseCall& call, const llm::ChatResponse& response, ContributionType type) {
            state.rounds.back().contributions.push_back({call.who->config.id, call.who->config.role, type,
                                                         response.content, call.target_agent_id,
                                                         metadata(*call.who, response)});
        };
        auto history_text = [&](const std::string& id) {
            return settings_.include_full_history || history_summarized_[id] ? history_[id] : std::string();
        };

        if (r == 1) {
            std::vector<PhaseCall> calls;
            for (const auto& agent : agents_) {
                auto values = base_values(state, agent, r);
                values["history_summary"] = "";
                calls.push_back({&agent, "proposal", "",
                                 make_request(agent, values, PromptKind::proposal,
                                              context_for(state, agent, r, llm::Purpose::proposal)),
                                 r});
            }
            auto responses = run_phase(state, prefix + "proposals", calls, stop);
            if (!responses) {
                return tl::make_unexpected(responses.error());
            }
            for (std::size_t i = 0; i < calls.size(); ++i) {
                record(calls[i], (*responses)[i], ContributionType::proposal);
                current_[agents_[i].config.id] = (*responses)[i].content;
                history_[agents_[i].config.id] += "## Round 1: your proposal\n\n" + (*responses)[i].content + "\n\n";
            }
        } else if (auto summarized = summarize_if_needed(state, state.rounds.back(), stop); !summarized) {
            return summarized;
        }

        std::vector<PhaseCall> critiques;
        for (const auto& critic : agents_) {
            for (const auto& target : agents_) {
                if (&critic == &target) {
                    continue;
                }
                auto values = base_values(state, critic, r);
                values["target_agent"] = target.config.name;
                values["target_role"] = target.config.role;
                values["target_proposal"] = current_[target.config.id];
                values["own_proposal"] = current_[critic.config.id];
                auto context = context_for(state, critic, r, llm::Purpose::critique);
                context.target = llm::AgentRef{target.config.id, target.config.name, target.config.role};
                critiques.push_back({&critic, "critique", target.config.id,
                                     make_request(critic, values, PromptKind::critique, std::move(context)), r});
            }
        }
        auto critique_responses = run_phase(state, prefix + "critiques", critiques, stop);
        if (!critique_responses) {
            return tl::make_unexpected(critique_responses.error());
        }
        std::map<std::string, std::string> received;
        std::map<std::string, std::vector<std::string>> critic_roles;
        for (std::size_t i = 0; i < critiques.size(); ++i) {
            const auto& call = critiques[i];
            const auto& text = (*critique_responses)[i].content;
            record(call, (*critique_responses)[i], ContributionType::critique);
            received[call.target_agent_id] +=
                "### Critique from " + call.who->config.name + " (" + call.who->config.role + ")\n\n" + text + "\n\n";
            critic_roles[call.target_agent_id].push_back(call.who->config.role);
            history_[call.target_agent_id] +=
                "## Round " + std::to_string(r) + ": critique from " + call.who->config.name + "\n\n" + text + "\n\n";
        }

        std::vector<PhaseCall> refinements;
        for (const auto& agent : agents_) {
            const auto& id = agent.config.id;
            auto values = base_values(state, agent, r);
            values["previous_proposal"] = current_[id];
            values["critiques_received"] = received[id].empty() ? "(none)" : received[id];
            values["history_summary"] = history_text(id);
            auto context = context_for(state, agent, r, llm::Purpose::refinement);
            context.peer_roles = critic_roles[id];
            refinements.push_back(
                {&agent, "refinement", "", make_request(agent, values, PromptKind::refinement, std::move(context)), r});
        }
        auto refinement_responses = run_phase(state, prefix + "refinements", refinements, stop);
        if (!refinement_responses) {
            return tl::make_unexpected(refinement_responses.error());
        }
        for (std::size_t i = 0; i < refinements.size(); ++i) {
            const auto& id = agents_[i].config.id;
            record(refinements[i], (*refinement_responses)[i], ContributionType::refinement);
            current_[id] = (*refinement_responses)[i].content;
            history_[id] += "## Round " + std::to_string(r) + ": your refinement\n\n" + current_[id] + "\n\n";
        }
    }
    if (auto judged = synthesize(state, stop); !judged) {
        return judged;
    }
    state.status = "completed";
    state.updated_at = util::now_iso8601();
    return {};
}

Result<void> Orchestrator::synthesize(DebateState& state, std::stop_token stop) {
    std::string proposals;
    std::vector<std::string> roles;
    for (const auto& agent : agents_) {
        proposals +=
            "### " + agent.config.name + " (" + agent.config.role + ")\n\n" + current_[agent.config.id] + "\n\n";
        roles.push_back(agent.config.role);
    }
    std::string summaries;
    for (const auto& round : state.rounds) {
        for (const auto& [id, s] : round.summaries) {
            summaries +=
                "### Summary by " + id + " (round " + std::to_string(round.round_number) + ")\n\n" + s.summary + "\n\n";
        }
    }
    const auto& s = judge_.config.summarization ? *judge_.config.summarization : settings_.summarization;
    std::vector<PhaseCall> summary_call;
    if (s.enabled && static_cast<long>(proposals.size()) > s.threshold) {
        auto values = base_values(state, judge_, settings_.rounds);
        values["history"] = proposals;
        values["max_length"] = std::to_string(s.max_length);
        auto context = context_for(state, judge_, settings_.rounds, llm::Purpose::judge_summary);
        context.limit = s.max_length;
        summary_call.push_back({&judge_, "judge-summary", "",
                                make_request(judge_, values, PromptKind::summary, std::move(context)),
                                settings_.rounds});
    }
    // The phase begins whether or not it makes its call, so a dry run plans it either way.
    auto response = run_phase(state, "judge summary", summary_call, stop);
    if (!response) {
        return tl::make_unexpected(response.error());
    }
    if (!response->empty()) {
        Summary summary;
        summary.agent_id = judge_.config.id;
        summary.agent_role = judge_.config.role;
        summary.summary = util::truncate_utf8(response->front().content, static_cast<std::size_t>(s.max_length));
        summary.before_chars = static_cast<long>(proposals.size());
        summary.after_chars = static_cast<long>(summary.summary.size());
        summary.method = s.method;
        summary.timestamp = util::now_iso8601();
        summary.metadata = metadata(judge_, response->front());
        proposals = summary.summary;
        state.judge_summary = std::move(summary);
    }
    auto values = base_values(state, judge_, settings_.rounds);
    values["final_proposals"] = proposals;
    values["summaries"] = summaries.empty() ? "(none)" : summaries;
    auto context = context_for(state, judge_, settings_.rounds, llm::Purpose::synthesis);
    context.peer_roles = std::move(roles);
    std::vector<PhaseCall> call{{&judge_, "synthesis", "",
                                 make_request(judge_, values, PromptKind::synthesis, std::move(context)),
                                 settings_.rounds}};
    auto judged = run_phase(state, "synthesis", call, stop);
    if (!judged) {
        return tl::make_unexpected(judged.error());
    }
    auto parsed = parse_solution(judged->front().content, judge_.config.id);
    if (!parsed.warning.empty() && progress_) {
        progress_("warning: " + parsed.warning);
    }
    state.final_solution = std::move(parsed.solution);
    return {};
}

} // namespace parley::debate
