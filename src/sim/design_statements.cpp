#include "sim/design_statements.hpp"

#include <cctype>
#include <cstdio>
#include <initializer_list>
#include <set>

#include "review/quantity.hpp"
#include "review/text_lines.hpp"

namespace parley::sim {

namespace {

using review::Quantity;
using review::QuantityKind;

bool has(const std::string& text, std::string_view word) {
    return text.find(word) != std::string::npos;
}

bool has_any(const std::string& text, std::initializer_list<std::string_view> words) {
    for (auto word : words) {
        if (has(text, word)) {
            return true;
        }
    }
    return false;
}

std::string number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.10g", value);
    return buffer;
}

const std::set<std::string, std::less<>> kWorkloadNames{
    "peak_rate",      "average_rate",   "arrival_rate",         "job_time_mean", "job_time_median",
    "job_time_p95",   "job_time_p99",   "job_time_max",         "job_time_min",  "job_time_typical",
    "priority_count", "priority_names", "job_time_distribution"};

class Reader {
public:
    explicit Reader(bool workload_only) : workload_only_(workload_only) {}

    void read(const review::TextLine& line) {
        line_ = &line;
        lower_ = line.lower;
        quantities_ = review::extract_quantities(line.text);
        rates();
        job_times();
        lease_and_backoff();
        counts();
        words();
    }

    std::vector<Statement> take() { return std::move(out_); }

private:
    void add(const std::string& name, const std::string& value) {
        if (workload_only_ && kWorkloadNames.count(name) == 0) {
            return;
        }
        if (seen_.insert(name).second) {
            out_.push_back({name, value, line_->number, review::shorten_quote(line_->text, 160)});
        }
    }

    std::string before(const Quantity& q, std::size_t n) const {
        const std::size_t from = q.begin > n ? q.begin - n : 0;
        return lower_.substr(from, q.begin - from);
    }

    std::string after(const Quantity& q, std::size_t n) const { return lower_.substr(q.end, n); }

    void rates() {
        for (const auto& q : quantities_) {
            if (q.kind != QuantityKind::rate) {
                continue;
            }
            const bool peak = q.statistic == review::Statistic::peak || q.statistic == review::Statistic::max;
            const bool average = q.statistic == review::Statistic::mean || q.statistic == review::Statistic::median;
            if (has_any(lower_, {"rate limit", "rate-limit", "quota", "throttl", "downstream", "limited to"}) &&
                q.statistic != review::Statistic::peak) {
                add("downstream_rate", number(q.value));
            } else if (peak) {
                add("peak_rate", number(q.value));
            } else if (average || has_any(lower_, {"baseline", "normally", "off-peak", "off peak"})) {
                add("average_rate", number(q.value));
            } else if (has(lower_, "peak")) {
                add("peak_rate", number(q.value)); // "peak" further from the figure than its statistic reaches
            } else {
                add("arrival_rate", number(q.value));
            }
            return; // the first rate of a line is the one it states; the rest are its arithmetic
        }
    }

    bool job_time_line() const {
        return has_any(lower_, {"job", "task", "handler"}) &&
               has_any(lower_, {"take", "took", "last", "run", "duration", "time", "processing", "mean", "median",
                                "average", "p50", "p95", "p99", "between", "range"}) &&
               !has_any(lower_, {"lease", "visibility", "heartbeat", "backoff", "retry", "retried", "timeout", "alert",
                                 "older", "every", "interval", "enqueue", "start", "wait", "poll", "delay", "fail-over",
                                 "failover", "promot", " ttl", "kept for", "retention", "per day",
                                 // A test's length and a latency budget are not how long a job runs.
                                 "load test", "load-test", "soak", "benchmark", "budget"});
    }

    // The job-time figure a quantity's statistic names, or "" for a statistic the simulation has no figure for
    // (a p90). A p99.9 is what a stated maximum is read as; an unstated one is the mean, marked so.
    static const char* job_time_name(review::Statistic statistic) {
        switch (statistic) {
        case review::Statistic::mean:
            return "job_time_mean";
        case review::Statistic::median:
            return "job_time_median";
        case review::Statistic::p95:
            return "job_time_p95";
        case review::Statistic::p99:
            return "job_time_p99";
        case review::Statistic::p999:
        case review::Statistic::max:
        case review::Statistic::peak:
            return "job_time_max";
        case review::Statistic::min:
            return "job_time_min";
        case review::Statistic::p90:
            return "";
        case review::Statistic::unstated:
            break;
        }
        return "job_time_typical";
    }

    void job_times() {
        if (!job_time_line()) {
            return;
        }
        bool stated = false;
        for (const auto& q : quantities_) {
            if (q.kind != QuantityKind::duration) {
                continue;
            }
            const std::string name = job_time_name(q.statistic);
            // Only the first figure without a statistic is the job time; later ones are the line's arithmetic.
            if (name.empty() || (name == "job_time_typical" && stated)) {
                continue;
            }
            add(name, number(q.value));
            stated = true;
        }
        if (!stated) {
            return;
        }
        if (has_any(lower_, {"lognormal", "log-normal"})) {
            add("job_time_distribution", "lognormal");
        } else if (has(lower_, "exponential") && !has(lower_, "exponential backoff")) {
            add("job_time_distribution", "exponential");
        } else if (has_any(lower_, {"fixed time", "fixed duration", "constant", "deterministic", "always take"})) {
            add("job_time_distribution", "deterministic");
        }
    }

    void lease_and_backoff() {
        const bool lease = has_any(lower_, {"lease", "visibility", "invisible", "min-idle", "locked_until"});
        const bool backoff = has_any(lower_, {"backoff", "back off", "back-off"});
        std::vector<const Quantity*> durations;
        for (const auto& q : quantities_) {
            if (q.kind == QuantityKind::duration) {
                durations.push_back(&q);
            }
        }
        if (lease && !backoff) {
            for (const auto* q : durations) {
                if (!has_any(before(*q, 24), {"every", "heartbeat", "reaper", "poll"})) {
                    add("lease", number(q->value));
                    break;
                }
            }
        }
        if (has(lower_, "heartbeat") &&
            !has_any(lower_, {"no heartbeat", "without heartbeat", "without a heartbeat"})) {
            add("heartbeat", "yes");
        }
        if (backoff && !durations.empty()) {
            add("backoff_base", number(durations.front()->value));
            for (const auto* q : durations) {
                if (q != durations.front() && (q->statistic == review::Statistic::max || has(before(*q, 16), "cap"))) {
                    add("backoff_cap", number(q->value));
                }
            }
            if (durations.size() >= 3) {
                add("backoff_cap", number(durations.back()->value)); // a list of delays ends at the longest
            }
        }
        if (has(lower_, "jitter")) {
            add("jitter", has(lower_, "equal jitter")                        ? "equal"
                          : has_any(lower_, {"no jitter", "without jitter"}) ? "none"
                                                                             : "full");
        }
    }

    void counts() {
        const bool worker_line = has_any(lower_, {"worker", "consumer"});
        const bool dead = has_any(lower_, {"dead", "dlq"});
        for (const auto& q : quantities_) {
            if (q.kind != QuantityKind::count && q.kind != QuantityKind::plain) {
                continue;
            }
            const std::string unit = q.unit;
            const std::string next = after(q, 12);
            const std::string pre = before(q, 24);
            const auto n = number(q.value);
            const bool attempts_word = unit.rfind("attempt", 0) == 0 || unit == "tries" ||
                                       unit.rfind("receive", 0) == 0 || unit.rfind("deliver", 0) == 0 ||
                                       has_any(next, {" attempt", " tries", " receive", " deliver"}) ||
                                       has_any(pre, {"attempts", "maxreceivecount", "max_attempts", "max attempts"});
            if (attempts_word || (q.kind == QuantityKind::count && unit == "retries")) {
                const double value = unit == "retries" ? q.value + 1 : q.value;
                add(dead ? "dead_letter_after" : "attempts", number(value));
                add("attempts", number(value));
            } else if (worker_line && has_any(unit, {"worker", "pod", "node", "instance", "machine", "server",
                                                     "process", "container", "task", "consumer", "vm"})) {
                add("workers", n);
            } else if (worker_line && has_any(unit, {"concurren", "handler", "thread", "goroutine", "coroutine"})) {
                add("concurrency", n);
            } else if (worker_line && unit == "slots") {
                add("slots", n);
            } else if (q.kind == QuantityKind::plain && has_any(pre, {"concurrency", "prefetch"})) {
                add("concurrency", n);
            } else if (q.value >= 100 && q.value != 429 && q.value != 503 &&
                       has_any(lower_, {"bound", "maxlen", "max length", "queue limit", "more than", "passes"}) &&
                       has_any(lower_, {"queue", "stream", "topic", "backlog", "table"})) {
                add("queue_bound", n);
                add("bound_policy", has_any(lower_, {"429", "reject", "refuse"})            ? "reject"
                                    : has_any(lower_, {"drop", "evict", "trim", "discard"}) ? "drop_oldest"
                                                                                            : "block");
            }
        }
        for (const auto& q : quantities_) {
            if (q.kind == QuantityKind::percent && has_any(before(q, 24) + after(q, 24), {"fail", "error"})) {
                add(has_any(lower_, {"poison", "permanent"}) ? "permanent_failure" : "transient_failure",
                    number(q.value / 100));
            }
        }
    }

    void words() {
        if (!has_any(lower_, {"priorit", "weight"})) {
            return;
        }
        if (has_any(lower_, {"ratio", "weight"})) {
            if (auto weights = ratio(); !weights.empty()) {
                add("priority_mode", "weighted");
                add("priority_weights", weights);
            }
        }
        if (has(lower_, "strict")) {
            add("priority_mode", "strict");
        }
        static const char* counts[] = {"two priorit", "three priorit", "four priorit", "five priorit"};
        for (int i = 0; i < 4; ++i) {
            if (has(lower_, counts[i])) {
                add("priority_count", std::to_string(i + 2));
            }
        }
        // "three priorities (high, standard, low)": names of letters only, right after the word.
        const auto word = lower_.find("priorit");
        if (const auto open = lower_.find('(', word); open != std::string::npos && open < word + 24) {
            const auto close = lower_.find(')', open);
            const std::string inside = lower_.substr(open + 1, close == std::string::npos ? 0 : close - open - 1);
            std::string names;
            bool letters_only = has(inside, ",") && inside.size() < 80;
            for (char c : inside) {
                if (std::isalpha(static_cast<unsigned char>(c)) || c == ',' || c == '-' || c == '_') {
                    names += c;
                } else if (c != ' ') {
                    letters_only = false;
                }
            }
            if (letters_only) {
                add("priority_names", names);
            }
        }
    }

    // "6:3:1" or "70/20/10" in the line: the weights of the classes, or "".
    std::string ratio() const {
        for (std::size_t i = 0; i < lower_.size(); ++i) {
            if (!std::isdigit(static_cast<unsigned char>(lower_[i])) ||
                (i > 0 && std::isalnum(static_cast<unsigned char>(lower_[i - 1])))) {
                continue;
            }
            std::size_t j = i;
            int separators = 0;
            while (j < lower_.size() && (std::isdigit(static_cast<unsigned char>(lower_[j])) ||
                                         ((lower_[j] == ':' || lower_[j] == '/') && j + 1 < lower_.size() &&
                                          std::isdigit(static_cast<unsigned char>(lower_[j + 1]))))) {
                separators += std::isdigit(static_cast<unsigned char>(lower_[j])) ? 0 : 1;
                ++j;
            }
            if (separators >= 1 && separators < 16) {
                std::string text = lower_.substr(i, j - i);
                for (auto& c : text) {
                    c = c == '/' ? ':' : c;
                }
                return text;
            }
            i = j;
        }
        return "";
    }

    bool workload_only_;
    const review::TextLine* line_ = nullptr;
    std::string lower_;
    std::vector<Quantity> quantities_;
    std::vector<Statement> out_;
    std::set<std::string> seen_;
};

} // namespace

std::vector<Statement> read_statements(std::string_view text, bool workload_only) {
    Reader reader(workload_only);
    for (const auto& line : review::join_wrapped(review::split_lines(text))) {
        if (!review::is_heading(line)) {
            reader.read(line);
        }
    }
    return reader.take();
}

} // namespace parley::sim
