#include "sweep/sweep_index.hpp"

#include <algorithm>
#include <cstdio>

#include "util/csv.hpp"
#include "util/text.hpp"
#include "util/text_file.hpp"
#include "util/text_safety.hpp"

namespace parley::sweep {

namespace {

using nlohmann::json;

std::string fixed(double value, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, value);
    return buf;
}

std::string confidence_text(const JobResult& r) {
    return r.confidence ? fixed(*r.confidence, 0) : std::string();
}

std::string score_text(const JobResult& r) {
    return r.score ? fixed(*r.score, 1) : std::string();
}

// The CSV cell of a cost: empty (unknown) when no call had a price; cost_unknown_calls says how many had none.
std::string cost_cell(const util::Money& cost) {
    const auto usd = util::stated_usd(cost);
    return usd ? fixed(*usd, 6) : std::string();
}

// The file and its folder: problems named problem.md in different folders stay apart.
std::string filename_of(const std::string& path) {
    const std::filesystem::path p(path);
    const auto folder = p.parent_path().filename();
    const auto name = folder.empty() ? p.filename() : folder / p.filename();
    return name.empty() ? path : name.string();
}

} // namespace

JobResult pending_result(const SweepJob& job) {
    JobResult r;
    r.job_id = job.id;
    r.index = job.index;
    r.problem = job.problem.name;
    r.config = job.config.name;
    r.seed = job.seed;
    r.debate_id = job.debate_id;
    return r;
}

json row_json(const JobResult& r) {
    json row{{"jobId", r.job_id},        {"index", r.index},
             {"problem", r.problem},     {"config", r.config},
             {"seed", r.seed},           {"debateId", r.debate_id},
             {"status", r.status},       {"confidence", r.confidence ? json(*r.confidence) : json(nullptr)},
             {"wallMs", r.wall_ms},      {"score", r.score ? json(*r.score) : json(nullptr)},
             {"agreement", r.agreement}, {"json", r.json_path},
             {"report", r.report_path},  {"error", r.error}};
    util::put_money_fields(row, r.cost);
    return row;
}

Result<JobResult> row_from_json(const json& value) {
    JobResult r;
    if (!value.is_object()) {
        return fail(ErrorKind::invalid_input, "malformed sweep result: not a JSON object");
    }
    try {
        r.job_id = value.at("jobId").get<std::string>();
        r.index = value.at("index").get<std::size_t>();
        r.problem = value.at("problem").get<std::string>();
        r.config = value.at("config").get<std::string>();
        r.seed = value.at("seed").get<std::uint64_t>();
        r.debate_id = value.at("debateId").get<std::string>();
        r.status = value.at("status").get<std::string>();
        if (const auto& c = value.at("confidence"); !c.is_null()) {
            r.confidence = c.get<double>();
        }
        // Results of workers from before evaluation per job carry no score.
        if (const auto s = value.find("score"); s != value.end() && !s->is_null()) {
            r.score = s->get<double>();
        }
        r.agreement = value.value("agreement", std::string());
        if (const auto& c = value.at("costUsd"); !c.is_null()) {
            r.cost.usd = c.get<double>();
        }
        // Rows of sweeps from before unknown costs were counted carry no count.
        r.cost.unknown_calls = value.value("costUnknownCalls", 0L);
        r.wall_ms = value.at("wallMs").get<double>();
        r.json_path = value.at("json").get<std::string>();
        r.report_path = value.at("report").get<std::string>();
        r.error = value.at("error").get<std::string>();
    } catch (const json::exception& e) {
        return fail(ErrorKind::invalid_input, std::string("malformed sweep result: ") + e.what());
    }
    return r;
}

json index_json(const std::string& sweep_id, const std::vector<JobResult>& results) {
    json jobs = json::array();
    for (const auto& r : results) {
        jobs.push_back(row_json(r));
    }
    return {{"sweepId", sweep_id}, {"jobs", std::move(jobs)}};
}

std::string index_markdown(const std::string& sweep_id, const std::vector<JobResult>& results) {
    const bool evaluated =
        std::any_of(results.begin(), results.end(), [](const auto& r) { return r.score.has_value(); });
    std::string out = "# Sweep " + sweep_id + "\n\n";
    out += std::string("| # | problem | config | seed | status | confidence | ") +
           (evaluated ? "score | agreement | " : "") + "cost | time (s) | debate |\n";
    out += std::string("| ---: | --- | --- | ---: | --- | ---: | ") + (evaluated ? "---: | --- | " : "") +
           "---: | ---: | --- |\n";
    std::size_t done = 0;
    util::Money cost;
    for (const auto& r : results) {
        done += r.status == "done" ? 1 : 0;
        cost += r.cost;
        const std::string debate = r.report_path.empty()
                                       ? util::markdown_cell(r.debate_id)
                                       : "[" + util::markdown_cell(r.debate_id) + "](" + r.report_path + ")";
        out += "| " + std::to_string(r.index + 1) + " | " + util::markdown_cell(filename_of(r.problem)) + " | " +
               util::markdown_cell(filename_of(r.config)) + " | " + std::to_string(r.seed) + " | " +
               util::markdown_cell(r.error.empty() ? r.status : r.status + ": " + r.error) + " | " +
               confidence_text(r) + " | " +
               (evaluated ? score_text(r) + " | " + util::markdown_cell(r.agreement) + " | " : std::string()) +
               util::format_money(r.cost) + " | " + fixed(r.wall_ms / 1000.0, 1) + " | " + debate + " |\n";
    }
    out += "\n" + std::to_string(done) + " of " + std::to_string(results.size()) + " debates done; cost " +
           util::format_money(cost) + ".\n";
    return out;
}

std::string index_csv(const std::vector<JobResult>& results) {
    std::string out =
        util::csv_row({"index", "job_id", "problem", "config", "seed", "debate_id", "status", "confidence", "cost_usd",
                       "cost_unknown_calls", "wall_ms", "json", "report", "error", "score", "agreement"});
    for (const auto& r : results) {
        // Paths, ids and errors come from the sweep file and the servers: text cells, guarded against formulas.
        out += util::csv_row(
            {std::to_string(r.index + 1), util::csv_text(r.job_id), util::csv_text(r.problem), util::csv_text(r.config),
             std::to_string(r.seed), util::csv_text(r.debate_id), util::csv_text(r.status), confidence_text(r),
             cost_cell(r.cost), std::to_string(r.cost.unknown_calls), fixed(r.wall_ms, 0), util::csv_text(r.json_path),
             util::csv_text(r.report_path), util::csv_text(r.error), score_text(r), util::csv_text(r.agreement)});
    }
    return out;
}

Result<void> write_index(const std::filesystem::path& folder, const std::string& sweep_id,
                         const std::vector<JobResult>& results) {
    const auto text = index_json(sweep_id, results).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
    if (auto written = util::write_file_atomically(folder / "sweep.json", text); !written) {
        return written;
    }
    if (auto written = util::write_file_atomically(folder / "sweep.md", index_markdown(sweep_id, results)); !written) {
        return written;
    }
    return util::write_file_atomically(folder / "sweep.csv", index_csv(results));
}

} // namespace parley::sweep
