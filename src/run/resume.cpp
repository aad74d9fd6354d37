#include "run/resume.hpp"

#include <charconv>
#include <filesystem>
#include <map>

#include "debate/config.hpp"

namespace parley::run {

namespace {

std::string absolute(const std::string& path) {
    return std::filesystem::absolute(path).string();
}

// A built-in preset ("configs/openai.json") keeps its name, which finds it from any folder; a file is made absolute.
std::string config_path(const std::string& path) {
    return debate::builtin_preset(path) ? path : absolute(path);
}

template <class T> bool parse_number(const std::string& text, T& out) {
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc() && ptr == end;
}

// Fills one flag with a value of a command line an older build recorded; false for a flag it never wrote.
bool apply_legacy_flag(DebateOptions& o, const std::string& flag, const std::string& value) {
    if (flag == "-p") {
        o.problem_files.push_back(value);
    } else if (flag == "-c") {
        o.config_file = value;
    } else if (flag == "--agents") {
        o.agents = split_roles(value);
    } else if (flag == "--rounds") {
        int rounds = 0;
        o.rounds = parse_number(value, rounds) ? std::optional<int>(rounds) : std::nullopt;
        return o.rounds.has_value();
    } else if (flag == "-o") {
        o.output_dir = value;
    } else if (flag == "--report") {
        o.report_file = value;
    } else if (flag == "--seed") {
        std::uint64_t seed = 0;
        o.seed = parse_number(value, seed) ? std::optional<std::uint64_t>(seed) : std::nullopt;
        return o.seed.has_value();
    } else if (flag == "--answers") {
        o.answers_file = value;
    } else if (flag == "--cache-dir") {
        o.cache_dir = value;
    } else if (flag == "--env-file") {
        o.env_file = value;
        o.env_file_required = true;
    } else if (flag == "--max-cost") {
        char* end = nullptr;
        o.max_cost_usd = std::strtod(value.c_str(), &end);
        return end != value.c_str() && *end == '\0';
    } else if (flag == "--max-tokens") {
        long tokens = 0;
        o.max_tokens = parse_number(value, tokens) ? std::optional<long>(tokens) : std::nullopt;
        return o.max_tokens.has_value();
    } else {
        return false;
    }
    return true;
}

// Older builds kept only the arguments of `parley debate`; they used a fixed set of flags, read back here.
std::optional<DebateOptions> options_of_command_line(const std::vector<std::string>& args) {
    if (args.empty() || args.front() != "debate") {
        return std::nullopt;
    }
    DebateOptions o;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const auto& arg = args[i];
        if (arg == "--offline" || arg == "--clarify" || arg == "--cache" || arg == "--html") {
            (arg == "--offline"   ? o.offline
             : arg == "--clarify" ? o.clarify
             : arg == "--cache"   ? o.cache
                                  : o.html) = true;
        } else if (arg.rfind('-', 0) != 0 || arg.size() == 1) {
            o.problem_text = arg;
        } else if (i + 1 >= args.size() || !apply_legacy_flag(o, arg, args[i + 1])) {
            return std::nullopt;
        } else {
            ++i;
        }
    }
    return o;
}

DebateOptions options_of_state(const nlohmann::json& j) {
    DebateOptions o;
    const auto& problem = j.at("problem");
    if (problem.contains("file")) {
        o.problem_files = {problem.at("file").get<std::string>()};
    } else {
        o.problem_text = problem.at("text").get<std::string>();
    }
    o.config_file = j.value("config", std::string());
    o.agents = j.value("agents", std::vector<std::string>());
    if (j.contains("rounds")) {
        o.rounds = j.at("rounds").get<int>();
    }
    o.output_dir = j.at("output").get<std::string>();
    o.report_file = j.value("report", std::string());
    o.json_file = j.value("json", std::string());
    o.context_file = j.value("context", std::string());
    o.html = j.value("html", false);
    o.brief_report = j.value("briefReport", false);
    o.offline = j.value("offline", false);
    if (j.contains("seed")) {
        o.seed = j.at("seed").get<std::uint64_t>();
    }
    o.clarify = j.value("clarify", false);
    o.answers_file = j.value("answers", std::string());
    if (j.contains("envFile")) {
        o.env_file = j.at("envFile").get<std::string>();
        o.env_file_required = true;
    }
    o.cache = j.value("cache", false);
    o.cache_dir = j.value("cacheDir", std::string());
    if (j.contains("maxCostUsd")) {
        o.max_cost_usd = j.at("maxCostUsd").get<double>();
    }
    if (j.contains("maxTokens")) {
        o.max_tokens = j.at("maxTokens").get<long>();
    }
    o.eval_config = j.value("eval", std::string());
    o.baseline = j.value("baseline", std::string());
    if (const auto design = j.find("design"); design != j.end()) {
        o.design_file = design->at("file").get<std::string>();
        o.design_text = design->at("text").get<std::string>();
        // Without -p the problem was parley's "review this design" text, made again from the recorded design.
        if (!design->value("problemGiven", true)) {
            o.problem_text.reset();
            o.problem_files.clear();
        }
    }
    return o;
}

// The same bounds the flags have, so a damaged record cannot run what the command line would refuse.
bool within_bounds(const DebateOptions& o) {
    return (!o.rounds || (*o.rounds >= 1 && *o.rounds <= 100)) && (!o.max_cost_usd || *o.max_cost_usd > 0) &&
           (!o.max_tokens || *o.max_tokens > 0);
}

} // namespace

nlohmann::json resume_state(const DebateOptions& o, const Problem& problem,
                            const std::optional<debate::GivenDesign>& design) {
    nlohmann::json j = nlohmann::json::object();
    j["problem"] =
        problem.file ? nlohmann::json{{"file", absolute(*problem.file)}} : nlohmann::json{{"text", problem.text}};
    if (!o.config_file.empty())
        j["config"] = config_path(o.config_file);
    if (!o.agents.empty())
        j["agents"] = o.agents;
    if (o.rounds)
        j["rounds"] = *o.rounds;
    j["output"] = absolute(o.output_dir);
    if (!o.report_file.empty())
        j["report"] = absolute(o.report_file);
    if (!o.json_file.empty())
        j["json"] = absolute(o.json_file);
    if (!o.context_file.empty())
        j["context"] = absolute(o.context_file);
    if (o.html)
        j["html"] = true;
    if (o.brief_report)
        j["briefReport"] = true;
    j["offline"] = o.offline;
    if (o.seed)
        j["seed"] = *o.seed;
    j["clarify"] = o.clarify;
    if (!o.answers_file.empty())
        j["answers"] = absolute(o.answers_file);
    if (o.env_file_required)
        j["envFile"] = absolute(o.env_file);
    j["cache"] = o.cache;
    if (!o.cache_dir.empty())
        j["cacheDir"] = absolute(o.cache_dir);
    if (o.max_cost_usd)
        j["maxCostUsd"] = *o.max_cost_usd;
    if (o.max_tokens)
        j["maxTokens"] = *o.max_tokens;
    if (!o.eval_config.empty())
        j["eval"] = absolute(o.eval_config);
    if (!o.baseline.empty())
        j["baseline"] = o.baseline;
    if (design) {
        // The text, not only the path: a design edited after the run started must not change its prompts.
        j["design"] = {{"file", absolute(design->path)},
                       {"text", design->text},
                       {"sha256", design->sha256},
                       {"problemGiven", design->problem_given}};
    }
    return j;
}

std::vector<std::string> resume_command_line(const DebateOptions& o, const Problem& problem) {
    std::vector<std::string> args{"debate"};
    if (!o.design_file.empty()) {
        args.insert(args.end(), {"--design", absolute(o.design_file)});
    }
    if (problem.file) {
        args.insert(args.end(), {"-p", absolute(*problem.file)});
    } else if (o.design_file.empty() || o.problem_text) {
        args.push_back(problem.text);
    }
    if (!o.config_file.empty())
        args.insert(args.end(), {"-c", config_path(o.config_file)});
    if (!o.agents.empty())
        args.insert(args.end(), {"--agents", join_roles(o.agents)});
    if (o.rounds)
        args.insert(args.end(), {"--rounds", std::to_string(*o.rounds)});
    args.insert(args.end(), {"-o", absolute(o.json_file.empty() ? o.output_dir : o.json_file)});
    if (!o.report_file.empty())
        args.insert(args.end(), {"--report", absolute(o.report_file)});
    if (!o.context_file.empty())
        args.insert(args.end(), {"--context", absolute(o.context_file)});
    if (o.html)
        args.push_back("--html");
    if (o.brief_report)
        args.push_back("--brief");
    if (o.offline)
        args.push_back("--offline");
    if (o.seed)
        args.insert(args.end(), {"--seed", std::to_string(*o.seed)});
    if (o.clarify)
        args.push_back("--clarify");
    if (!o.answers_file.empty())
        args.insert(args.end(), {"--answers", absolute(o.answers_file)});
    if (o.env_file_required)
        args.insert(args.end(), {"--env-file", absolute(o.env_file)});
    if (o.cache)
        args.push_back("--cache");
    if (!o.cache_dir.empty())
        args.insert(args.end(), {"--cache-dir", absolute(o.cache_dir)});
    if (o.max_cost_usd)
        args.insert(args.end(), {"--max-cost", nlohmann::json(*o.max_cost_usd).dump()});
    if (o.max_tokens)
        args.insert(args.end(), {"--max-tokens", std::to_string(*o.max_tokens)});
    if (!o.eval_config.empty())
        args.insert(args.end(), {"--eval", absolute(o.eval_config)});
    if (!o.baseline.empty())
        args.insert(args.end(), {"--baseline", o.baseline});
    return args;
}

Result<DebateOptions> options_of_run(const store::RunRecord& run) {
    const auto unreadable = [&] {
        return fail(ErrorKind::io, "resume: run " + run.id + " has no command to resume");
    };
    std::optional<DebateOptions> options;
    if (const auto it = run.state.find("options"); it != run.state.end()) {
        try {
            options = options_of_state(*it);
        } catch (const nlohmann::json::exception&) {
            return unreadable();
        }
    } else {
        options = options_of_command_line(run.command_line);
    }
    if (!options || !within_bounds(*options)) {
        return unreadable();
    }
    return *options;
}

Result<DebateOptions> resume_options(const ResumeOptions& resume) {
    const std::filesystem::path path = resume.journal_file.empty() ? "debates/journal.sqlite" : resume.journal_file;
    if (!std::filesystem::exists(path)) {
        return fail(ErrorKind::invalid_input, "resume: no journal at " + path.string() + " (pass --journal FILE)");
    }
    auto journal = store::Journal::open(path);
    if (!journal) {
        return tl::make_unexpected(journal.error());
    }
    auto run = journal->find_run(resume.run_id);
    if (!run) {
        return tl::make_unexpected(run.error());
    }
    if (!*run) {
        return fail(ErrorKind::invalid_input,
                    "resume: the journal " + path.string() + " holds no run " + resume.run_id);
    }
    auto options = options_of_run(**run);
    if (!options) {
        return fail(ErrorKind::io,
                    "resume: run " + resume.run_id + " in " + path.string() + " has no command to resume");
    }
    options->resume_id = resume.run_id;
    options->journal_file = std::filesystem::absolute(path).string();
    options->verbosity = resume.verbosity;
    // A finished run is rebuilt from the journal alone: no endpoint needs to be there.
    options->preflight = resume.preflight && (*run)->status != store::RunStatus::finished;
    options->chat_check = resume.chat_check;
    return options;
}

} // namespace parley::run
