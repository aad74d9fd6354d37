#include "run/eval/job.hpp"

#include <spdlog/spdlog.h>

#include "eval/output.hpp"
#include "eval/prompts.hpp"
#include "llm/answer_schema.hpp"
#include "llm/context_window.hpp"
#include "llm/prompt_fit.hpp"
#include "review/review.hpp"
#include "util/sha256.hpp"

namespace parley::run {

namespace {

constexpr int kOrderAFirst = 0;
constexpr int kOrderBFirst = 1;

// What the evaluator is told about who it is: its id and name, never a role that would colour its view.
llm::AgentRef agent_ref(const eval::EvaluatorConfig& e) {
    return {e.id, e.name, "evaluator"};
}

std::string clarifications_markdown(const debate::DebateState& state) {
    std::string out;
    std::size_t n = 0;
    for (const auto& agent : state.clarifications) {
        for (const auto& item : agent.items) {
            out += "Question (q" + std::to_string(++n) + "):\n\n```text\n" + item.question +
                   "\n```\n\nAnswer:\n\n```text\n" + item.answer + "\n```\n\n";
        }
    }
    return out.empty() ? std::string("```text\n(none)\n```") : out;
}

llm::ChatRequest request_for(const eval::EvaluatorConfig& e, std::string user, const EvalTask& task,
                             llm::Purpose purpose, int sample, std::vector<std::string> documents) {
    llm::ChatRequest r;
    r.model = e.model;
    r.temperature = e.temperature;
    r.messages = {{"system", e.system_prompt}, {"user", std::move(user)}};
    if (e.provider.kind != "offline") {
        // The scored documents are what grows: cut in their middle, the prompt's opening and closing stay.
        const auto budget = llm::context_budget(e.context_budget_tokens, e.model);
        llm::fit_messages(r.messages, llm::prompt_bytes_allowed(budget.tokens, std::nullopt), e.id);
    }
    r.context.run_id = task.id;
    r.context.debate_id = task.id;
    r.context.purpose = purpose;
    r.context.agent = agent_ref(e);
    r.context.problem = std::make_shared<const std::string>(task.document.problem);
    r.context.documents = std::make_shared<const std::vector<std::string>>(std::move(documents));
    r.context.sample = sample;
    if (e.structured_output) {
        llm::ask_structured(r, purpose == llm::Purpose::comparison ? llm::AnswerKind::comparison
                                                                   : llm::AnswerKind::evaluator_scores);
    }
    return r;
}

std::string scoring_prompt(const eval::EvaluatorConfig& e, const eval::Document& d) {
    return eval::fill_placeholders(e.user_prompt,
                                   {{"problem", d.problem.empty() ? "(not given)" : d.problem},
                                    {"clarifications", d.clarifications.empty() ? "(none)" : d.clarifications},
                                    {"final_solution", d.text}});
}

std::string comparison_prompt(const eval::Document& problem_from, const std::string& first, const std::string& second) {
    return eval::fill_placeholders(eval::compare_prompt(),
                                   {{"problem", problem_from.problem.empty() ? "(not given)" : problem_from.problem},
                                    {"design_a", first},
                                    {"design_b", second}});
}

eval::EvaluatorInfo info_of(const eval::EvaluatorConfig& e, const std::string& provider_label) {
    return {e.id, e.name, e.model, provider_label};
}

using Providers = std::vector<std::shared_ptr<llm::Provider>>;
using CallResults = std::vector<Result<llm::ChatResponse>>;

// The provider of each evaluator, in the panel's order.
Result<Providers> evaluator_providers(const EvalTask& task, RunSession& session) {
    Providers providers;
    for (const auto& e : task.config.evaluators) {
        auto provider = session.provider(e.provider);
        if (!provider) {
            return tl::make_unexpected(provider.error());
        }
        providers.push_back(*provider);
    }
    return providers;
}

// Every call of the task, evaluator by evaluator, sample by sample (and, comparing, A first then B first).
std::vector<debate::CallSpec> eval_calls(const EvalTask& task, const Providers& providers) {
    std::vector<debate::CallSpec> calls;
    for (std::size_t i = 0; i < task.config.evaluators.size(); ++i) {
        const auto& e = task.config.evaluators[i];
        const auto& provider = providers[i];
        for (int s = 0; s < task.samples; ++s) {
            if (!task.second) {
                calls.push_back({provider, e.provider,
                                 request_for(e, scoring_prompt(e, task.document), task, llm::Purpose::evaluation, s,
                                             {task.document.text})});
                continue;
            }
            for (const int order : {kOrderAFirst, kOrderBFirst}) {
                const auto& first = order == kOrderAFirst ? task.document.text : task.second->text;
                const auto& second = order == kOrderAFirst ? task.second->text : task.document.text;
                auto r = request_for(e, comparison_prompt(task.document, first, second), task, llm::Purpose::comparison,
                                     s, {first, second});
                // The order is the call's "round" in its context: progress shows it, and events tell it apart.
                r.context.round = order;
                calls.push_back({provider, e.provider, std::move(r)});
            }
        }
    }
    return calls;
}

// Whether any call answered, and the first error, which fails the job when none did.
struct CallTally {
    std::optional<Error> first_error;
    bool any_answer = false;

    void failed(const Error& error) {
        if (!first_error) {
            first_error = error;
        }
    }
};

// One evaluator's scorings, read from its calls' results starting at `at` (which moves past them).
eval::EvaluatorResult scored_by(const EvalTask& task, std::size_t evaluator, const llm::Provider& provider,
                                const std::vector<debate::CallSpec>& calls, const CallResults& results, std::size_t& at,
                                CallTally& tally) {
    const auto& e = task.config.evaluators[evaluator];
    eval::EvaluatorResult er{info_of(e, provider.label()), {}};
    for (int s = 0; s < task.samples; ++s, ++at) {
        eval::SampleResult sr;
        sr.sample = s;
        const auto& result = results[at];
        if (!result) {
            sr.error = result.error().message;
            tally.failed(result.error());
        } else {
            sr.answer = eval::parse_evaluation(result->content, llm::prompt_text(calls[at].request.messages));
            sr.tokens = result->usage.total_tokens;
            sr.cost_usd = llm::call_cost_usd(provider, task.prices, e.model, result->usage);
            tally.any_answer = true;
        }
        er.samples.push_back(std::move(sr));
    }
    return er;
}

// One evaluator's comparisons (each sample in both orders), read from its calls' results starting at `at`.
eval::ComparisonEvaluator compared_by(const EvalTask& task, std::size_t evaluator, const llm::Provider& provider,
                                      const std::vector<debate::CallSpec>& calls, const CallResults& results,
                                      std::size_t& at, CallTally& tally) {
    const auto& e = task.config.evaluators[evaluator];
    eval::ComparisonEvaluator ce{info_of(e, provider.label()), {}, 0, 0};
    for (int s = 0; s < task.samples; ++s) {
        eval::ComparisonSample cs;
        cs.sample = s;
        for (const int order : {kOrderAFirst, kOrderBFirst}) {
            const auto& call = calls[at];
            const auto& result = results[at++];
            if (!result) {
                cs.error = result.error().message;
                tally.failed(result.error());
                continue;
            }
            tally.any_answer = true;
            cs.tokens += result->usage.total_tokens;
            const auto cost = llm::call_cost_usd(provider, task.prices, e.model, result->usage);
            if (cost && (order == kOrderAFirst || cs.cost_usd)) {
                cs.cost_usd = cs.cost_usd.value_or(0) + *cost;
            } else {
                cs.cost_usd.reset(); // one call of unknown price makes the pair's unknown
            }
            (order == kOrderAFirst ? cs.a_first : cs.b_first) =
                eval::parse_comparison(result->content, llm::prompt_text(call.request.messages));
        }
        ce.samples.push_back(std::move(cs));
    }
    return ce;
}

// Files every evaluator's results in `outcome`; fails only when no call answered.
Result<void> collect_results(const EvalTask& task, const Providers& providers,
                             const std::vector<debate::CallSpec>& calls, const CallResults& results,
                             EvalOutcome& outcome) {
    std::size_t at = 0;
    CallTally tally;
    for (std::size_t i = 0; i < task.config.evaluators.size(); ++i) {
        if (!task.second) {
            outcome.scored.push_back(scored_by(task, i, *providers[i], calls, results, at, tally));
        } else {
            outcome.compared.push_back(compared_by(task, i, *providers[i], calls, results, at, tally));
        }
    }
    if (!tally.any_answer && tally.first_error) {
        return tl::make_unexpected(*tally.first_error);
    }
    return {};
}

// Asks once more, with the check's error and the schema, every evaluator whose answer failed the check; the repair's
// reading replaces the first when it is usable (a second failure stays a failure).
void repair_scores(std::vector<eval::EvaluatorResult>& scored, const std::vector<debate::CallSpec>& calls,
                   const std::vector<Result<llm::ChatResponse>>& results, const EvalTask& task,
                   debate::CallExecutor& executor, std::stop_token stop) {
    std::vector<debate::CallSpec> again;
    std::vector<eval::SampleResult*> owners;
    for (std::size_t i = 0; i < scored.size(); ++i) {
        for (auto& sr : scored[i].samples) {
            const auto at = i * static_cast<std::size_t>(task.samples) + static_cast<std::size_t>(sr.sample);
            if (!sr.answer || sr.answer->check.usable() || !results[at]) {
                continue;
            }
            spdlog::warn("evaluator {}: its answer failed parley's check ({}); asking once more", scored[i].info.id,
                         sr.answer->check.summary());
            again.push_back({calls[at].provider, calls[at].provider_spec,
                             llm::repair_request(calls[at].request, results[at]->content, sr.answer->check,
                                                 llm::AnswerKind::evaluator_scores)});
            owners.push_back(&sr);
        }
    }
    if (again.empty()) {
        return;
    }
    const auto repaired = executor.run_batch(again, stop);
    for (std::size_t k = 0; k < repaired.size(); ++k) {
        auto& sr = *owners[k];
        sr.repaired = true;
        if (!repaired[k]) {
            continue;
        }
        sr.tokens += repaired[k]->usage.total_tokens;
        const auto cost =
            llm::call_cost_usd(*again[k].provider, task.prices, again[k].request.model, repaired[k]->usage);
        sr.cost_usd = sr.cost_usd && cost ? std::optional<double>(*sr.cost_usd + *cost) : std::nullopt;
        auto second = eval::parse_evaluation(repaired[k]->content, llm::prompt_text(again[k].request.messages));
        // Both answers' defects are counted; the second is kept whatever it holds.
        for (const auto& [issue, n] : sr.answer->issues) {
            second.issues[issue] += n;
        }
        sr.answer = std::move(second);
    }
}

// Asks once more, with the check's error and the schema, every comparison answer that failed the check (each order on
// its own); the repair's reading replaces the first whatever it holds (a second failure stays a failure), and both
// answers' defects are counted.
void repair_comparisons(std::vector<eval::ComparisonEvaluator>& compared, const std::vector<debate::CallSpec>& calls,
                        const CallResults& results, const EvalTask& task, debate::CallExecutor& executor,
                        std::stop_token stop) {
    std::vector<debate::CallSpec> again;
    std::vector<std::pair<eval::ComparisonSample*, int>> owners;
    for (std::size_t i = 0; i < compared.size(); ++i) {
        for (auto& cs : compared[i].samples) {
            for (const int order : {kOrderAFirst, kOrderBFirst}) {
                const auto at = (i * static_cast<std::size_t>(task.samples) + static_cast<std::size_t>(cs.sample)) * 2 +
                                static_cast<std::size_t>(order);
                const auto& answer = order == kOrderAFirst ? cs.a_first : cs.b_first;
                if (!answer || answer->check.usable() || !results[at]) {
                    continue;
                }
                spdlog::warn("evaluator {}: its comparison ({} first) failed parley's check ({}); asking once more",
                             compared[i].info.id, order == kOrderAFirst ? "A" : "B", answer->check.summary());
                again.push_back({calls[at].provider, calls[at].provider_spec,
                                 llm::repair_request(calls[at].request, results[at]->content, answer->check,
                                                     llm::AnswerKind::comparison)});
                owners.emplace_back(&cs, order);
            }
        }
    }
    if (again.empty()) {
        return;
    }
    const auto repaired = executor.run_batch(again, stop);
    for (std::size_t k = 0; k < repaired.size(); ++k) {
        auto& [cs, order] = owners[k];
        ++cs->repair_calls;
        if (!repaired[k]) {
            continue;
        }
        cs->tokens += repaired[k]->usage.total_tokens;
        const auto cost =
            llm::call_cost_usd(*again[k].provider, task.prices, again[k].request.model, repaired[k]->usage);
        cs->cost_usd = cs->cost_usd && cost ? std::optional<double>(*cs->cost_usd + *cost) : std::nullopt;
        auto& answer = order == kOrderAFirst ? cs->a_first : cs->b_first;
        auto second = eval::parse_comparison(repaired[k]->content, llm::prompt_text(again[k].request.messages));
        for (const auto& [issue, n] : answer->issues) {
            second.issues[issue] += n;
        }
        answer = std::move(second);
    }
}

} // namespace

std::string eval_task_id(const EvalTask& task) {
    std::string basis = std::to_string(task.samples) + "\n" + task.document.text + "\n" + task.document.problem;
    if (task.second) {
        basis += "\ncompare\n" + task.second->text;
    }
    for (const auto& e : task.config.evaluators) {
        basis += "\n" + e.id + "\n" + e.model + "\n" + e.provider.kind + "\n" + e.provider.base_url + "\n" +
                 e.system_prompt + "\n" + e.user_prompt;
    }
    return "eval-" + util::sha256_hex(basis).substr(0, 16);
}

eval::Document debate_document(const debate::DebateState& state, const std::string& label) {
    eval::Document d;
    d.label = label;
    for (const auto& a : state.agents) {
        d.authors.push_back({a.id, a.name, a.role, a.model, a.provider});
    }
    if (state.judge) {
        d.authors.push_back(
            {state.judge->id, state.judge->name, state.judge->role, state.judge->model, state.judge->provider});
    }
    // dialectic's debates name their agents only in the rounds.
    for (const auto& round : state.rounds) {
        for (const auto& c : round.contributions) {
            d.authors.push_back({c.agent_id, "", c.agent_role, c.metadata.model, c.metadata.provider});
        }
    }
    const auto& s = state.final_solution;
    d.text = eval::blind(s ? review::solution_text(s->description, s->implementation) : std::string(), d.authors);
    d.problem = eval::blind(state.problem, d.authors);
    d.clarifications = eval::blind(clarifications_markdown(state), d.authors);
    return d;
}

Job make_eval_job(const EvalTask& task, EvalOutcome& outcome, RunSession& session) {
    Job job;
    job.id = task.id;
    job.observer = [&outcome](const debate::CallEvent& event) {
        if (event.kind == debate::CallEvent::Kind::succeeded && event.from_journal) {
            std::lock_guard lock(outcome.mutex);
            // A comparison call's order travels as its context's round (0: A first, 1: B first).
            outcome.journal_hits.insert({event.call.agent.id, event.call.sample, event.call.round});
            if (event.from_cache) {
                outcome.cache_hits.insert({event.call.agent.id, event.call.sample, event.call.round});
            }
        }
    };
    job.body = [&task, &outcome, &session](debate::CallExecutor& executor, std::stop_token stop) -> Result<void> {
        const auto providers = evaluator_providers(task, session);
        if (!providers) {
            return tl::make_unexpected(providers.error());
        }
        const auto calls = eval_calls(task, *providers);
        const auto results = executor.run_batch(calls, stop);
        auto collected = collect_results(task, *providers, calls, results, outcome);
        if (collected && !task.second) {
            repair_scores(outcome.scored, calls, results, task, executor, stop);
        } else if (collected) {
            repair_comparisons(outcome.compared, calls, results, task, executor, stop);
        }
        return collected;
    };
    return job;
}

eval::EvalResult eval_result(const EvalTask& task, EvalOutcome& outcome) {
    {
        std::lock_guard lock(outcome.mutex);
        for (auto& e : outcome.scored) {
            for (auto& s : e.samples) {
                s.from_journal = outcome.journal_hits.count({e.info.id, s.sample, 0}) > 0;
                s.from_cache = outcome.cache_hits.count({e.info.id, s.sample, 0}) > 0;
                if (s.from_journal) {
                    s.cost_usd = 0.0;
                }
            }
        }
    }
    auto r = eval::aggregate(outcome.scored, task.document, task.samples, task.keep_unsupported);
    r.offline = task.config.offline;
    return r;
}

eval::ComparisonResult comparison_result(const EvalTask& task, EvalOutcome& outcome) {
    {
        std::lock_guard lock(outcome.mutex);
        for (auto& e : outcome.compared) {
            for (auto& s : e.samples) {
                for (const int order : {kOrderAFirst, kOrderBFirst}) {
                    s.from_journal += outcome.journal_hits.count({e.info.id, s.sample, order});
                }
                if (s.from_journal == 2) {
                    s.cost_usd = 0.0;
                }
            }
        }
    }
    auto r = eval::tally_comparison(outcome.compared, task.document.label,
                                    task.second ? task.second->label : std::string(), task.samples);
    r.offline = task.config.offline;
    std::vector<eval::EvaluatorInfo> infos;
    for (const auto& e : r.evaluators) {
        infos.push_back(e.info);
    }
    auto authors = task.document.authors;
    if (task.second) {
        authors.insert(authors.end(), task.second->authors.begin(), task.second->authors.end());
    }
    const auto self = eval::self_preference_warnings(infos, authors);
    r.warnings.insert(r.warnings.end(), self.begin(), self.end());
    return r;
}

void evaluate_debates(RunSession& session, const eval::EvalConfig& panel,
                      const std::vector<debate::DebateState*>& states, const llm::PriceTable* prices) {
    std::vector<std::unique_ptr<EvalTask>> tasks;
    std::vector<std::unique_ptr<EvalOutcome>> outcomes;
    std::vector<debate::DebateState*> scored;
    std::vector<Job> jobs;
    for (auto* state : states) {
        if (!state->final_solution) {
            continue;
        }
        auto task = std::make_unique<EvalTask>();
        task->config = panel;
        task->document = debate_document(*state, state->id + ".json");
        task->prices = prices;
        task->id = eval_task_id(*task);
        outcomes.push_back(std::make_unique<EvalOutcome>());
        jobs.push_back(make_eval_job(*task, *outcomes.back(), session));
        tasks.push_back(std::move(task));
        scored.push_back(state);
    }
    if (jobs.empty()) {
        return;
    }
    const auto ended = session.run_batch(std::move(jobs));
    for (std::size_t i = 0; i < scored.size(); ++i) {
        if (!ended[i].result) {
            spdlog::warn("{}: evaluation failed: {}", scored[i]->id, ended[i].result.error().message);
            continue;
        }
        const auto result = eval_result(*tasks[i], *outcomes[i]);
        for (const auto& w : result.warnings) {
            spdlog::warn("{}: {}", scored[i]->id, w);
        }
        scored[i]->evaluation = eval::to_json(result);
    }
}

} // namespace parley::run
