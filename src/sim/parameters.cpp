#include "sim/parameters.hpp"

#include <cmath>
#include <cstdlib>
#include <map>

#include "sim/design_statements.hpp"
#include "sim/units.hpp"

namespace parley::sim {

namespace {

enum class Type { rate, duration, count, probability, word, text };

struct Known {
    const char* name;
    Type type;
    const char* description;
};

const Known kKnown[] = {
    {"peak_rate", Type::rate, "arrivals per second at peak (or N/min, N/h)"},
    {"average_rate", Type::rate, "arrivals per second on average"},
    {"arrival_rate", Type::rate, "a rate stated without saying peak or average (used as the peak)"},
    {"shape", Type::word, "steady, diurnal or bursts: the rate between average and peak"},
    {"burst_period", Type::duration, "bursts: time between the starts of two bursts"},
    {"burst_length", Type::duration, "bursts: how long a burst at the peak rate lasts"},
    {"job_time_distribution", Type::word, "exponential, deterministic or lognormal"},
    {"job_time_mean", Type::duration, "mean job time"},
    {"job_time_median", Type::duration, "median job time"},
    {"job_time_p95", Type::duration, "95th percentile job time"},
    {"job_time_p99", Type::duration, "99th percentile job time"},
    {"job_time_max", Type::duration, "longest job time (read as the 99.9th percentile)"},
    {"job_time_min", Type::duration, "shortest job time (shown, not used)"},
    {"job_time_typical", Type::duration, "a job time stated without a statistic (read as the mean)"},
    {"workers", Type::count, "workers (pods, processes, machines)"},
    {"concurrency", Type::count, "jobs one worker runs at once"},
    {"slots", Type::count, "workers x concurrency, when only the total is stated"},
    {"priority_count", Type::count, "priority classes"},
    {"priority_names", Type::text, "class names, highest first: high,standard,low"},
    {"priority_shares", Type::text, "share of arrivals per class: 0.2:0.5:0.3"},
    {"priority_weights", Type::text, "weights when served by weight: 6:3:1"},
    {"priority_mode", Type::word, "strict or weighted"},
    {"attempts", Type::count, "attempts before a failing job is dead-lettered"},
    {"dead_letter_after", Type::count, "failed attempts after which a job is dead-lettered"},
    {"backoff_base", Type::duration, "delay before the first retry (doubles each retry)"},
    {"backoff_cap", Type::duration, "longest delay between retries"},
    {"jitter", Type::word, "none, full or equal"},
    {"transient_failure", Type::probability, "probability that an attempt fails and may be retried"},
    {"permanent_failure", Type::probability, "probability that a job is poison (fails every attempt)"},
    {"crash_rate", Type::rate, "worker crashes per worker per hour (N/h)"},
    {"restart_time", Type::duration, "how long a crashed worker is away"},
    {"lease", Type::duration, "lease or visibility timeout (0: none)"},
    {"heartbeat", Type::word, "yes or no: the lease is extended while the job runs"},
    {"queue_bound", Type::count, "waiting jobs at most (0: unbounded)"},
    {"bound_policy", Type::word, "reject, block or drop_oldest"},
    {"downstream_rate", Type::rate, "job starts per second a downstream allows (0: no limit)"},
    {"backlog_cap", Type::count, "jobs the simulated backlog holds at most"},
};

const Known* find_known(const std::string& name) {
    for (const auto& k : kKnown) {
        if (name == k.name) {
            return &k;
        }
    }
    return nullptr;
}

std::optional<double> parse_number(const std::string& text, std::string* rest) {
    if (text.empty() || text.size() > 64) {
        return std::nullopt;
    }
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || !std::isfinite(value)) {
        return std::nullopt;
    }
    *rest = end;
    return value;
}

/// The value in base units (per second, seconds, a count, a probability), or nullopt when it is not one.
std::optional<double> parse_value(Type type, const std::string& text) {
    std::string rest;
    switch (type) {
    case Type::duration:
        return parse_duration(text);
    case Type::rate: {
        auto value = parse_number(text, &rest);
        static const std::map<std::string, double> per{{"", 1},         {"/s", 1},     {"/sec", 1},
                                                       {"/min", 60},    {"/m", 60},    {"/h", 3600},
                                                       {"/hour", 3600}, {"/d", 86400}, {"/day", 86400}};
        const auto unit = per.find(rest);
        if (!value || *value < 0 || unit == per.end()) {
            return std::nullopt;
        }
        return *value / unit->second;
    }
    case Type::count: {
        auto value = parse_number(text, &rest);
        if (!value || !rest.empty() || *value < 0 || *value > 4e9 || std::floor(*value) != *value) {
            return std::nullopt;
        }
        return value;
    }
    case Type::probability: {
        auto value = parse_number(text, &rest);
        if (!value || !(rest.empty() || rest == "%")) {
            return std::nullopt;
        }
        const double p = rest == "%" ? *value / 100 : *value;
        return p >= 0 && p <= 1 ? std::optional<double>(p) : std::nullopt;
    }
    case Type::word:
    case Type::text:
        break;
    }
    return 0.0;
}

bool valid_word(const std::string& name, const std::string& value) {
    static const std::map<std::string, std::vector<std::string>> words{
        {"shape", {"steady", "diurnal", "bursts"}},
        {"job_time_distribution", {"exponential", "deterministic", "lognormal"}},
        {"priority_mode", {"strict", "weighted"}},
        {"jitter", {"none", "full", "equal"}},
        {"heartbeat", {"yes", "no"}},
        {"bound_policy", {"reject", "block", "drop_oldest"}},
    };
    const auto& allowed = words.at(name);
    return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

/// A value and where it came from.
struct Sourced {
    std::string value;
    std::string source;
};

class Builder {
public:
    Result<ModelBuild> build(const ParameterInputs& inputs) {
        for (const auto& s : read_statements(inputs.design, false)) {
            take(s, "design");
        }
        if (inputs.problem) {
            for (const auto& s : read_statements(*inputs.problem, true)) {
                take(s, "problem");
            }
        }
        for (const auto& [sets, origin] :
             {std::pair{&inputs.scenario_sets, "scenario file"}, std::pair{&inputs.sets, "--set"}}) {
            for (const auto& [name, value] : *sets) {
                if (auto bad = set(name, value, origin)) {
                    return fail(ErrorKind::invalid_input, *bad);
                }
            }
        }
        arrivals();
        job_time();
        workers();
        if (auto bad = priorities()) {
            return fail(ErrorKind::invalid_input, *bad);
        }
        failures();
        return std::move(out_);
    }

private:
    // A statement of the design or problem, unless an earlier source (the design, before the problem) gave it.
    void take(const Statement& s, const char* origin) {
        if (values_.count(s.name) == 0 && find_known(s.name) && parse_value(find_known(s.name)->type, s.value)) {
            values_[s.name] = {s.value, std::string(origin) + " line " + std::to_string(s.line) + ": " + s.quote};
            job_time_origin_[s.name] = origin;
        }
    }

    std::optional<std::string> set(const std::string& name, const std::string& value, const char* origin) {
        const Known* known = find_known(name);
        const std::string where = std::string(origin) + " " + name + "=" + value.substr(0, 40);
        if (!known) {
            return where + ": unknown parameter (see parley simulate --help for the names)";
        }
        const auto parsed = parse_value(known->type, value);
        if (!parsed || (known->type == Type::word && !valid_word(name, value))) {
            return where + ": not a valid value for " + name + " (" + known->description + ")";
        }
        values_[name] = {known->type == Type::word || known->type == Type::text ? value : std::to_string(*parsed),
                         origin};
        job_time_origin_[name] = origin;
        return std::nullopt;
    }

    std::optional<double> number(const std::string& name) const {
        const auto it = values_.find(name);
        if (it == values_.end()) {
            return std::nullopt;
        }
        return parse_value(find_known(name)->type, it->second.value);
    }

    std::string word(const std::string& name, const std::string& otherwise) const {
        const auto it = values_.find(name);
        return it == values_.end() ? otherwise : it->second.value;
    }

    std::string source(const std::string& name) const {
        const auto it = values_.find(name);
        return it == values_.end() ? "assumed (default)" : it->second.source;
    }

    void record(const std::string& name, const std::string& value, const std::string& from) {
        out_.parameters.push_back({name, value, from.empty() ? source(name) : from,
                                   (from.empty() ? source(name) : from).rfind("assumed", 0) == 0});
    }

    void arrivals();
    void job_time();
    void workers();
    std::optional<std::string> priorities();
    void failures();

    std::map<std::string, Sourced> values_;
    std::map<std::string, std::string> job_time_origin_;
    ModelBuild out_;
};

void Builder::arrivals() {
    Model& m = out_.model;
    const auto peak = number("peak_rate");
    const auto average = number("average_rate");
    const auto any = number("arrival_rate");
    if (peak) {
        m.peak_rate = *peak;
        record("peak_rate", format_count(*peak) + " jobs/s", "");
    } else if (any || average) {
        m.peak_rate = any ? *any : *average;
        record("peak_rate", format_count(m.peak_rate) + " jobs/s",
               "assumed: the stated rate (" + source(any ? "arrival_rate" : "average_rate") + ")");
    } else {
        out_.missing.push_back("arrival rate (peak_rate)");
    }
    m.average_rate = average ? *average : m.peak_rate / 2;
    record("average_rate", format_count(m.average_rate) + " jobs/s",
           average ? "" : "assumed: half the peak rate (default)");
    const auto shape = word("shape", "steady");
    m.shape = shape == "diurnal"  ? ArrivalShape::diurnal
              : shape == "bursts" ? ArrivalShape::bursts
                                  : ArrivalShape::steady;
    record("shape", shape + " (scenarios run at the peak unless they say otherwise)", "");
    m.burst_period = number("burst_period").value_or(3600);
    m.burst_length = number("burst_length").value_or(300);
    if (m.shape == ArrivalShape::bursts) {
        record("burst_period", format_seconds(m.burst_period), "");
        record("burst_length", format_seconds(m.burst_length), "");
    }
}

void Builder::workers() {
    Model& m = out_.model;
    const auto workers = number("workers");
    const auto concurrency = number("concurrency");
    const auto slots = number("slots");
    if (workers) {
        m.workers = static_cast<std::uint32_t>(*workers);
        m.concurrency = static_cast<std::uint32_t>(concurrency.value_or(1));
        record("workers", format_count(*workers), "");
        record("concurrency", format_count(m.concurrency), concurrency ? "" : "assumed: 1 job per worker (default)");
    } else if (slots) {
        m.workers = static_cast<std::uint32_t>(*slots);
        m.concurrency = 1;
        record("workers", format_count(*slots) + " slots (workers × concurrency)", source("slots"));
    } else {
        out_.missing.push_back("workers (workers and concurrency, or slots)");
    }
}

void Builder::failures() {
    Model& m = out_.model;
    m.max_attempts = static_cast<std::uint32_t>(number("dead_letter_after").value_or(number("attempts").value_or(3)));
    record("attempts", std::to_string(m.max_attempts),
           values_.count("dead_letter_after") ? source("dead_letter_after")
           : values_.count("attempts")        ? ""
                                              : "assumed: 3 attempts, then the dead-letter queue (default)");
    m.backoff_base = number("backoff_base").value_or(1);
    m.backoff_cap = number("backoff_cap").value_or(300);
    record("backoff_base", format_seconds(m.backoff_base),
           values_.count("backoff_base") ? "" : "assumed: 1 s (default)");
    record("backoff_cap", format_seconds(m.backoff_cap),
           values_.count("backoff_cap") ? "" : "assumed: 5 min (default)");
    const auto jitter = word("jitter", "full");
    m.jitter = jitter == "none" ? Jitter::none : jitter == "equal" ? Jitter::equal : Jitter::full;
    record("jitter", jitter, values_.count("jitter") ? "" : "assumed: full jitter (default)");
    m.transient_failure = number("transient_failure").value_or(0.01);
    m.permanent_failure = number("permanent_failure").value_or(0.001);
    record("transient_failure", format_count(m.transient_failure * 100) + "%",
           values_.count("transient_failure") ? "" : "assumed: 1% of attempts fail (default)");
    record("permanent_failure", format_count(m.permanent_failure * 100) + "%",
           values_.count("permanent_failure") ? "" : "assumed: 0.1% of jobs are poison (default)");
    m.crash_rate_per_hour = number("crash_rate").value_or(0) * 3600;
    m.restart_seconds = number("restart_time").value_or(30);
    record("crash_rate", format_count(m.crash_rate_per_hour) + " per worker per hour",
           values_.count("crash_rate") ? "" : "assumed: none outside the outage scenario (default)");
    record("restart_time", format_seconds(m.restart_seconds),
           values_.count("restart_time") ? "" : "assumed: 30 s (default)");
    m.lease = number("lease").value_or(0);
    m.heartbeat = word("heartbeat", "no") == "yes";
    record("lease", m.lease > 0 ? format_seconds(m.lease) : "none",
           values_.count("lease") ? "" : "assumed: none stated, so a failed worker's jobs are lost (default)");
    record("heartbeat", m.heartbeat ? "yes" : "no", values_.count("heartbeat") ? "" : "assumed: no (default)");
    m.queue_bound = static_cast<std::size_t>(number("queue_bound").value_or(0));
    const auto policy = word("bound_policy", "reject");
    m.bound_policy = policy == "block"         ? BoundPolicy::block
                     : policy == "drop_oldest" ? BoundPolicy::drop_oldest
                                               : BoundPolicy::reject;
    record("queue_bound",
           m.queue_bound > 0 ? format_count(static_cast<double>(m.queue_bound)) + " jobs, then " + policy : "unbounded",
           values_.count("queue_bound") ? "" : "assumed: unbounded (default)");
    m.downstream_rate = number("downstream_rate").value_or(0);
    record("downstream_rate", m.downstream_rate > 0 ? format_count(m.downstream_rate) + " starts/s" : "no limit",
           values_.count("downstream_rate") ? "" : "assumed: no limit (default)");
    m.backlog_cap = static_cast<std::size_t>(number("backlog_cap").value_or(static_cast<double>(kDefaultBacklogCap)));
    record("backlog_cap", format_count(static_cast<double>(m.backlog_cap)) + " jobs",
           values_.count("backlog_cap") ? "" : "default");
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::string part;
    for (char c : text) {
        if (c == separator) {
            parts.push_back(part);
            part.clear();
        } else {
            part += c;
        }
    }
    parts.push_back(part);
    return parts;
}

std::optional<std::string> Builder::priorities() {
    Model& m = out_.model;
    const auto names =
        values_.count("priority_names") ? split(word("priority_names", ""), ',') : std::vector<std::string>{};
    const auto weights =
        values_.count("priority_weights") ? split(word("priority_weights", ""), ':') : std::vector<std::string>{};
    const auto shares =
        values_.count("priority_shares") ? split(word("priority_shares", ""), ':') : std::vector<std::string>{};
    const double count =
        number("priority_count")
            .value_or(static_cast<double>(std::max({names.size(), weights.size(), shares.size(), std::size_t{1}})));
    if (count < 1 || count > static_cast<double>(kMaxClasses)) {
        return "between 1 and " + std::to_string(kMaxClasses) + " priority classes can be simulated (" +
               format_count(count) + " were asked for)";
    }
    const auto n = static_cast<std::size_t>(count);
    m.classes.assign(n, PriorityClass{});
    for (std::size_t i = 0; i < n; ++i) {
        auto& c = m.classes[i];
        c.name = i < names.size() && !names[i].empty() ? names[i] : "p" + std::to_string(i + 1);
        std::string rest;
        const auto w = i < weights.size() ? parse_number(weights[i], &rest) : std::nullopt;
        c.weight = w && *w >= 0 ? *w : 1;
        const auto s = i < shares.size() ? parse_number(shares[i], &rest) : std::nullopt;
        c.share = s && *s >= 0 ? *s : 1;
    }
    const auto mode = word("priority_mode", weights.empty() ? "strict" : "weighted");
    m.priority_mode = mode == "weighted" ? PriorityMode::weighted : PriorityMode::strict;
    if (n > 1) {
        std::string names_text;
        for (const auto& c : m.classes) {
            names_text += (names_text.empty() ? "" : ", ") + c.name;
        }
        record("priority_classes", std::to_string(n) + " (" + names_text + ")",
               values_.count("priority_names") ? source("priority_names") : source("priority_count"));
        record("priority_mode", mode + (weights.empty() ? "" : " " + word("priority_weights", "")),
               values_.count("priority_weights") ? source("priority_weights")
                                                 : (values_.count("priority_mode") ? "" : "assumed: strict (default)"));
        record("priority_shares", shares.empty() ? "equal" : word("priority_shares", ""),
               shares.empty() ? "assumed: equal shares of arrivals (default)" : "");
    }
    return std::nullopt;
}

std::vector<std::string> job_time_names() {
    return {"job_time_mean", "job_time_median", "job_time_p95", "job_time_p99", "job_time_max", "job_time_typical"};
}

void Builder::job_time() {
    // The figures of one source only: a design's mean and a problem's median describe different things.
    std::string origin;
    for (const char* from : {"--set", "scenario file", "design", "problem"}) {
        for (const auto& name : job_time_names()) {
            if (origin.empty() && job_time_origin_.count(name) && job_time_origin_[name] == from) {
                origin = from;
            }
        }
    }
    auto figure = [&](const char* name) -> std::optional<double> {
        if (job_time_origin_.count(name) == 0 || job_time_origin_[name] != origin) {
            return std::nullopt;
        }
        const auto value = number(name);
        return value && *value > 0 ? value : std::nullopt;
    };
    const auto mean = figure("job_time_mean") ? figure("job_time_mean") : figure("job_time_typical");
    const auto median = figure("job_time_median");
    const auto p95 = figure("job_time_p95");
    const auto p99 = figure("job_time_p99");
    const auto max = figure("job_time_max");
    const auto named = word("job_time_distribution", "");
    std::optional<ServiceTime> time;
    std::string how;
    bool capped = false;
    auto high = p99   ? std::pair{0.99, *p99}
                : p95 ? std::pair{0.95, *p95}
                : max ? std::pair{0.999, *max}
                      : std::pair{0.0, 0.0};
    // A high figure not above the centre one is not the same jobs' time (often a budget or a test's length read
    // as one): fitting both would make a spread no workload has. It is left out, and said.
    const auto centre = median ? median : mean;
    if (high.first > 0 && centre && high.second <= *centre) {
        out_.notes.push_back(std::string("the stated ") +
                             (p99   ? "p99"
                              : p95 ? "p95"
                                    : "longest") +
                             " job time (" + format_seconds(high.second) + ") is not above the stated " +
                             (median ? "median" : "mean") + " (" + format_seconds(*centre) +
                             "); the two contradict each other, so the higher figure was left out");
        high = {0.0, 0.0};
    }
    if (named == "deterministic" && (mean || median)) {
        time = fixed_time(mean ? *mean : *median);
        how = "fixed, as stated";
    } else if (named == "exponential" && (mean || median)) {
        time = exponential_time(mean ? *mean : *median / std::log(2.0));
        how = "exponential, as stated";
    } else if (median && high.first > 0 && (time = lognormal_from_median_quantile(*median, high.first, high.second))) {
        how = "lognormal fitted to the median and the " +
              std::string(high.first == 0.999 ? "maximum (as p99.9)" : "p" + format_count(high.first * 100));
    } else if (mean && high.first > 0 &&
               (time = lognormal_from_mean_quantile(*mean, high.first, high.second, &capped))) {
        how = "lognormal fitted to the mean and the " +
              std::string(high.first == 0.999 ? "maximum (as p99.9)" : "p" + format_count(high.first * 100));
        if (capped) {
            out_.notes.push_back("the stated longest job time is further above the mean than a lognormal reaches; "
                                 "a lognormal with that mean and a spread (sigma) of 1.5 was used");
        }
    } else if (mean && median && (time = lognormal_from_median_mean(*median, *mean))) {
        how = "lognormal fitted to the mean and the median";
    } else if (mean || median || high.first > 0) {
        const double m = mean ? *mean : median ? *median / std::log(2.0) : high.second / -std::log(1 - high.first);
        time = exponential_time(m);
        how = "assumed: exponential, as only one figure is stated";
    }
    if (!time) {
        out_.missing.push_back("job time (a mean, median or percentile)");
        return;
    }
    out_.model.service = *time;
    std::string from;
    for (const auto& name : job_time_names()) {
        if (values_.count(name) && job_time_origin_[name] == origin) {
            from += (from.empty() ? "" : "; ") + source(name);
        }
    }
    record("job_time", describe(*time), how + " — " + from);
    out_.parameters.back().assumed = how.rfind("assumed", 0) == 0;
}

} // namespace

std::vector<std::pair<std::string, std::string>> parameter_names() {
    std::vector<std::pair<std::string, std::string>> names;
    for (const auto& k : kKnown) {
        names.emplace_back(k.name, k.description);
    }
    return names;
}

Result<ModelBuild> build_model(const ParameterInputs& inputs) {
    return Builder{}.build(inputs);
}

} // namespace parley::sim
