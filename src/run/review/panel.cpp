#include "run/review/panel.hpp"

#include <algorithm>
#include <memory>

#include "eval/prompts.hpp"
#include "eval/quotes.hpp"
#include "eval/score_parser.hpp"
#include "llm/answer_schema.hpp"
#include "util/builtin_files.hpp"
#include "util/sha256.hpp"

namespace parley::run {

namespace {

using nlohmann::json;

constexpr const char* kOfflineReason = "offline: the rule-based review, not a model";

std::string system_prompt() {
    return std::string(util::builtin_file("prompts/review/reviewer.md").value_or(""));
}

std::string concern_prompt(const review::Concern& concern, const std::string& design) {
    std::string aspects;
    for (const auto& a : concern.aspects) {
        aspects += (aspects.empty() ? "" : "; ") + std::string(a.name);
    }
    return eval::fill_placeholders(util::builtin_file("prompts/review/concern.md").value_or(""),
                                   {{"concern", std::string(concern.title)}, {"aspects", aspects}, {"design", design}});
}

llm::ChatRequest request_for(const eval::EvaluatorConfig& e, const PanelTask& task, std::size_t concern,
                             const std::shared_ptr<const std::vector<std::string>>& documents) {
    llm::ChatRequest r;
    r.model = e.model;
    r.temperature = e.temperature;
    r.messages = {{"system", system_prompt()},
                  {"user", concern_prompt(*task.rules->checklist[concern].concern, task.design)}};
    r.context.run_id = task.id;
    r.context.debate_id = task.id;
    r.context.purpose = llm::Purpose::evaluation;
    r.context.agent = {e.id, e.name, "reviewer"};
    r.context.problem = std::make_shared<const std::string>();
    r.context.documents = documents;
    // The concern's place in the checklist is the call's "round": progress shows it, and events tell calls apart.
    r.context.round = static_cast<int>(concern);
    if (e.structured_output) {
        llm::ask_structured(r, llm::AnswerKind::review_concern);
    }
    return r;
}

std::optional<review::ConcernStatus> status_of(const std::string& text) {
    for (const auto s : {review::ConcernStatus::covered, review::ConcernStatus::partial, review::ConcernStatus::absent,
                         review::ConcernStatus::contradicted}) {
        if (text == review::to_string(s)) {
            return s;
        }
    }
    return std::nullopt;
}

// The rule-based review as an offline reviewer's answers: its statuses and evidence, labelled so.
std::vector<PanelAnswer> rule_answers(const review::Review& rules) {
    std::vector<PanelAnswer> answers;
    for (const auto& c : rules.checklist) {
        PanelAnswer a;
        a.status = c.status;
        for (const auto& e : c.evidence) {
            a.quotes.push_back(e.text);
        }
        a.reason = kOfflineReason;
        answers.push_back(std::move(a));
    }
    return answers;
}

PanelReviewer reviewer_of(const eval::EvaluatorConfig& e) {
    return {e.id, e.name, e.model, e.provider.kind == "offline", {}};
}

// The calls of every model reviewer, concern by concern; offline reviewers make none.
std::vector<debate::CallSpec> panel_calls(const PanelTask& task,
                                          const std::vector<std::shared_ptr<llm::Provider>>& providers) {
    const auto documents = std::make_shared<const std::vector<std::string>>(std::vector<std::string>{task.design});
    std::vector<debate::CallSpec> calls;
    for (std::size_t i = 0; i < task.config.evaluators.size(); ++i) {
        const auto& e = task.config.evaluators[i];
        if (!providers[i]) {
            continue;
        }
        for (std::size_t c = 0; c < task.rules->checklist.size(); ++c) {
            calls.push_back({providers[i], e.provider, request_for(e, task, c, documents)});
        }
    }
    return calls;
}

// Fills every reviewer's answers from the calls' results; fails only when calls were made and none answered.
Result<void> collect_answers(const PanelTask& task, const std::vector<std::shared_ptr<llm::Provider>>& providers,
                             const std::vector<Result<llm::ChatResponse>>& results, PanelReview& out) {
    const eval::QuoteChecker checker(task.design);
    std::size_t at = 0;
    std::optional<Error> first_error;
    bool any_answer = false;
    for (std::size_t i = 0; i < task.config.evaluators.size(); ++i) {
        auto reviewer = reviewer_of(task.config.evaluators[i]);
        if (!providers[i]) {
            reviewer.answers = rule_answers(*task.rules);
        }
        for (std::size_t c = 0; providers[i] && c < task.rules->checklist.size(); ++c, ++at) {
            const auto& result = results[at];
            if (!result) {
                PanelAnswer failed;
                failed.error = "the call failed: " + result.error().message;
                first_error = first_error ? first_error : std::optional<Error>(result.error());
                reviewer.answers.push_back(std::move(failed));
                continue;
            }
            any_answer = true;
            reviewer.answers.push_back(read_panel_answer(result->content, checker));
        }
        out.reviewers.push_back(std::move(reviewer));
    }
    if (!any_answer && first_error) {
        return tl::make_unexpected(*first_error);
    }
    return {};
}

// "agree", "disagree" (some reviewer's status differs from the rules'), or "incomplete" (none differs, but some
// reviewer gave no usable answer: silence is not agreement).
std::string agreement(const review::ConcernResult& rule, const PanelReview& panel, std::size_t concern) {
    bool missing = false;
    for (const auto& r : panel.reviewers) {
        const auto& a = r.answers[concern];
        if (!a.status) {
            missing = true;
        } else if (*a.status != rule.status) {
            return "disagree";
        }
    }
    return missing ? "incomplete" : "agree";
}

struct PanelCounts {
    std::size_t disagreements = 0;
    std::size_t dropped_quotes = 0;
    std::size_t broken_answers = 0;
};

PanelCounts counts_of(const review::Review& rules, const PanelReview& panel) {
    PanelCounts n;
    for (std::size_t c = 0; c < rules.checklist.size(); ++c) {
        n.disagreements += agreement(rules.checklist[c], panel, c) == "disagree" ? 1 : 0;
    }
    for (const auto& r : panel.reviewers) {
        for (const auto& a : r.answers) {
            n.dropped_quotes += a.dropped_quotes;
            n.broken_answers += a.status ? 0 : 1;
        }
    }
    return n;
}

// Markdown table cells hold text as written: the marks that would restyle or break a row are escaped.
std::string cell(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '|' || c == '\\' || c == '`' || c == '*' || c == '_' || c == '<' || c == '>') {
            out += '\\';
        }
        out += c == '\n' ? ' ' : c;
    }
    return out;
}

std::string answer_cell(const PanelAnswer& a) {
    if (!a.status) {
        return "no answer: " + cell(a.error);
    }
    std::string out = std::string(review::to_string(*a.status)) + " — " + cell(a.reason) + " (" +
                      std::to_string(a.quotes.size()) + " quote" + (a.quotes.size() == 1 ? "" : "s");
    if (a.dropped_quotes > 0) {
        out += ", " + std::to_string(a.dropped_quotes) + " dropped: not in the design";
    }
    return out + ")";
}

} // namespace

PanelAnswer read_panel_answer(std::string_view content, const eval::QuoteChecker& checker) {
    PanelAnswer a;
    const auto j = eval::first_json_object(content);
    if (!j.is_object()) {
        a.error = "not the asked JSON: no JSON object in the answer";
        return a;
    }
    const auto status =
        j.contains("status") && j["status"].is_string() ? status_of(j["status"].get<std::string>()) : std::nullopt;
    if (!status) {
        a.error = "not the asked JSON: status is not one of covered, partial, absent, contradicted";
        return a;
    }
    a.status = status;
    if (j.contains("quotes") && j["quotes"].is_array()) {
        for (const auto& q : j["quotes"]) {
            if (q.is_string() && checker.contains(q.get<std::string>())) {
                a.quotes.push_back(q.get<std::string>());
            } else {
                ++a.dropped_quotes;
            }
        }
    }
    if (j.contains("reason") && j["reason"].is_string()) {
        a.reason = j["reason"].get<std::string>();
    }
    return a;
}

std::string panel_task_id(const PanelTask& task) {
    std::string basis = task.design;
    for (const auto& e : task.config.evaluators) {
        basis += "\n" + e.id + "\n" + e.model + "\n" + e.provider.kind + "\n" + e.provider.base_url;
    }
    return "panel-" + util::sha256_hex(basis).substr(0, 16);
}

bool panel_is_offline(const PanelTask& task) {
    return std::all_of(task.config.evaluators.begin(), task.config.evaluators.end(),
                       [](const eval::EvaluatorConfig& e) { return e.provider.kind == "offline"; });
}

PanelReview offline_panel_review(const PanelTask& task) {
    PanelReview out;
    out.source = task.config.source;
    for (const auto& e : task.config.evaluators) {
        auto reviewer = reviewer_of(e);
        reviewer.answers = rule_answers(*task.rules);
        out.reviewers.push_back(std::move(reviewer));
    }
    return out;
}

Job make_panel_job(const PanelTask& task, PanelReview& out, RunSession& session) {
    Job job;
    job.id = task.id;
    job.body = [&task, &out, &session](debate::CallExecutor& executor, std::stop_token stop) -> Result<void> {
        out.source = task.config.source;
        std::vector<std::shared_ptr<llm::Provider>> providers;
        for (const auto& e : task.config.evaluators) {
            if (e.provider.kind == "offline") {
                providers.push_back(nullptr);
                continue;
            }
            auto provider = session.provider(e.provider);
            if (!provider) {
                return tl::make_unexpected(provider.error());
            }
            providers.push_back(*provider);
        }
        const auto results = executor.run_batch(panel_calls(task, providers), stop);
        return collect_answers(task, providers, results, out);
    };
    return job;
}

json panel_json(const review::Review& rules, const PanelReview& panel) {
    json reviewers = json::array();
    for (const auto& r : panel.reviewers) {
        reviewers.push_back({{"id", r.id}, {"name", r.name}, {"model", r.model}, {"offline", r.offline}});
    }
    json concerns = json::array();
    for (std::size_t c = 0; c < rules.checklist.size(); ++c) {
        const auto& rule = rules.checklist[c];
        json answers = json::object();
        for (const auto& r : panel.reviewers) {
            const auto& a = r.answers[c];
            json j{{"status", a.status ? json(review::to_string(*a.status)) : json(nullptr)},
                   {"quotes", a.quotes},
                   {"dropped_quotes", a.dropped_quotes},
                   {"reason", a.reason}};
            if (!a.error.empty()) {
                j["error"] = a.error;
            }
            answers[r.id] = std::move(j);
        }
        concerns.push_back({{"id", std::string(rule.concern->id)},
                            {"title", std::string(rule.concern->title)},
                            {"rules", review::to_string(rule.status)},
                            {"agreement", agreement(rule, panel, c)},
                            {"reviewers", std::move(answers)}});
    }
    const auto n = counts_of(rules, panel);
    return {{"source", panel.source},
            {"reviewers", std::move(reviewers)},
            {"concerns", std::move(concerns)},
            {"summary",
             {{"disagreements", n.disagreements},
              {"dropped_quotes", n.dropped_quotes},
              {"broken_answers", n.broken_answers}}}};
}

std::string panel_markdown(const review::Review& rules, const PanelReview& panel) {
    const auto n = counts_of(rules, panel);
    std::string out = "## Model panel beside the rules\n\nPanel: " + cell(panel.source) + ". " +
                      std::to_string(n.disagreements) + " of " + std::to_string(rules.checklist.size()) +
                      " concerns with a disagreement; " + std::to_string(n.dropped_quotes) +
                      " quotes dropped (not in the design); " + std::to_string(n.broken_answers) +
                      " answers unusable. Statuses are shown side by side, never averaged.\n";
    for (const auto& r : panel.reviewers) {
        if (r.offline) {
            out += "\n" + cell(r.id) + " is offline: its column is the rule-based review, not a model.\n";
        }
    }
    out += "\n| concern | rules |";
    std::string rule_line = "| --- | --- |";
    for (const auto& r : panel.reviewers) {
        out += " " + cell(r.id) + (r.offline ? " (offline: rule-based)" : " (" + cell(r.model) + ")") + " |";
        rule_line += " --- |";
    }
    out += " agreement |\n" + rule_line + " --- |\n";
    for (std::size_t c = 0; c < rules.checklist.size(); ++c) {
        const auto& rule = rules.checklist[c];
        out += "| " + std::string(rule.concern->title) + " | " + review::to_string(rule.status) + " |";
        for (const auto& r : panel.reviewers) {
            out += " " + answer_cell(r.answers[c]) + " |";
        }
        const auto agreed = agreement(rule, panel, c);
        out += " " + (agreed == "disagree" ? std::string("**disagree**") : agreed) + " |\n";
    }
    return out;
}

} // namespace parley::run
