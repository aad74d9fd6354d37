#include "report/run_index.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "debate/debate_state.hpp"
#include "report/comparison.hpp"
#include "report/figures.hpp"
#include "util/csv.hpp"
#include "util/json_document.hpp"
#include "util/money.hpp"
#include "util/text.hpp"

namespace parley::report {

namespace {

using nlohmann::json;

// A list of names in a cell: the first few, then how many more, so one sweep of forty problems stays one line.
std::string first_names(const std::vector<std::string>& names) {
    constexpr std::size_t kShown = 3;
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < kShown; ++i) {
        out += (i == 0 ? "" : ", ") + names[i];
    }
    if (names.size() > kShown) {
        out += " and " + std::to_string(names.size() - kShown) + " more";
    }
    return out;
}

void add_unique(std::vector<std::string>& names, const std::string& name) {
    if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) {
        names.push_back(name);
    }
}

std::optional<double> number_at(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number()) {
        return std::nullopt;
    }
    const double value = it->get<double>();
    return std::isfinite(value) ? std::optional<double>(value) : std::nullopt;
}

std::string string_at(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool looks_like_debate(const json& j) {
    return j.contains("rounds") && j.contains("problem") && j.contains("id");
}

bool looks_like_eval(const json& j) {
    return j.contains("overall_score") && j.contains("evaluation") && j.contains("parley");
}

bool looks_like_sweep(const json& j) {
    return j.contains("sweepId") && j.contains("jobs");
}

RunReading debate_entry(const json& j, const std::string& path) {
    auto state = debate::from_json(j);
    if (!state) {
        return {std::nullopt, state.error().message};
    }
    const ComparedDebate compared{path, &*state};
    const auto row = comparison_rows({compared}).front();
    RunEntry e;
    e.kind = RunKind::debate;
    e.path = path;
    e.id = state->id;
    e.problem = row.problem;
    e.config = comparison_config_text(row);
    e.models = comparison_models_text(row);
    e.status = row.status;
    e.confidence = row.confidence;
    if (row.figures.recorded) {
        // A run whose every call was unpriced has no known cost at all; a part known stays a lower bound.
        if (row.figures.cost.unknown_calls == 0 || row.figures.cost.usd > 0) {
            e.cost_usd = row.figures.cost.usd;
        }
        e.unpriced_calls = row.figures.cost.unknown_calls;
        e.tokens = row.figures.total_tokens;
        e.wall_ms = row.figures.wall_ms;
    }
    e.time = state->created_at;
    return {std::move(e), std::nullopt};
}

RunReading eval_entry(const json& j, const std::string& path) {
    const json& p = j.at("parley");
    if (!p.is_object() || !p.contains("evaluators") || !p.at("evaluators").is_array()) {
        return {std::nullopt, "parley.evaluators: missing or not a list"};
    }
    RunEntry e;
    e.kind = RunKind::eval;
    e.path = path;
    e.problem = string_at(p, "document");
    std::vector<std::string> models;
    for (const auto& evaluator : p.at("evaluators")) {
        if (evaluator.is_object()) {
            add_unique(models, string_at(evaluator, "model"));
        }
    }
    const auto count = p.at("evaluators").size();
    e.config = std::to_string(count) + (count == 1 ? " evaluator" : " evaluators");
    if (const auto samples = number_at(p, "samples"); samples && *samples > 1) {
        e.config += ", " + format_number(*samples) + " samples";
    }
    e.models = first_names(models);
    const auto usable = number_at(p, "usableEvaluators");
    e.status = usable && *usable == 0 && count > 0 ? "no usable answer" : "scored";
    e.score = number_at(j, "overall_score");
    e.cost_usd = number_at(p, "costUsd");
    if (const auto tokens = number_at(p, "tokens"); tokens && *tokens >= 0 && *tokens < 1e15) {
        e.tokens = static_cast<long>(*tokens);
    }
    return {std::move(e), std::nullopt};
}

RunReading sweep_entry(const json& j, const std::string& path) {
    if (!j.at("jobs").is_array()) {
        return {std::nullopt, "jobs: not a list"};
    }
    RunEntry e;
    e.kind = RunKind::sweep;
    e.path = path;
    e.id = string_at(j, "sweepId");
    std::vector<std::string> problems;
    std::vector<std::string> configs;
    std::map<std::string, std::size_t> statuses;
    double cost = 0;
    for (const auto& row : j.at("jobs")) {
        if (!row.is_object()) {
            return {std::nullopt, "jobs: a row is not an object"};
        }
        add_unique(problems, string_at(row, "problem"));
        add_unique(configs, string_at(row, "config"));
        ++statuses[string_at(row, "status")];
        if (const auto json_path = string_at(row, "json"); !json_path.empty()) {
            e.debate_configs.emplace_back(json_path, string_at(row, "config"));
        }
        cost += number_at(row, "costUsd").value_or(0);
    }
    e.problem = first_names(problems);
    e.config = first_names(configs);
    for (const auto& [status, n] : statuses) {
        e.status += (e.status.empty() ? "" : ", ") + std::to_string(n) + " " + (status.empty() ? "unknown" : status);
    }
    e.cost_usd = cost;
    return {std::move(e), std::nullopt};
}

std::string optional_number(const std::optional<double>& value) {
    return value ? format_number(*value) : std::string();
}

} // namespace

const char* to_string(RunKind kind) {
    switch (kind) {
    case RunKind::debate:
        return "debate";
    case RunKind::eval:
        return "eval";
    case RunKind::sweep:
        return "sweep";
    }
    return "debate";
}

std::optional<RunKind> parse_run_kind(std::string_view name) {
    for (const auto kind : {RunKind::debate, RunKind::eval, RunKind::sweep}) {
        if (name == to_string(kind)) {
            return kind;
        }
    }
    return std::nullopt;
}

RunReading read_run(std::string_view text, const std::string& path) {
    const json j = util::parse_json_bounded(text);
    if (j.is_discarded()) {
        // Only a file that names parley's own fields is worth a line; anything else was never a run.
        const bool parley_like = text.find("\"rounds\"") != std::string_view::npos ||
                                 text.find("\"sweepId\"") != std::string_view::npos ||
                                 text.find("\"overall_score\"") != std::string_view::npos;
        return {std::nullopt,
                parley_like ? std::optional<std::string>("not valid JSON (cut short or edited?)") : std::nullopt};
    }
    if (!j.is_object()) {
        return {};
    }
    if (looks_like_sweep(j)) {
        return sweep_entry(j, path);
    }
    if (looks_like_eval(j)) {
        return eval_entry(j, path);
    }
    if (looks_like_debate(j)) {
        return debate_entry(j, path);
    }
    return {};
}

bool RunFilter::matches(const RunEntry& entry) const {
    if (kind && entry.kind != *kind) {
        return false;
    }
    if (!since.empty() && entry.time < since) {
        return false;
    }
    if (!problem.empty() && util::ascii_lower(entry.problem).find(util::ascii_lower(problem)) == std::string::npos) {
        return false;
    }
    if (!status.empty() && util::ascii_lower(entry.status).find(util::ascii_lower(status)) == std::string::npos) {
        return false;
    }
    return true;
}

void sort_newest_first(std::vector<RunEntry>& runs) {
    std::sort(runs.begin(), runs.end(), [](const RunEntry& a, const RunEntry& b) {
        return a.time != b.time ? a.time > b.time : a.path < b.path;
    });
}

std::string run_cost_text(const RunEntry& entry) {
    if (!entry.cost_usd) {
        return entry.unpriced_calls > 0 ? util::format_money({0, entry.unpriced_calls}) : "unknown";
    }
    return util::format_money({*entry.cost_usd, entry.unpriced_calls});
}

std::string run_result_text(const RunEntry& entry) {
    if (entry.confidence) {
        return format_number(std::round(*entry.confidence * 10.0) / 10.0) + "/100";
    }
    if (entry.score) {
        return "score " + format_number(std::round(*entry.score * 10.0) / 10.0) + "/10";
    }
    return kUnknownFigure;
}

json runs_json(const RunIndex& index) {
    auto number_or_null = [](const std::optional<double>& v) {
        return v ? json(*v) : json(nullptr);
    };
    json runs = json::array();
    for (const auto& r : index.runs) {
        runs.push_back({{"kind", to_string(r.kind)},
                        {"path", r.path},
                        {"report", r.report.empty() ? json(nullptr) : json(r.report)},
                        {"comparison", r.comparison.empty() ? json(nullptr) : json(r.comparison)},
                        {"id", r.id},
                        {"problem", r.problem},
                        {"config", r.config},
                        {"models", r.models},
                        {"status", r.status},
                        {"confidence", number_or_null(r.confidence)},
                        {"score", number_or_null(r.score)},
                        {"costUsd", number_or_null(r.cost_usd)},
                        {"unpricedCalls", r.unpriced_calls},
                        {"tokens", r.tokens ? json(*r.tokens) : json(nullptr)},
                        {"time", r.time},
                        {"wallMs", number_or_null(r.wall_ms)}});
    }
    json damaged = json::array();
    for (const auto& d : index.damaged) {
        damaged.push_back({{"path", d.path}, {"reason", d.reason}});
    }
    return {{"folder", index.folder}, {"runs", runs}, {"damaged", damaged}, {"limitsHit", index.limits_hit}};
}

std::string render_runs_csv(const RunIndex& index) {
    std::string out = util::csv_row({"time", "kind", "problem", "config", "models", "status", "confidence", "score",
                                     "cost_usd", "unpriced_calls", "tokens", "wall_ms", "path", "report"});
    for (const auto& r : index.runs) {
        out += util::csv_row({util::csv_text(r.time), to_string(r.kind), util::csv_text(r.problem),
                              util::csv_text(r.config), util::csv_text(r.models), util::csv_text(r.status),
                              optional_number(r.confidence), optional_number(r.score), optional_number(r.cost_usd),
                              std::to_string(r.unpriced_calls), r.tokens ? std::to_string(*r.tokens) : "",
                              optional_number(r.wall_ms), util::csv_text(r.path), util::csv_text(r.report)});
    }
    return out;
}

} // namespace parley::report
