#include "sim/output.hpp"

#include <cmath>

#include "sim/units.hpp"

namespace parley::sim {

namespace {

using nlohmann::json;

const char* kind_name(Disturbance::Kind kind) {
    switch (kind) {
    case Disturbance::Kind::slowdown:
        return "slowdown";
    case Disturbance::Kind::retry_storm:
        return "retry_storm";
    case Disturbance::Kind::outage:
        break;
    }
    return "outage";
}

std::string percent(double fraction) {
    return format_count(fraction * 100) + "%";
}

std::string count(std::uint64_t n) {
    return format_count(static_cast<double>(n));
}

json quantiles(const FineHistogram& h, double sum, std::uint64_t n) {
    return {{"mean_s", n > 0 ? sum / static_cast<double>(n) : 0.0},
            {"p50_s", h.quantile(0.5)},
            {"p95_s", h.quantile(0.95)},
            {"p99_s", h.quantile(0.99)}};
}

json drain_json(const RunResult& run) {
    if (run.drain_seconds < 0) {
        return nullptr;
    }
    return std::isfinite(run.drain_seconds) ? json(run.drain_seconds) : json("not drained");
}

json totals_json(const RunResult& run, const Model& model) {
    return {{"arrivals", run.arrivals},
            {"completions", run.completions},
            {"retries", run.retries},
            {"duplicates", run.duplicates},
            {"dead_letters", run.dead_letters},
            {"rejections", run.rejections},
            {"dropped", run.dropped},
            {"redelivered", run.redelivered},
            {"lost", run.lost},
            {"crashes", run.crashes},
            {"utilisation", run.utilisation},
            {"mean_waiting", run.mean_waiting},
            {"mean_in_system", run.mean_in_system},
            {"backlog_at_end", run.backlog_at_end},
            {"growth_per_s", run.growth_per_second},
            {"unbounded", run.unbounded},
            {"capped", run.capped},
            {"backlog_cap", model.backlog_cap},
            {"beyond_cap", run.beyond_cap},
            {"drain_s", drain_json(run)},
            {"stopped_early", run.stopped_early},
            {"events", run.events}};
}

json buckets_json(const RunResult& run) {
    json buckets = json::array();
    for (const auto& b : run.buckets) {
        json wait = json::array();
        json latency = json::array();
        for (std::size_t c = 0; c < b.wait.size(); ++c) {
            wait.push_back({b.wait[c].quantile(0.5), b.wait[c].quantile(0.95), b.wait[c].quantile(0.99)});
            latency.push_back({b.latency[c].quantile(0.5), b.latency[c].quantile(0.95), b.latency[c].quantile(0.99)});
        }
        buckets.push_back({{"start_s", b.start},
                           {"mean_depth", b.mean_depth},
                           {"max_depth", b.max_depth},
                           {"in_flight", b.mean_in_flight},
                           {"utilisation", b.utilisation},
                           {"arrivals", b.arrivals},
                           {"completions", b.completions},
                           {"retries", b.retries},
                           {"duplicates", b.duplicates},
                           {"dead_letters", b.dead_letters},
                           {"rejections", b.rejections},
                           {"wait_p50_p95_p99_s", wait},
                           {"latency_p50_p95_p99_s", latency}});
    }
    return buckets;
}

json scenario_json(const Scenario& s, const RunResult& run, const Model& model) {
    json disturbances = json::array();
    for (const auto& d : s.disturbances) {
        disturbances.push_back({{"kind", kind_name(d.kind)},
                                {"from_s", d.from},
                                {"until_s", d.until},
                                {"factor", d.factor},
                                {"workers_down", d.workers_down == 0 ? model.workers : d.workers_down}});
    }
    json classes = json::array();
    for (std::size_t c = 0; c < run.classes.size(); ++c) {
        const auto& t = run.classes[c];
        classes.push_back({{"name", model.classes[c].name},
                           {"started", t.started},
                           {"completed", t.completed},
                           {"wait", quantiles(t.wait, t.wait_sum, t.started)},
                           {"latency", quantiles(t.latency, t.latency_sum, t.completed)}});
    }
    return {{"name", s.name},
            {"duration_s", s.duration},
            {"load", s.at_peak ? "peak" : "shape"},
            {"disturbances", disturbances},
            {"bucket_s", run.bucket_seconds},
            {"totals", totals_json(run, model)},
            {"classes", classes},
            {"buckets", buckets_json(run)}};
}

} // namespace

std::string describe_scenario(const Scenario& s) {
    std::string text = s.name + ": " + format_seconds(s.duration) + (s.at_peak ? " at peak" : " at the stated shape");
    for (const auto& d : s.disturbances) {
        const std::string window = format_seconds(d.from) + " to " + format_seconds(d.until);
        switch (d.kind) {
        case Disturbance::Kind::outage:
            text += ", " + (d.workers_down == 0 ? std::string("every worker") : count(d.workers_down) + " workers") +
                    " down " + window;
            break;
        case Disturbance::Kind::slowdown:
            text += ", jobs " + format_count(d.factor) + "x slower " + window;
            break;
        case Disturbance::Kind::retry_storm:
            text += ", " + percent(d.factor) + " of attempts fail " + window;
            break;
        }
    }
    return text;
}

std::string describe_run(const RunResult& run) {
    // Waits of a backlog that keeps growing are those of the jobs that got to start, an understatement.
    const std::string of = run.unbounded ? " of the jobs that started" : "";
    std::string text = "utilisation " + percent(run.utilisation) + "; wait" + of + " p50 " +
                       format_seconds(run_quantile(run, 0.5, false)) + ", p95 " +
                       format_seconds(run_quantile(run, 0.95, false)) + ", p99 " +
                       format_seconds(run_quantile(run, 0.99, false)) + "; enqueue to completion p95 " +
                       format_seconds(run_quantile(run, 0.95, true)) + "; ";
    if (run.unbounded) {
        text += "the backlog grows without bound at " + format_count(run.growth_per_second) + " jobs/s (" +
                count(run.backlog_at_end) + " at the end" + (run.capped ? ", past the simulated cap" : "") + ")";
    } else {
        text += "backlog bounded (" + count(run.backlog_at_end) + " at the end)";
    }
    if (run.drain_seconds >= 0) {
        text += std::isfinite(run.drain_seconds)
                    ? "; drained " + format_seconds(run.drain_seconds) + " after the outage"
                    : "; did not drain after the outage within the run";
    }
    if (run.stopped_early) {
        text += "; stopped early (event budget spent)";
    }
    return text;
}

json verdict_json(const Verdict& v) {
    return {{"source", v.source}, {"line", v.line},          {"requirement", v.requirement},
            {"check", v.check},   {"scenario", v.scenario},  {"checked", v.checked},
            {"met", v.met},       {"simulated", v.simulated}};
}

std::string verdict_line(const Verdict& v) {
    return std::string(!v.checked ? "not checked"
                       : v.met    ? "met"
                                  : "NOT MET") +
           "  " + v.check + ": " + v.simulated + "  (" + v.source + " line " + std::to_string(v.line) + ")";
}

json to_json(const SimulationReport& report) {
    json parameters = json::array();
    for (const auto& p : report.build.parameters) {
        parameters.push_back({{"name", p.name}, {"value", p.value}, {"source", p.source}, {"assumed", p.assumed}});
    }
    json scenarios = json::array();
    for (std::size_t i = 0; i < report.runs.size(); ++i) {
        scenarios.push_back(scenario_json(report.scenarios[i], report.runs[i], report.build.model));
    }
    json verdicts = json::array();
    for (const auto& v : report.verdicts) {
        verdicts.push_back(verdict_json(v));
    }
    return {{"seed", report.seed},
            {"cannot", report.cannot ? json(*report.cannot) : json(nullptr)},
            {"missing", report.build.missing},
            {"notes", report.build.notes},
            {"parameters", parameters},
            {"scenarios", scenarios},
            {"verdicts", verdicts}};
}

std::string to_summary(const SimulationReport& report) {
    if (report.cannot) {
        std::string text = *report.cannot + "\nmissing:";
        for (const auto& m : report.build.missing) {
            text += "\n  - " + m;
        }
        return text + "\n(state them in the design, or give them with --set NAME=VALUE)\n";
    }
    std::string text;
    for (std::size_t i = 0; i < report.runs.size(); ++i) {
        text += describe_scenario(report.scenarios[i]) + "\n  " + describe_run(report.runs[i]) + "\n";
    }
    if (!report.verdicts.empty()) {
        text += "verdicts:\n";
        for (const auto& v : report.verdicts) {
            text += "  " + verdict_line(v) + "\n";
        }
    }
    std::string assumed;
    for (const auto& p : report.build.parameters) {
        if (p.assumed) {
            assumed += (assumed.empty() ? "" : ", ") + p.name + " " + p.value;
        }
    }
    if (!assumed.empty()) {
        text += "assumed (not stated; --set NAME=VALUE to change): " + assumed + "\n";
    }
    for (const auto& note : report.build.notes) {
        text += "note: " + note + "\n";
    }
    return text;
}

} // namespace parley::sim
