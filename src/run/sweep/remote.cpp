#include "run/sweep/remote.hpp"

#include <algorithm>
#include <cstdio>
#include <thread>

#include <spdlog/spdlog.h>

#include <set>

#include "redis/job_signature.hpp"
#include "redis/jobs.hpp"
#include "run/console.hpp"
#include "run/sweep/collect.hpp"
#include "run/sweep/results.hpp"
#include "run/sweep/setup.hpp"
#include "sweep/job_secrets.hpp"
#include "sweep/sweep_index.hpp"
#include "util/env.hpp"
#include "util/json_document.hpp"
#include "util/text_file.hpp"
#include "util/text_safety.hpp"

namespace parley::run {

namespace {

// How often a followed sweep's counts are read.
constexpr std::chrono::milliseconds kPollEvery{1000};

/// How long a command waits for Redis: a sweep being enqueued or collected rides out a restarting server; a look at
/// one (status) fails within about a second with one line when nothing listens.
enum class RedisPatience { ride_out_restarts, fail_fast };

// `signing_key` signs what is enqueued; reading a sweep back needs none.
Result<sweep::RedisJobQueue> open_queue(const std::string& url_text, RedisPatience patience,
                                        std::string signing_key = {}) {
    auto url = sweep::parse_redis_url(url_text);
    if (!url) {
        return tl::make_unexpected(url.error());
    }
    sweep::RedisOptions options;
    if (patience == RedisPatience::fail_fast) {
        options.connect_timeout = std::chrono::milliseconds(1000);
        options.give_up_after = std::chrono::milliseconds(0);
    }
    options.on_wait = [](const std::string& line) {
        spdlog::warn("{}", line);
    };
    auto connection = sweep::RedisConnection::connect(*url, options);
    if (!connection) {
        return tl::make_unexpected(connection.error());
    }
    sweep::JobQueueOptions queue_options;
    queue_options.signing_key = std::move(signing_key);
    return sweep::RedisJobQueue::open(std::shared_ptr<sweep::RedisConnection>(std::move(*connection)),
                                      std::move(queue_options));
}

std::string counts_line(const std::string& id, const sweep::SweepCounts& c) {
    return "sweep " + id + ": " + std::to_string(c.done) + "/" + std::to_string(c.total) + " done, " +
           std::to_string(c.running) + " running, " + std::to_string(c.queued) + " queued, " + std::to_string(c.dead) +
           " dead";
}

int collect_into(sweep::RedisJobQueue& queue, const std::string& id, const std::filesystem::path& out) {
    auto jobs = queue.jobs(id);
    if (!jobs) {
        return fail_with(jobs.error());
    }
    auto results = queue.results(id);
    if (!results) {
        return fail_with(results.error());
    }
    auto dead = queue.dead_letters(id);
    if (!dead) {
        return fail_with(dead.error());
    }
    auto counts = queue.status(id);
    if (!counts) {
        return fail_with(counts.error());
    }
    if (counts->total == 0) {
        return fail_with(Error{ErrorKind::invalid_input, "Redis holds no sweep " + id, 0, std::nullopt});
    }
    // One bad entry is named and left out; the index of everything else is still written.
    auto collected = collect_rows(*jobs, *results, *dead, out);
    for (const auto& problem : collected.problems) {
        print_error(problem);
    }
    if (auto written = sweep::write_index(out, id, collected.rows); !written) {
        return fail_with(written.error());
    }
    bool clean = collected.problems.empty();
    if (auto written = write_comparison_of(out, collected.debates); !written) {
        print_error(written.error().message);
        clean = false;
    }
    std::printf("%s\nindex: %s\n", counts_line(id, *counts).c_str(), (out / "sweep.md").string().c_str());
    return counts->done == counts->total && clean ? exit_code::ok : exit_code::run_failed;
}

// The keys a worker would read (each config's apiKeyEnv, and the providers' default names) as this machine has
// them: none of their values may travel in a job.
Result<std::vector<sweep::KnownSecret>> known_secrets(const sweep::Sweep& sweep, const SweepOptions& options) {
    auto env = util::Env::load(options.env_file, options.env_file_required);
    if (!env) {
        return tl::make_unexpected(env.error());
    }
    std::set<std::string> names{"OPENAI_API_KEY", "OPENROUTER_API_KEY", std::string(sweep::kSigningKeyEnv)};
    for (const auto& job : sweep.jobs) {
        for (auto& name : sweep::key_env_names(job)) {
            names.insert(std::move(name));
        }
    }
    std::vector<sweep::KnownSecret> out;
    for (const auto& name : names) {
        if (auto value = env->get(name)) {
            out.push_back({name, *value});
        }
    }
    return out;
}

// Jobs carry their configs' text into Redis, which every worker and anyone with its password reads: a literal
// credential is refused (exit 2) before anything is enqueued.
Result<void> check_no_secrets(const sweep::Sweep& sweep, const SweepOptions& options) {
    auto known = known_secrets(sweep, options);
    if (!known) {
        return tl::make_unexpected(known.error());
    }
    for (const auto& job : sweep.jobs) {
        if (auto found = sweep::find_literal_secret(job, *known)) {
            return fail(ErrorKind::invalid_input,
                        *found + ", and a Redis job carries it to every worker: give keys by name with apiKeyEnv "
                                 "(each worker reads its own environment)");
        }
    }
    return {};
}

std::filesystem::path output_of(const std::string& given, const std::string& id) {
    return given.empty() ? std::filesystem::path("sweeps") / id : std::filesystem::path(given);
}

} // namespace

int enqueue_sweep(const SweepOptions& options, const RemoteSweepOptions& remote) {
    if (auto clash = util::check_no_clash(sweep_paths(options)); !clash) {
        return fail_with(clash.error());
    }
    if (auto logged = util::setup_logging(options.verbosity, options.log_file); !logged) {
        return fail_with(logged.error());
    }
    auto env = util::Env::load(options.env_file, options.env_file_required);
    if (!env) {
        return fail_with(env.error());
    }
    // Workers run only jobs signed with the key they share with this machine: without it nothing is enqueued.
    auto signing_key = sweep::signing_key(*env);
    if (!signing_key) {
        return fail_with(signing_key.error());
    }
    auto sweep = load_sweep(options);
    if (!sweep) {
        return fail_with(sweep.error());
    }
    if (auto clean = check_no_secrets(*sweep, options); !clean) {
        return fail_with(clean.error());
    }
    warn_on_differing_settings(*sweep);
    const auto out = output_of(options.output_dir, sweep->id);
    if (!remote.detach) {
        if (auto writable = util::check_writable_folder(out); !writable) {
            return fail_with(Error{ErrorKind::invalid_input, writable.error().message, 0, std::nullopt});
        }
    }
    auto queue = open_queue(remote.redis_url, RedisPatience::ride_out_restarts, std::move(*signing_key));
    if (!queue) {
        return fail_with(queue.error());
    }
    std::vector<sweep::JobSpec> specs;
    for (const auto& job : sweep->jobs) {
        specs.push_back(
            {job.id, sweep::job_to_json(job).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
    }
    auto added = queue->enqueue(sweep->id, specs);
    if (!added) {
        return fail_with(added.error());
    }
    std::printf("sweep: %s (%zu jobs, %zu new)\n", sweep->id.c_str(), specs.size(), *added);
    std::fflush(stdout);
    if (remote.detach) {
        return exit_code::ok;
    }
    std::string last;
    while (true) {
        auto counts = queue->status(sweep->id);
        if (!counts) {
            return fail_with(counts.error());
        }
        const auto line = counts_line(sweep->id, *counts);
        if (line != last && options.verbosity != util::Verbosity::quiet) {
            std::fprintf(stderr, "%s\n", line.c_str());
            last = line;
        }
        if (counts->finished()) {
            break;
        }
        std::this_thread::sleep_for(kPollEvery);
    }
    return collect_into(*queue, sweep->id, out);
}

int sweep_status(const RemoteSweepOptions& remote) {
    if (auto checked = sweep::check_sweep_id(remote.sweep_id); !checked) {
        return fail_with(checked.error());
    }
    auto queue = open_queue(remote.redis_url, RedisPatience::fail_fast);
    if (!queue) {
        return fail_with(queue.error());
    }
    auto counts = queue->status(remote.sweep_id);
    if (!counts) {
        return fail_with(counts.error());
    }
    if (counts->total == 0) {
        return fail_with(Error{ErrorKind::invalid_input, "Redis holds no sweep " + remote.sweep_id, 0, std::nullopt});
    }
    std::printf("%s\n", counts_line(remote.sweep_id, *counts).c_str());
    auto dead = queue->dead_letters(remote.sweep_id);
    if (!dead) {
        return fail_with(dead.error());
    }
    for (const auto& d : *dead) {
        // Everything here was written into Redis by whoever reaches it: shown inert.
        const auto job = util::terminal_safe(d.job_id, util::LineBreaks::join);
        const auto error = util::terminal_safe(d.error, util::LineBreaks::join);
        if (d.stray) {
            std::printf("refused entry for job %s: %s\n", job.c_str(), error.c_str());
        } else {
            std::printf("dead: %s after %d deliveries: %s\n", job.c_str(), d.deliveries, error.c_str());
        }
    }
    return exit_code::ok;
}

int collect_sweep(const RemoteSweepOptions& remote) {
    if (auto checked = sweep::check_sweep_id(remote.sweep_id); !checked) {
        return fail_with(checked.error());
    }
    const auto out = output_of(remote.output_dir, remote.sweep_id);
    if (auto writable = util::check_writable_folder(out); !writable) {
        return fail_with(Error{ErrorKind::invalid_input, writable.error().message, 0, std::nullopt});
    }
    auto queue = open_queue(remote.redis_url, RedisPatience::ride_out_restarts);
    if (!queue) {
        return fail_with(queue.error());
    }
    return collect_into(*queue, remote.sweep_id, out);
}

int redrive_sweep(const RemoteSweepOptions& remote) {
    if (auto checked = sweep::check_sweep_id(remote.sweep_id); !checked) {
        return fail_with(checked.error());
    }
    auto queue = open_queue(remote.redis_url, RedisPatience::ride_out_restarts);
    if (!queue) {
        return fail_with(queue.error());
    }
    auto count = queue->redrive(remote.sweep_id);
    if (!count) {
        return fail_with(count.error());
    }
    std::printf("sweep %s: %zu dead jobs queued again\n", remote.sweep_id.c_str(), *count);
    return exit_code::ok;
}

} // namespace parley::run
