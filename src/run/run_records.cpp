#include "run/run_records.hpp"

#include <spdlog/spdlog.h>

#include "run/resume.hpp"
#include "run/run_state.hpp"

namespace parley::run {

namespace {

// The run options.resume_id names, checked to be of the same config and problem.
Result<store::RunRecord> named_run(const DebateJob& job, const DebateOptions& options, store::Journal& journal,
                                   const std::string& config_hash) {
    auto run = journal.find_run(options.resume_id);
    if (!run) {
        return tl::make_unexpected(run.error());
    }
    if (!*run) {
        return fail(ErrorKind::invalid_input,
                    "--resume: the journal " + journal.path().string() + " holds no run " + options.resume_id);
    }
    if ((*run)->config_hash != config_hash) {
        return fail(ErrorKind::invalid_input, "--resume: run " + options.resume_id +
                                                  " was made with a different config (agents, models, prompts or "
                                                  "settings); restore it or start a new run");
    }
    if ((*run)->problem_hash != job.problem_hash) {
        return fail(ErrorKind::invalid_input, "--resume: run " + options.resume_id +
                                                  " was about a different problem; restore it or start a new run");
    }
    return std::move(**run);
}

// The newest run of this config and problem (unfinished only for a resume), if any.
Result<std::optional<store::RunRecord>> latest_run(const DebateJob& job, const DebateOptions& options,
                                                   store::Journal& journal, const std::string& config_hash) {
    const bool replay = !options.replay_file.empty();
    auto run = journal.latest_run(config_hash, job.problem_hash, !replay);
    if (!run) {
        return tl::make_unexpected(run.error());
    }
    if (!*run && replay) {
        return fail(ErrorKind::invalid_input,
                    "--replay: " + options.replay_file + " holds no recorded run of this config and problem");
    }
    if (!*run) {
        spdlog::warn("--resume: no unfinished run of this config and problem in {}; starting a new one",
                     journal.path().string());
    }
    return std::move(*run);
}

Result<void> adopt(DebateJob& job, store::RunRecord found, const DebateOptions& options,
                   const std::filesystem::path& journal) {
    auto restored = debate::read_run_state(found, journal);
    if (!restored) {
        return tl::make_unexpected(restored.error());
    }
    job.run = std::move(found);
    job.state.id = job.run.id;
    job.state.created_at = restored->created_at.value_or(job.state.created_at);
    job.stored_answers = std::move(restored->answers);
    // A run an older build recorded gains its options, so the next resume need not read its command line.
    if (!job.run.state.contains("options")) {
        job.run.state["options"] = resume_state(options, job.problem, job.state.design);
    }
    return {};
}

} // namespace

Result<void> attach_run(DebateJob& job, const DebateOptions& options, store::Journal& journal,
                        const std::string& config_hash) {
    std::optional<store::RunRecord> found;
    if (!options.resume_id.empty()) {
        auto named = named_run(job, options, journal, config_hash);
        if (!named) {
            return tl::make_unexpected(named.error());
        }
        found = std::move(*named);
    } else if (options.resume || !options.replay_file.empty()) {
        auto latest = latest_run(job, options, journal, config_hash);
        if (!latest) {
            return tl::make_unexpected(latest.error());
        }
        found = std::move(*latest);
    }
    if (found) {
        return adopt(job, std::move(*found), options, journal.path());
    }
    job.run.id = job.state.id;
    job.run.config_hash = config_hash;
    job.run.problem_hash = job.problem_hash;
    job.run.command_line = resume_command_line(options, job.problem);
    job.run.state = {{"createdAt", job.state.created_at},
                     {"options", resume_state(options, job.problem, job.state.design)}};
    return journal.begin_run(job.run);
}

} // namespace parley::run
