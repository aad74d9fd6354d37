#include "sim/brief.hpp"

#include <algorithm>
#include <type_traits>

#include "sim/output.hpp"
#include "sim/units.hpp"
#include "util/text_safety.hpp"

namespace parley::sim {

namespace {

using nlohmann::json;

template <typename T> T field(const json& j, const char* name, T fallback) {
    const auto it = j.find(name);
    if (it == j.end()) {
        return fallback;
    }
    if constexpr (std::is_same_v<T, bool>) {
        return it->is_boolean() ? it->get<bool>() : fallback;
    } else if constexpr (std::is_same_v<T, std::string>) {
        return it->is_string() ? it->get<std::string>() : fallback;
    } else if constexpr (std::is_integral_v<T>) {
        return it->is_number_unsigned() ? it->get<T>() : fallback; // a line or a seed: never negative
    } else {
        return it->is_number() ? it->get<T>() : fallback;
    }
}

std::vector<std::string> strings(const json& j, const char* name) {
    std::vector<std::string> out;
    if (const auto it = j.find(name); it != j.end() && it->is_array()) {
        for (const auto& item : *it) {
            if (item.is_string()) {
                out.push_back(item.get<std::string>());
            }
        }
    }
    return out;
}

const json& array_of(const json& j, const char* name) {
    static const json empty = json::array();
    const auto it = j.find(name);
    return it != j.end() && it->is_array() ? *it : empty;
}

std::string scenario_line(const BriefScenario& s) {
    return s.name + (s.holds ? ": holds; " : ": does not hold; ") + s.outcome;
}

} // namespace

SimulationBrief brief_simulation(std::string_view design, const std::optional<std::string>& problem) {
    SimulationBrief brief;
    SimulationRequest request;
    request.inputs.design = std::string(design);
    request.inputs.problem = problem;
    request.seed = kBriefSeed;
    // The model is built here once (its peak sets the duration) and handed to simulate.
    auto build = build_model(request.inputs);
    if (!build) {
        brief.cannot = build.error().message;
        return brief;
    }
    request.duration = build->missing.empty() && build->model.peak_rate > 0
                           ? std::min(kBriefSeconds, kBriefJobs / build->model.peak_rate)
                           : kBriefSeconds;
    request.built = std::move(*build);
    auto report = simulate(request);
    if (!report) {
        brief.cannot = report.error().message;
        return brief;
    }
    if (report->cannot) {
        brief.cannot = *report->cannot;
        brief.missing = report->build.missing;
        return brief;
    }
    brief.simulated = true;
    brief.duration = request.duration;
    for (std::size_t i = 0; i < report->runs.size(); ++i) {
        const auto& run = report->runs[i];
        brief.scenarios.push_back(
            {report->scenarios[i].name, !run.unbounded && run.rejections == 0 && run.dropped == 0, describe_run(run)});
    }
    brief.verdicts = std::move(report->verdicts);
    for (const auto& p : report->build.parameters) {
        if (p.assumed) {
            brief.assumed.push_back(p.name + " " + p.value);
        }
    }
    return brief;
}

std::vector<std::string> brief_lines(const SimulationBrief& brief) {
    if (!brief.simulated) {
        std::vector<std::string> lines{brief.cannot};
        if (!brief.missing.empty()) {
            std::string missing;
            for (const auto& m : brief.missing) {
                missing += (missing.empty() ? "" : "; ") + m;
            }
            lines.push_back("missing: " + missing);
        }
        return lines;
    }
    std::vector<std::string> lines{"simulated " + format_seconds(brief.duration) + " at peak per scenario (seed " +
                                   std::to_string(brief.seed) +
                                   "; shortened to stay fast: `parley simulate` runs 2 h)"};
    for (const auto& s : brief.scenarios) {
        lines.push_back(scenario_line(s));
    }
    for (const auto& v : brief.verdicts) {
        lines.push_back(verdict_line(v));
    }
    if (!brief.assumed.empty()) {
        std::string assumed;
        for (const auto& a : brief.assumed) {
            assumed += (assumed.empty() ? "" : ", ") + a;
        }
        lines.push_back("assumed (not stated): " + assumed);
    }
    return lines;
}

std::string brief_headline(const SimulationBrief& brief) {
    if (!brief.simulated) {
        return brief.cannot;
    }
    std::size_t checked = 0;
    std::size_t met = 0;
    for (const auto& v : brief.verdicts) {
        checked += v.checked ? 1 : 0;
        met += v.checked && v.met ? 1 : 0;
    }
    const bool holds =
        std::all_of(brief.scenarios.begin(), brief.scenarios.end(), [](const auto& s) { return s.holds; });
    std::string text = holds ? "holds its load in every scenario" : "does not hold its load in every scenario";
    if (checked > 0) {
        text += "; " + std::to_string(met) + " of " + std::to_string(checked) + " requirement checks met";
    }
    return text + " (" + std::to_string(brief.assumed.size()) + " parameters assumed)";
}

std::string brief_markdown(const SimulationBrief& brief, int heading_level) {
    std::string text = std::string(static_cast<std::size_t>(std::clamp(heading_level, 1, 6)), '#') + " Simulation\n\n";
    for (const auto& line : brief_lines(brief)) {
        text += "- " + util::markdown_cell(line) + "\n";
    }
    return text;
}

json to_json(const SimulationBrief& brief) {
    json scenarios = json::array();
    for (const auto& s : brief.scenarios) {
        scenarios.push_back({{"name", s.name}, {"holds", s.holds}, {"outcome", s.outcome}});
    }
    json verdicts = json::array();
    for (const auto& v : brief.verdicts) {
        verdicts.push_back(verdict_json(v));
    }
    return {{"simulated", brief.simulated}, {"cannot", brief.simulated ? json(nullptr) : json(brief.cannot)},
            {"missing", brief.missing},     {"duration_seconds", brief.duration},
            {"seed", brief.seed},           {"scenarios", scenarios},
            {"verdicts", verdicts},         {"assumed", brief.assumed}};
}

SimulationBrief brief_from_json(const json& j) {
    SimulationBrief brief;
    if (!j.is_object()) {
        return brief;
    }
    brief.simulated = field(j, "simulated", false);
    brief.cannot = field(j, "cannot", std::string());
    brief.missing = strings(j, "missing");
    brief.duration = field(j, "duration_seconds", 0.0);
    brief.seed = field<std::uint64_t>(j, "seed", kBriefSeed);
    for (const auto& s : array_of(j, "scenarios")) {
        if (s.is_object()) {
            brief.scenarios.push_back(
                {field(s, "name", std::string()), field(s, "holds", false), field(s, "outcome", std::string())});
        }
    }
    for (const auto& v : array_of(j, "verdicts")) {
        if (!v.is_object()) {
            continue;
        }
        Verdict verdict;
        verdict.source = field(v, "source", std::string());
        verdict.line = field<std::size_t>(v, "line", 0);
        verdict.requirement = field(v, "requirement", std::string());
        verdict.check = field(v, "check", std::string());
        verdict.scenario = field(v, "scenario", std::string());
        verdict.checked = field(v, "checked", false);
        verdict.met = field(v, "met", false);
        verdict.simulated = field(v, "simulated", std::string());
        brief.verdicts.push_back(std::move(verdict));
    }
    brief.assumed = strings(j, "assumed");
    return brief;
}

} // namespace parley::sim
