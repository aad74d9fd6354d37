#include "run/sweep/collect.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "debate/debate_state.hpp"
#include "util/json_document.hpp"
#include "util/text_file.hpp"

namespace parley::run {

namespace {

// A job id or reason read from Redis is cut to a readable length before it is shown.
std::string shown(const std::string& text) {
    return text.size() > 120 ? text.substr(0, 120) + "..." : text;
}

// The index row of a result, checked against the job it is filed under.
Result<sweep::JobResult> checked_row(const nlohmann::json& value, const sweep::SweepJob& job,
                                     const std::set<std::string>& taken) {
    auto row = sweep::row_from_json(value);
    if (!row) {
        return row;
    }
    if (row->job_id != job.id || row->index != job.index || row->debate_id != job.debate_id) {
        return fail(ErrorKind::invalid_input, "its row is job " + shown(row->job_id) + "'s (debate " +
                                                  shown(row->debate_id) + "), not this job's");
    }
    // The worker names the files; only a plain file name no other result took may reach the output folder.
    for (const auto* name : {&row->json_path, &row->report_path}) {
        const std::filesystem::path p(*name);
        if (p.empty() || p.filename() != p || *name == "." || *name == ".." || taken.count(*name) > 0 ||
            row->json_path == row->report_path) {
            return fail(ErrorKind::invalid_input, "file name " + shown(*name) + " is not a plain name of its own");
        }
    }
    return row;
}

// Writes a finished job's debate JSON and report, and returns its row once the debate loads back (into `loaded`).
Result<sweep::JobResult> write_result(const std::string& text, const sweep::SweepJob& job,
                                      const std::filesystem::path& out, std::set<std::string>& taken,
                                      std::map<std::size_t, LoadedDebate>& loaded) {
    const auto value = util::parse_json_bounded(text);
    // find(), not operator[]: on a const object a missing key is an assertion, not null.
    const auto text_at = [&](const char* key) {
        const auto it = value.is_object() ? value.find(key) : value.end();
        return value.is_object() && it != value.end() && it->is_string();
    };
    if (!value.is_object() || !value.contains("row") || !text_at("debate") || !text_at("report")) {
        return fail(ErrorKind::invalid_input, "row, debate and report expected");
    }
    auto row = checked_row(value["row"], job, taken);
    if (!row) {
        return row;
    }
    const auto json_path = out / row->json_path;
    const auto report_path = out / row->report_path;
    if (auto written = util::write_file_atomically(json_path, value["debate"].get<std::string>()); !written) {
        return tl::make_unexpected(written.error());
    }
    if (auto written = util::write_file_atomically(report_path, value["report"].get<std::string>()); !written) {
        return tl::make_unexpected(written.error());
    }
    // Read back as the comparison will read it: a debate that does not load is not kept.
    auto state = debate::load_debate(json_path.string());
    if (!state) {
        std::error_code ignored;
        std::filesystem::remove(json_path, ignored);
        std::filesystem::remove(report_path, ignored);
        return fail(ErrorKind::invalid_input, "its debate does not load: " + state.error().message);
    }
    loaded[job.index] = {row->json_path, std::move(*state)};
    taken.insert(row->json_path);
    taken.insert(row->report_path);
    return row;
}

sweep::JobResult failed_row(const sweep::SweepJob& job, std::string error) {
    auto row = sweep::pending_result(job);
    row.status = "failed";
    row.error = std::move(error);
    return row;
}

} // namespace

CollectedRows collect_rows(const std::vector<std::pair<std::string, std::string>>& jobs,
                           const std::vector<std::pair<std::string, std::string>>& results,
                           const std::vector<sweep::DeadJob>& dead, const std::filesystem::path& out) {
    std::map<std::string, sweep::SweepJob> known;
    for (const auto& [id, payload] : jobs) {
        if (auto job = sweep::job_from_json(util::parse_json_bounded(payload)); job && job->id == id) {
            known.emplace(id, std::move(*job));
        }
    }
    CollectedRows collected;
    std::set<std::string> taken{"sweep.json",    "sweep.md",       "sweep.csv",
                                "comparison.md", "comparison.csv", "comparison.html"};
    std::set<std::string> rowed;
    std::map<std::size_t, LoadedDebate> loaded;
    for (const auto& [id, text] : results) {
        const auto job = known.find(id);
        if (job == known.end()) {
            collected.problems.push_back(shown(id) + ": a result for no job of this sweep; left out");
            continue;
        }
        auto row = write_result(text, job->second, out, taken, loaded);
        if (!row) {
            collected.problems.push_back(shown(id) + ": malformed result in Redis: " + row.error().message);
            collected.rows.push_back(failed_row(job->second, "malformed result in Redis: " + row.error().message));
        } else {
            collected.rows.push_back(std::move(*row));
        }
        rowed.insert(id);
    }
    for (const auto& d : dead) {
        const auto job = known.find(d.job_id);
        if (!d.stray && job != known.end() && rowed.insert(d.job_id).second) {
            collected.rows.push_back(failed_row(job->second, d.error));
        }
    }
    std::sort(collected.rows.begin(), collected.rows.end(),
              [](const auto& a, const auto& b) { return a.index < b.index; });
    for (auto& [index, debate] : loaded) {
        collected.debates.push_back(std::move(debate));
    }
    return collected;
}

} // namespace parley::run
