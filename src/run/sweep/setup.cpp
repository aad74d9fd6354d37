#include "run/sweep/setup.hpp"

#include <spdlog/spdlog.h>

#include "debate/config.hpp"
#include "review/design_input.hpp"
#include "run/run_records.hpp"
#include "sweep/sweep_file.hpp"
#include "util/sha256.hpp"
#include "util/text_file.hpp"

namespace parley::run {

namespace {

// Config and eval files are small; anything past this is not one.
constexpr std::size_t kMaxConfigBytes = 4 * 1024 * 1024;

Result<sweep::SweepFile> sweep_file_of(const SweepOptions& options) {
    sweep::SweepFile file;
    if (!options.sweep_file.empty()) {
        auto loaded = sweep::load_sweep_file(options.sweep_file);
        if (!loaded) {
            return loaded;
        }
        file = std::move(*loaded);
    }
    if (!options.problems.empty()) {
        file.problems = options.problems;
    }
    if (!options.configs.empty()) {
        file.configs = options.configs;
    }
    if (!options.seeds.empty()) {
        file.seeds = options.seeds;
    }
    if (options.eval) {
        file.eval = options.eval;
    }
    if (options.design) {
        file.design = options.design;
    }
    if (options.baseline) {
        file.baseline = *options.baseline;
    }
    if (!file.baseline.empty() && (file.design || !file.problem_designs.empty())) {
        return fail(ErrorKind::invalid_input, "a sweep's baseline compares debates from scratch with independent "
                                              "solutions; it does not apply to design reviews (design)");
    }
    if (file.problems.empty() || file.configs.empty()) {
        return fail(ErrorKind::invalid_input, "a sweep needs problems and configs: name a sweep file, or give "
                                              "--problem and --config");
    }
    return file;
}

Result<sweep::NamedText> read_named(const std::string& path, const char* what) {
    auto text = util::read_text_file(path, kMaxConfigBytes);
    if (!text) {
        return fail(ErrorKind::invalid_input, std::string(what) + ": " + text.error().message);
    }
    return sweep::NamedText{path, std::move(*text)};
}

Result<std::vector<sweep::NamedText>> read_configs(const std::vector<std::string>& paths) {
    std::vector<sweep::NamedText> out;
    for (const auto& path : paths) {
        auto named = read_named(path, "config");
        if (!named) {
            return tl::make_unexpected(named.error());
        }
        // Checked now, so a bad config fails the sweep before its first call, not one job in the middle.
        auto parsed = debate::parse_config(named->text, path, std::filesystem::path(path).parent_path());
        if (!parsed) {
            return tl::make_unexpected(parsed.error());
        }
        out.push_back(std::move(*named));
    }
    return out;
}

// A config's own "queue" and "pricing" sections (missing ones are equal: both mean the defaults).
nlohmann::json settings_of(const sweep::SweepJob& job) {
    const auto root = nlohmann::json::parse(job.config.text, nullptr, false);
    if (!root.is_object()) {
        return nullptr;
    }
    return {root.value("queue", nlohmann::json()), root.value("pricing", nlohmann::json())};
}

} // namespace

void warn_on_differing_settings(const sweep::Sweep& sweep) {
    if (sweep.jobs.empty()) {
        return;
    }
    const auto first = settings_of(sweep.jobs.front());
    for (const auto& job : sweep.jobs) {
        if (settings_of(job) != first) {
            spdlog::warn("{}: its queue limits or pricing differ from {}'s, but one session runs a sweep's debates "
                         "on one config's: the first config's in process, and on a worker the config of the first "
                         "job it takes",
                         job.config.name, sweep.jobs.front().config.name);
            return;
        }
    }
}

Result<sweep::Sweep> load_sweep(const SweepOptions& options) {
    auto file = sweep_file_of(options);
    if (!file) {
        return tl::make_unexpected(file.error());
    }
    std::vector<sweep::NamedText> problem_texts;
    std::vector<std::optional<sweep::NamedText>> designs;
    // Entry by entry, so each problem file of a folder keeps its entry's design.
    for (const auto& entry : file->problems) {
        auto problems = load_problems(std::nullopt, {entry});
        if (!problems) {
            return tl::make_unexpected(problems.error());
        }
        std::optional<sweep::NamedText> design;
        if (const auto path = file->design_for(entry)) {
            auto text = review::read_design(*path);
            if (!text) {
                return fail(ErrorKind::invalid_input, "design: " + text.error().message);
            }
            design = sweep::NamedText{*path, std::move(*text)};
        }
        for (auto& p : *problems) {
            problem_texts.push_back({p.file.value_or("problem"), std::move(p.text)});
            designs.push_back(design);
        }
    }
    auto configs = read_configs(file->configs);
    if (!configs) {
        return tl::make_unexpected(configs.error());
    }
    std::optional<sweep::NamedText> eval;
    if (file->eval) {
        auto named = read_named(*file->eval, "eval config");
        if (!named) {
            return tl::make_unexpected(named.error());
        }
        // Checked now, like the configs: a bad panel fails the sweep before its first debate.
        if (auto parsed =
                eval::parse_eval_config(named->text, named->name, std::filesystem::path(named->name).parent_path());
            !parsed) {
            return tl::make_unexpected(parsed.error());
        }
        eval = std::move(*named);
    }
    const auto seeds = std::max<std::size_t>(file->seeds.size(), 1);
    if (problem_texts.size() * configs->size() > sweep::kMaxJobs / seeds) {
        return fail(ErrorKind::invalid_input, "the sweep holds " + std::to_string(problem_texts.size()) +
                                                  " problems x " + std::to_string(configs->size()) + " configs x " +
                                                  std::to_string(seeds) + " seeds, more than the " +
                                                  std::to_string(sweep::kMaxJobs) + " debates a sweep may hold");
    }
    return sweep::make_sweep(problem_texts, *configs, file->seeds, eval, designs, file->baseline);
}

Result<Setup> job_setup(const sweep::SweepJob& job, std::shared_ptr<ProviderCache> providers) {
    Setup setup;
    auto config =
        debate::parse_config(job.config.text, job.config.name, std::filesystem::path(job.config.name).parent_path());
    if (!config) {
        return tl::make_unexpected(config.error());
    }
    setup.config = std::move(*config);
    setup.problems = {{job.problem.text, job.problem.name, job_label(job)}};
    if (job.design) {
        setup.design =
            debate::GivenDesign{job.design->name, util::sha256_hex(job.design->text), job.design->text, true};
    }
    setup.baseline = job.baseline == "vote";
    auto agents = debate::select_agents(setup.config, {});
    if (!agents) {
        return tl::make_unexpected(agents.error());
    }
    setup.agents = std::move(*agents);
    setup.config.judge.provider.seed = job.seed;
    for (auto& agent : setup.agents) {
        agent.provider.seed = job.seed;
    }
    setup.providers = std::move(providers);
    if (auto bound = bind_providers(setup); !bound) {
        return tl::make_unexpected(bound.error());
    }
    return setup;
}

std::string job_label(const sweep::SweepJob& job) {
    auto label = std::filesystem::path(job.problem.name).filename().string() + " × " +
                 std::filesystem::path(job.config.name).filename().string();
    if (job.seed != 0) {
        label += " seed " + std::to_string(job.seed);
    }
    return label;
}

Result<std::optional<eval::EvalConfig>> job_panel(const sweep::SweepJob& job) {
    if (!job.eval) {
        return std::optional<eval::EvalConfig>();
    }
    auto panel =
        eval::parse_eval_config(job.eval->text, job.eval->name, std::filesystem::path(job.eval->name).parent_path());
    if (!panel) {
        return tl::make_unexpected(panel.error());
    }
    return std::optional<eval::EvalConfig>(std::move(*panel));
}

DebateOptions job_debate_options(const sweep::SweepJob& job, const std::filesystem::path& output_dir) {
    DebateOptions o;
    o.problem_files = {job.problem.name};
    if (job.design) {
        o.design_file = job.design->name;
        o.design_text = job.design->text;
    }
    o.config_file = job.config.name;
    o.seed = job.seed;
    o.baseline = job.baseline;
    o.output_dir = output_dir.string();
    return o;
}

Result<std::unique_ptr<DebateJob>> job_debate(const sweep::SweepJob& job, const Setup& setup,
                                              const std::filesystem::path& output_dir, store::Journal& journal) {
    auto options = job_debate_options(job, output_dir);
    auto debate = new_debate_job(setup, options, 0);
    debate->state.id = job.debate_id;
    // A sweep run again into the same folder continues its debates: their finished calls are journal hits.
    auto known = journal.find_run(job.debate_id);
    if (!known) {
        return tl::make_unexpected(known.error());
    }
    if (*known) {
        options.resume_id = job.debate_id;
    }
    const auto config_hash = debate::fingerprint(setup.agents, setup.config.judge, setup.config.debate);
    if (auto attached = attach_run(*debate, options, journal, config_hash); !attached) {
        return tl::make_unexpected(attached.error());
    }
    name_debate_files(*debate, setup, options);
    return debate;
}

} // namespace parley::run
