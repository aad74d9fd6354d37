// check_requirements: the requirements a run can answer (a wait or latency percentile, a sustained rate, a time
// to drain), each with the simulated number beside it.

#include <algorithm>
#include <cmath>
#include <string>

#include "review/quantity.hpp"
#include "review/requirements.hpp"
#include "review/text_lines.hpp"
#include "sim/simulation.hpp"
#include "sim/units.hpp"

namespace parley::sim {

namespace {

bool has_any(const std::string& text, std::initializer_list<std::string_view> words) {
    for (auto word : words) {
        if (text.find(word) != std::string::npos) {
            return true;
        }
    }
    return false;
}

// The percentile a line names ("p95", "(p99)", "median"), as a fraction, or 0.
double named_quantile(const std::string& lower) {
    for (const auto& [word, q] : {std::pair{"p999", 0.999}, std::pair{"p99", 0.99}, std::pair{"p95", 0.95},
                                  std::pair{"p90", 0.9}, std::pair{"p50", 0.5}, std::pair{"median", 0.5}}) {
        if (lower.find(word) != std::string::npos) {
            return q;
        }
    }
    return 0;
}

const RunResult* find_run(const SimulationReport& report, bool outage) {
    for (std::size_t i = 0; i < report.runs.size(); ++i) {
        const auto& s = report.scenarios[i];
        const bool has_outage = std::any_of(s.disturbances.begin(), s.disturbances.end(),
                                            [](const auto& d) { return d.kind == Disturbance::Kind::outage; });
        if (outage ? has_outage : (s.at_peak && s.disturbances.empty())) {
            return &report.runs[i];
        }
    }
    return nullptr;
}

std::string quantile_name(double q) {
    return q == 0.5 ? "median" : "p" + format_count(q * 100);
}

std::optional<Verdict> percentile_verdict(const SimulationReport& report, const std::string& lower,
                                          const std::vector<review::Quantity>& quantities) {
    const double q = named_quantile(lower);
    const bool wait = has_any(lower, {"start", "enqueue", "wait", "pick"});
    const bool latency = has_any(lower, {"complete", "finish", "end-to-end", "end to end", "done"});
    const auto limit = std::find_if(quantities.begin(), quantities.end(),
                                    [](const auto& x) { return x.kind == review::QuantityKind::duration; });
    if (q == 0 || (!wait && !latency) || limit == quantities.end()) {
        return std::nullopt;
    }
    Verdict v;
    const bool of_wait = wait && !latency;
    v.check = quantile_name(q) + (of_wait ? " wait (enqueue to start)" : " enqueue to completion") +
              " at peak within " + format_seconds(limit->value);
    const RunResult* run = find_run(report, false);
    if (!run) {
        v.simulated = "not checked: no steady peak scenario was run";
        return v;
    }
    v.scenario = run->scenario;
    const double simulated = run_quantile(*run, q, !of_wait);
    v.checked = true;
    v.met = simulated <= limit->value && !run->unbounded;
    v.simulated = run->unbounded ? "the backlog grows without bound" : format_seconds(simulated);
    return v;
}

std::optional<Verdict> rate_verdict(const SimulationReport& report, const std::string& lower,
                                    const std::vector<review::Quantity>& quantities) {
    const auto rate = std::find_if(quantities.begin(), quantities.end(),
                                   [](const auto& x) { return x.kind == review::QuantityKind::rate; });
    if (rate == quantities.end() || !has_any(lower, {"sustain", "handle", "throughput", "process", "peak"})) {
        return std::nullopt;
    }
    Verdict v;
    v.check = "sustain " + format_count(rate->value) + " jobs/s at peak";
    const RunResult* run = find_run(report, false);
    if (!run) {
        v.simulated = "not checked: no steady peak scenario was run";
        return v;
    }
    v.scenario = run->scenario;
    const double offered = report.build.model.peak_rate;
    if (offered < rate->value * 0.99) {
        v.simulated = "not checked: the simulated peak, " + format_count(offered) +
                      " jobs/s, is below it (--set peak_rate=" + std::to_string(std::llround(rate->value)) +
                      " to check)";
        return v;
    }
    const double done = static_cast<double>(run->completions + run->dead_letters) / run->duration;
    v.checked = true;
    v.met = !run->unbounded && run->rejections == 0 && run->dropped == 0;
    v.simulated = format_count(done) + " jobs/s finished" +
                  (run->unbounded ? ", backlog grows by " + format_count(run->growth_per_second) + " jobs/s" : "") +
                  (run->rejections > 0 ? ", " + format_count(static_cast<double>(run->rejections)) + " rejected" : "");
    return v;
}

std::optional<Verdict> drain_verdict(const SimulationReport& report, const std::string& lower,
                                     const std::vector<review::Quantity>& quantities) {
    const auto limit = std::find_if(quantities.begin(), quantities.end(),
                                    [](const auto& x) { return x.kind == review::QuantityKind::duration; });
    if (limit == quantities.end() || !has_any(lower, {"drain", "recover", "catch up"})) {
        return std::nullopt;
    }
    Verdict v;
    v.check = "drain after an outage within " + format_seconds(limit->value);
    const RunResult* run = find_run(report, true);
    if (!run || run->drain_seconds < 0) {
        v.simulated = "not checked: no outage scenario was run";
        return v;
    }
    v.scenario = run->scenario;
    v.checked = true;
    v.met = run->drain_seconds <= limit->value;
    v.simulated =
        std::isfinite(run->drain_seconds) ? format_seconds(run->drain_seconds) : "did not drain within the run";
    return v;
}

} // namespace

std::vector<Verdict> check_requirements(const SimulationReport& report, const std::optional<std::string>& problem,
                                        const std::string& design) {
    std::vector<review::TextLine> lines;
    std::string source = "problem";
    if (problem) {
        lines = review::requirement_lines(review::join_wrapped(review::split_lines(*problem)));
    } else {
        source = "design";
        for (auto& line : review::join_wrapped(review::split_lines(design))) {
            if (has_any(line.lower, {"target", "slo", "must", "requirement"})) {
                lines.push_back(std::move(line));
            }
        }
    }
    std::vector<Verdict> verdicts;
    for (const auto& line : lines) {
        const auto quantities = review::extract_quantities(line.text);
        for (auto check : {percentile_verdict, rate_verdict, drain_verdict}) {
            if (auto v = check(report, line.lower, quantities)) {
                v->line = line.number;
                v->source = source;
                // The requirement as a sentence: without its list marker ("- ", "* ", "3. ").
                std::string text = line.text.substr(std::min(line.text.find_first_not_of(' '), line.text.size()));
                const auto digits = text.find_first_not_of("0123456789");
                if (text.rfind("- ", 0) == 0 || text.rfind("* ", 0) == 0 || text.rfind("+ ", 0) == 0) {
                    text.erase(0, 2);
                } else if (digits > 0 && digits != std::string::npos && text.compare(digits, 2, ". ") == 0) {
                    text.erase(0, digits + 2);
                }
                v->requirement = review::shorten_quote(text, 160);
                verdicts.push_back(std::move(*v));
                break;
            }
        }
    }
    return verdicts;
}

} // namespace parley::sim
