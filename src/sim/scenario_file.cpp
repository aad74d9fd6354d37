#include "sim/scenario_file.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "sim/units.hpp"

namespace parley::sim {

namespace {

using nlohmann::json;

/// The most scenarios, and disturbances per scenario, a file may hold.
constexpr std::size_t kMaxScenarios = 32;
constexpr std::size_t kMaxDisturbances = 16;

struct FieldError {
    std::string path;
    std::string what;
};

std::optional<double> duration_of(const json& value) {
    if (value.is_number()) {
        const double d = value.get<double>();
        return std::isfinite(d) && d >= 0 ? std::optional<double>(d) : std::nullopt;
    }
    return value.is_string() ? parse_duration(value.get<std::string>()) : std::nullopt;
}

std::optional<FieldError> read_disturbance(const json& spec, Disturbance::Kind kind, const std::string& path,
                                           Disturbance* out) {
    if (!spec.is_object()) {
        return FieldError{path, "not an object"};
    }
    out->kind = kind;
    const auto from = spec.contains("from") ? duration_of(spec["from"]) : std::nullopt;
    const auto until = spec.contains("until") ? duration_of(spec["until"]) : std::nullopt;
    if (!from) {
        return FieldError{path + ".from", "not a duration (\"30m\", \"90s\", or seconds)"};
    }
    // value_or, not *: g++ 12 at -O2 cannot see that `from` holds a value here and warns (maybe-uninitialized).
    const double begins = from.value_or(0);
    if (!until || *until < begins) {
        return FieldError{path + ".until", "not a duration at or after from"};
    }
    out->from = begins;
    out->until = *until;
    const char* factor = kind == Disturbance::Kind::slowdown ? "factor" : "failure_rate";
    if (kind != Disturbance::Kind::outage) {
        if (!spec.contains(factor) || !spec[factor].is_number() || !std::isfinite(spec[factor].get<double>()) ||
            spec[factor].get<double>() < 0 ||
            (kind == Disturbance::Kind::retry_storm && spec[factor].get<double>() > 1) ||
            spec[factor].get<double>() > 1e6) {
            return FieldError{path + "." + factor, kind == Disturbance::Kind::slowdown
                                                       ? "not a job time multiplier between 0 and 1e6"
                                                       : "not a failure probability between 0 and 1"};
        }
        out->factor = spec[factor].get<double>();
    } else if (spec.contains("workers")) {
        const auto& w = spec["workers"];
        if (!w.is_number_unsigned() || w.get<std::uint64_t>() > 0xffffffffULL) {
            return FieldError{path + ".workers", "not a count of workers"};
        }
        out->workers_down = static_cast<std::uint32_t>(w.get<std::uint64_t>());
    }
    return std::nullopt;
}

std::optional<FieldError> read_scenario(const json& spec, const std::string& path, double duration, Scenario* out) {
    if (!spec.is_object()) {
        return FieldError{path, "not an object"};
    }
    out->name =
        spec.contains("name") && spec["name"].is_string() ? spec["name"].get<std::string>().substr(0, 80) : path;
    out->duration = duration;
    if (spec.contains("duration")) {
        const auto d = duration_of(spec["duration"]);
        if (!d || !(*d > 0)) {
            return FieldError{path + ".duration", "not a positive duration"};
        }
        out->duration = *d;
    }
    if (spec.contains("load")) {
        if (!spec["load"].is_string() || (spec["load"] != "peak" && spec["load"] != "shape")) {
            return FieldError{path + ".load", "not \"peak\" or \"shape\""};
        }
        out->at_peak = spec["load"] == "peak";
    }
    const std::pair<const char*, Disturbance::Kind> kinds[] = {{"outage", Disturbance::Kind::outage},
                                                               {"slowdown", Disturbance::Kind::slowdown},
                                                               {"retry_storm", Disturbance::Kind::retry_storm}};
    for (const auto& [key, kind] : kinds) {
        if (!spec.contains(key)) {
            continue;
        }
        const json& value = spec[key];
        const json list = value.is_array() ? value : json::array({value});
        if (list.size() > kMaxDisturbances) {
            return FieldError{path + "." + key, "more than 16 disturbances"};
        }
        for (std::size_t i = 0; i < list.size(); ++i) {
            Disturbance d;
            if (auto error = read_disturbance(list[i], kind, path + "." + key, &d)) {
                return error;
            }
            out->disturbances.push_back(d);
        }
    }
    return std::nullopt;
}

} // namespace

Result<ScenarioFile> parse_scenario_file(const std::string& text, const std::string& origin, double duration) {
    auto problem = [&](const std::string& path, const std::string& what) {
        return fail(ErrorKind::invalid_input, origin + ": " + path + (path.empty() ? "" : ": ") + what);
    };
    if (text.size() > kMaxScenarioFileBytes) {
        return problem("", "larger than 256 KiB");
    }
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return problem("", "not a JSON object (see parley simulate --help)");
    }
    ScenarioFile file;
    if (doc.contains("duration")) {
        const auto d = duration_of(doc["duration"]);
        if (!d || !(*d > 0)) {
            return problem("duration", "not a positive duration");
        }
        duration = *d;
    }
    if (doc.contains("set")) {
        if (!doc["set"].is_object() || doc["set"].size() > 64) {
            return problem("set", "not an object of at most 64 NAME: VALUE pairs");
        }
        for (const auto& [name, value] : doc["set"].items()) {
            if (!value.is_string() && !value.is_number()) {
                return problem("set." + name.substr(0, 40), "not a string or a number");
            }
            file.sets.emplace_back(name, value.is_string() ? value.get<std::string>() : value.dump());
        }
    }
    if (!doc.contains("scenarios") || !doc["scenarios"].is_array() || doc["scenarios"].empty() ||
        doc["scenarios"].size() > kMaxScenarios) {
        return problem("scenarios", "not a list of 1 to 32 scenarios");
    }
    for (std::size_t i = 0; i < doc["scenarios"].size(); ++i) {
        Scenario s;
        if (auto error = read_scenario(doc["scenarios"][i], "scenarios[" + std::to_string(i) + "]", duration, &s)) {
            return problem(error->path, error->what);
        }
        file.scenarios.push_back(std::move(s));
    }
    return file;
}

} // namespace parley::sim
