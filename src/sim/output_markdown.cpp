// to_markdown: the simulation report for people, in the order a reviewer reads it.

#include <algorithm>

#include "sim/output.hpp"
#include "sim/units.hpp"
#include "util/text_safety.hpp"

namespace parley::sim {

namespace {

// Text from the design or the flags as one table cell, by the project's one Markdown cell policy.
std::string cell(const std::string& text) {
    return util::markdown_cell(text);
}

std::string over_time(const RunResult& run) {
    std::string text =
        "| from | mean depth | max depth | in flight | utilisation | wait p95 | completions | "
        "retries | duplicates | dead letters | rejections |\n|---|---|---|---|---|---|---|---|---|---|---|\n";
    const std::size_t step = std::max<std::size_t>(1, run.buckets.size() / 12);
    for (std::size_t i = 0; i < run.buckets.size(); i += step) {
        const auto& b = run.buckets[i];
        CoarseHistogram wait;
        for (const auto& h : b.wait) {
            wait.merge(h);
        }
        text += "| " + format_seconds(b.start) + " | " + format_count(b.mean_depth) + " | " +
                format_count(static_cast<double>(b.max_depth)) + " | " + format_count(b.mean_in_flight) + " | " +
                format_count(b.utilisation * 100) + "% | " + format_seconds(wait.quantile(0.95)) + " | " +
                format_count(static_cast<double>(b.completions)) + " | " +
                format_count(static_cast<double>(b.retries)) + " | " + format_count(static_cast<double>(b.duplicates)) +
                " | " + format_count(static_cast<double>(b.dead_letters)) + " | " +
                format_count(static_cast<double>(b.rejections)) + " |\n";
    }
    return text;
}

std::string scenario_section(const SimulationReport& report, std::size_t i) {
    const auto& run = report.runs[i];
    const auto& model = report.build.model;
    std::string text = "## " + cell(describe_scenario(report.scenarios[i])) + "\n\n" + cell(describe_run(run)) + "\n\n";
    text += "| class | started | wait p50 | wait p95 | wait p99 | completed | end-to-end p95 | end-to-end p99 |\n"
            "|---|---|---|---|---|---|---|---|\n";
    for (std::size_t c = 0; c < run.classes.size(); ++c) {
        const auto& t = run.classes[c];
        text += "| " + cell(model.classes[c].name) + " | " + format_count(static_cast<double>(t.started)) + " | " +
                format_seconds(t.wait.quantile(0.5)) + " | " + format_seconds(t.wait.quantile(0.95)) + " | " +
                format_seconds(t.wait.quantile(0.99)) + " | " + format_count(static_cast<double>(t.completed)) + " | " +
                format_seconds(t.latency.quantile(0.95)) + " | " + format_seconds(t.latency.quantile(0.99)) + " |\n";
    }
    text += "\nTotals: " + format_count(static_cast<double>(run.arrivals)) + " arrivals, " +
            format_count(static_cast<double>(run.completions)) + " completions, " +
            format_count(static_cast<double>(run.retries)) + " retries, " +
            format_count(static_cast<double>(run.duplicates)) + " duplicates (a lease lapsed while the job ran), " +
            format_count(static_cast<double>(run.dead_letters)) + " dead letters, " +
            format_count(static_cast<double>(run.rejections)) + " rejected, " +
            format_count(static_cast<double>(run.dropped)) + " dropped, " +
            format_count(static_cast<double>(run.redelivered)) + " redelivered after a worker failed, " +
            format_count(static_cast<double>(run.lost)) + " lost.\n\n";
    return text + over_time(run) + "\n";
}

} // namespace

std::string to_markdown(const SimulationReport& report) {
    std::string text = "# Simulation of the design's queue\n\n";
    if (report.cannot) {
        text += cell(*report.cannot) + ". Missing:\n\n";
        for (const auto& m : report.build.missing) {
            text += "- " + cell(m) + "\n";
        }
        return text;
    }
    text += "Seed " + std::to_string(report.seed) + "; discrete-event simulation in virtual time.\n\n";
    if (!report.verdicts.empty()) {
        text += "## Verdicts\n\n| requirement | check | result | simulated |\n|---|---|---|---|\n";
        for (const auto& v : report.verdicts) {
            text += "| " + v.source + " line " + std::to_string(v.line) + ": " + cell(v.requirement) + " | " +
                    cell(v.check) + " | " +
                    (!v.checked ? "not checked"
                     : v.met    ? "met"
                                : "**not met**") +
                    " | " + cell(v.simulated) + " |\n";
        }
        text += "\n";
    }
    text += "## Parameters\n\n| parameter | value | source |\n|---|---|---|\n";
    for (const auto& p : report.build.parameters) {
        text += "| " + cell(p.name) + " | " + cell(p.value) + " | " + (p.assumed ? "**assumed** " : "") +
                cell(p.source) + " |\n";
    }
    for (const auto& note : report.build.notes) {
        text += "\nNote: " + cell(note) + "\n";
    }
    text += "\n";
    for (std::size_t i = 0; i < report.runs.size(); ++i) {
        text += scenario_section(report, i);
    }
    return text;
}

} // namespace parley::sim
