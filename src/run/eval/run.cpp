#include "run/eval/run.hpp"

#include <cstdio>
#include <filesystem>

#include <spdlog/spdlog.h>

#include "eval/output.hpp"
#include "llm/context_window.hpp"
#include "llm/prompt_fit.hpp"
#include "report/eval_html.hpp"
#include "review/design_input.hpp"
#include "run/console.hpp"
#include "run/eval/job.hpp"
#include "run/preflight.hpp"
#include "util/env.hpp"
#include "util/money.hpp"
#include "util/path_clash.hpp"
#include "util/text_file.hpp"

namespace parley::run {

namespace {

using nlohmann::json;

enum class Format { markdown, json_file, csv, html };

Result<Format> format_of(const std::string& output) {
    if (output.empty() || output.ends_with(".md")) {
        return Format::markdown;
    }
    if (output.ends_with(".json")) {
        return Format::json_file;
    }
    if (output.ends_with(".csv")) {
        return Format::csv;
    }
    if (output.ends_with(".html")) {
        return Format::html;
    }
    return fail(ErrorKind::invalid_input, "eval -o " + output + ": unknown extension (use .md, .json, .csv or .html)");
}

bool looks_like_json(const std::string& path) {
    return path.ends_with(".json");
}

// A debate JSON (parley's or dialectic's) or a design document, blinded, with the problem it answers.
Result<eval::Document> load_document(const std::string& path, const std::string& problem_file) {
    const std::string label = std::filesystem::path(path).filename().string();
    if (looks_like_json(path)) {
        auto state = debate::load_debate(path);
        if (!state) {
            return fail(ErrorKind::invalid_input, state.error().message);
        }
        if (!state->final_solution ||
            (state->final_solution->description.empty() && state->final_solution->implementation.empty())) {
            return fail(ErrorKind::invalid_input, path + ": the debate has no final solution to evaluate");
        }
        return debate_document(*state, label);
    }
    auto design = review::read_design(path);
    if (!design) {
        return tl::make_unexpected(design.error());
    }
    eval::Document d;
    d.label = label;
    d.text = std::move(*design);
    if (!problem_file.empty()) {
        auto problem = review::read_problem(problem_file);
        if (!problem) {
            return tl::make_unexpected(problem.error());
        }
        d.problem = std::move(*problem);
    }
    return d;
}

Result<EvalTask> prepare_task(const EvalOptions& o) {
    EvalTask task;
    task.samples = o.samples;
    task.keep_unsupported = o.keep_unsupported;
    if (o.samples < 1 || o.samples > kMaxSamples) {
        return fail(ErrorKind::invalid_input, "--samples " + std::to_string(o.samples) + ": expected 1 to 100");
    }
    const int inputs = (o.debate_file.empty() ? 0 : 1) + (o.design_file.empty() ? 0 : 1) + (o.compare.empty() ? 0 : 1);
    if (inputs != 1) {
        return fail(ErrorKind::invalid_input,
                    "eval needs exactly one of: -d DEBATE.json, a DESIGN file, or --compare A B");
    }
    if (!o.compare.empty() && o.compare.size() != 2) {
        return fail(ErrorKind::invalid_input, "--compare takes exactly two files");
    }
    if (o.config_file.empty()) {
        task.config = eval::offline_panel(o.seed);
    } else {
        auto config = eval::load_eval_config(o.config_file);
        if (!config) {
            return tl::make_unexpected(config.error());
        }
        task.config = std::move(*config);
    }
    for (const auto& w : task.config.warnings) {
        spdlog::warn("{}", w);
    }
    const std::string& first = !o.compare.empty()       ? o.compare[0]
                               : !o.debate_file.empty() ? o.debate_file
                                                        : o.design_file;
    auto document = load_document(first, o.problem_file);
    if (!document) {
        return tl::make_unexpected(document.error());
    }
    task.document = std::move(*document);
    if (!o.compare.empty()) {
        auto second = load_document(o.compare[1], o.problem_file);
        if (!second) {
            return tl::make_unexpected(second.error());
        }
        // Both designs answer one problem; the first one that names it speaks for both.
        if (task.document.problem.empty()) {
            task.document.problem = second->problem;
        }
        // Neither design may give away who wrote the other.
        auto authors = task.document.authors;
        authors.insert(authors.end(), second->authors.begin(), second->authors.end());
        task.document.text = eval::blind(task.document.text, authors);
        second->text = eval::blind(second->text, authors);
        task.second = std::move(*second);
    }
    task.id = eval_task_id(task);
    return task;
}

int print_dry_run(const EvalTask& task, const llm::PriceTable& prices) {
    const int per_sample = task.second ? 2 : 1;
    const auto prompt_bytes =
        task.document.text.size() + task.document.problem.size() + (task.second ? task.second->text.size() : 0) + 2000;
    std::printf("eval %s: %zu evaluator(s) x %d sample(s)%s\n", task.id.c_str(), task.config.evaluators.size(),
                task.samples, task.second ? " x 2 orders" : "");
    util::Money total;
    for (const auto& e : task.config.evaluators) {
        // The prompt as it would be sent: cut to the evaluator's context budget, as the call itself is.
        const auto budget = llm::context_budget(e.context_budget_tokens, e.model);
        const auto bytes = prompt_bytes + e.system_prompt.size();
        const long prompt = llm::estimated_tokens(
            e.provider.kind == "offline" ? bytes
                                         : std::min(bytes, llm::prompt_bytes_allowed(budget.tokens, std::nullopt)));
        const llm::Usage usage{prompt, 1024, prompt + 1024, true};
        const int calls = task.samples * per_sample;
        const auto price = llm::call_cost_usd(e.provider, &prices, e.model, usage);
        const util::Money cost = price ? util::Money{*price * calls, 0} : util::Money{0, calls};
        total += cost;
        std::printf("  %-20s %-28s %d call(s), ~%ld prompt tokens each, cost %s\n", e.id.c_str(), e.model.c_str(),
                    calls, prompt, util::format_money(cost).c_str());
    }
    std::printf("total: %zu call(s), cost %s\n",
                task.config.evaluators.size() * static_cast<std::size_t>(task.samples * per_sample),
                util::format_money(total).c_str());
    return exit_code::ok;
}

// One result (a scoring or a comparison) in the format the output file's extension picked.
template <typename R> std::string render(const R& result, Format format) {
    switch (format) {
    case Format::json_file:
        return eval::to_json(result).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
    case Format::csv:
        return eval::to_csv(result);
    case Format::html:
        return report::render_eval_html(eval::to_json(result));
    case Format::markdown:
        break;
    }
    return eval::to_markdown(result);
}

// Refuses a folder the eval cannot write (the journal's, the output's) before any call is paid for, not after.
Result<void> check_folders(const EvalOptions& options, const SessionOptions& s) {
    if (!s.replay) {
        if (auto writable = util::check_writable_folder(
                s.journal_path.parent_path().empty() ? std::filesystem::path(".") : s.journal_path.parent_path());
            !writable) {
            return tl::make_unexpected(Error{ErrorKind::invalid_input, writable.error().message, 0, std::nullopt});
        }
    }
    if (!options.output_file.empty()) {
        const auto folder = std::filesystem::path(options.output_file).parent_path();
        if (auto writable = util::check_writable_folder(folder.empty() ? std::filesystem::path(".") : folder);
            !writable) {
            return tl::make_unexpected(Error{ErrorKind::invalid_input, writable.error().message, 0, std::nullopt});
        }
    }
    return {};
}

// Before the journal opens: an evaluator's server that is not there fails the eval here, in one line.
Result<void> preflight_evaluators(const EvalTask& task, ProviderCache& cache, bool chat_check) {
    std::vector<CheckTarget> targets;
    for (const auto& e : task.config.evaluators) {
        auto provider = cache.get(e.provider);
        if (!provider) {
            return tl::make_unexpected(
                Error{provider.error().kind, e.id + ": " + provider.error().message, 0, std::nullopt});
        }
        targets.push_back({*provider, e.model});
    }
    PreflightOptions options;
    options.chat = chat_check;
    return check_endpoints(targets, options);
}

// The session an eval runs in: its journal, limits and providers, checked before it opens.
Result<SessionOptions> session_options(const EvalOptions& options, const EvalTask& task,
                                       const llm::PriceTable& prices) {
    auto env = util::Env::load(options.env_file, options.env_file_required);
    if (!env) {
        return tl::make_unexpected(env.error());
    }
    SessionOptions s;
    s.replay = !options.replay_file.empty();
    s.journal_path = s.replay                       ? std::filesystem::path(options.replay_file)
                     : options.journal_file.empty() ? std::filesystem::path("debates") / "journal.sqlite"
                                                    : std::filesystem::path(options.journal_file);
    if (auto folders = check_folders(options, s); !folders) {
        return tl::make_unexpected(folders.error());
    }
    s.shared_cache = options.cache || !options.cache_dir.empty();
    s.cache_dir = options.cache_dir;
    if (options.max_cost_usd || options.max_tokens) {
        s.budget = llm::BudgetLimits{options.max_cost_usd, options.max_tokens};
    }
    s.prices = &prices;
    s.providers = std::make_shared<ProviderCache>(std::move(*env), s.replay);
    if (options.preflight && !s.replay) {
        if (auto checked = preflight_evaluators(task, *s.providers, options.chat_check); !checked) {
            return tl::make_unexpected(checked.error());
        }
    }
    // Every evaluator call of an eval is independent: let a panel's calls run in one wave.
    s.queue.workers = 16;
    s.queue.network_default.concurrency = 16;
    s.seed = options.seed + 1;
    s.progress.mode = progress::mode_for_stderr(options.verbosity);
    return s;
}

// The scoring, or the comparison of two designs, in the output's format; its warnings go to the log. `no_usable`
// says why, when no evaluator gave a usable answer.
std::string render_outcome(const EvalTask& task, EvalOutcome& outcome, Format format, std::string& no_usable) {
    if (task.second) {
        const auto result = comparison_result(task, outcome);
        for (const auto& w : result.warnings) {
            spdlog::warn("{}", w);
        }
        if (result.usable_evaluators == 0 && !result.evaluators.empty()) {
            no_usable = "no evaluator gave a usable comparison in both orders (" +
                        std::to_string(result.evaluators.size()) + " evaluator(s), " + std::to_string(result.calls) +
                        " call(s)); the winner is unknown and the defects are counted in the output";
        }
        return render(result, format);
    }
    const auto result = eval_result(task, outcome);
    for (const auto& w : result.warnings) {
        spdlog::warn("{}", w);
    }
    if (result.usable_evaluators == 0 && !result.evaluators.empty()) {
        no_usable = "no evaluator gave a usable answer (" + std::to_string(result.evaluators.size()) +
                    " evaluator(s), " + std::to_string(result.calls) +
                    " call(s)); the defects are counted in the output";
    }
    return render(result, format);
}

} // namespace

int run_eval(const EvalOptions& options) {
    util::CommandPaths paths;
    paths.inputs = {{"-c", options.config_file},         {"-d", options.debate_file},
                    {"the design", options.design_file}, {"--problem", options.problem_file},
                    {"--env-file", options.env_file},    {"--replay", options.replay_file}};
    for (const auto& compared : options.compare) {
        paths.inputs.push_back({"--compare", compared});
    }
    paths.outputs = {{"--log-file", options.log_file}, {"-o", options.output_file}};
    if (options.replay_file.empty()) {
        paths.outputs.push_back(
            {"--journal", options.journal_file.empty() ? "debates/journal.sqlite" : options.journal_file});
    }
    // Before the log file opens: an output naming an input would destroy it.
    if (auto clash = util::check_no_clash(paths); !clash) {
        return fail_with(clash.error());
    }
    if (auto logged = util::setup_logging(options.verbosity, options.log_file); !logged) {
        return fail_with(logged.error());
    }
    const auto format = format_of(options.output_file);
    if (!format) {
        return fail_with(format.error());
    }
    auto task = prepare_task(options);
    if (!task) {
        return fail_with(task.error());
    }
    auto prices = llm::PriceTable::builtin();
    if (!prices) {
        return fail_with(prices.error());
    }
    task->prices = &*prices;
    if (options.dry_run) {
        return print_dry_run(*task, *prices);
    }
    auto s = session_options(options, *task, *prices);
    if (!s) {
        return fail_with(s.error());
    }
    const std::filesystem::path journal_path = s->journal_path;
    auto session = RunSession::open(std::move(*s));
    if (!session) {
        return fail_with(session.error());
    }
    EvalOutcome outcome;
    std::vector<Job> jobs;
    jobs.push_back(make_eval_job(*task, outcome, **session));
    const auto outcomes = (*session)->run_batch(std::move(jobs));
    (*session)->close();
    const auto& ended = outcomes.front();
    if (ended.interrupted) {
        std::fprintf(stderr,
                     "parley: eval interrupted; run the same command again to resume (finished calls come "
                     "from the journal %s)\n",
                     journal_path.string().c_str());
        return exit_code::interrupted;
    }
    if (!ended.result) {
        return fail_with(ended.result.error());
    }
    std::string no_usable;
    const int written = write_output(render_outcome(*task, outcome, *format, no_usable), options.output_file, "eval");
    if (written == exit_code::ok && !no_usable.empty()) {
        // The scores are written (every one N/A, every defect counted), but a script must not take them.
        std::fprintf(stderr, "parley: eval: %s\n", no_usable.c_str());
        return exit_code::run_failed;
    }
    return written;
}

} // namespace parley::run
