// The statistic a quantity carries (declared in quantity.hpp): read from the words next to it, in its clause.

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include "review/quantity.hpp"

namespace parley::review {

const char* to_string(Statistic statistic) {
    switch (statistic) {
    case Statistic::unstated:
        return "unstated";
    case Statistic::mean:
        return "mean";
    case Statistic::median:
        return "median";
    case Statistic::p90:
        return "p90";
    case Statistic::p95:
        return "p95";
    case Statistic::p99:
        return "p99";
    case Statistic::p999:
        return "p99.9";
    case Statistic::max:
        return "max";
    case Statistic::min:
        return "min";
    case Statistic::peak:
        return "peak";
    }
    return "unstated";
}

bool is_tail(Statistic statistic) {
    return statistic == Statistic::p90 || statistic == Statistic::p95 || statistic == Statistic::p99 ||
           statistic == Statistic::p999 || statistic == Statistic::max || statistic == Statistic::peak;
}

namespace {

// How far from a number its statistic may be written, in bytes.
constexpr std::size_t kReachBefore = 40;
constexpr std::size_t kReachAfter = 24;

using Marker = std::pair<std::string_view, Statistic>;

// The words that name a statistic, as engineers write them.
constexpr std::array<Marker, 42> kMarkers = {{{"mean", Statistic::mean},
                                              {"average", Statistic::mean},
                                              {"avg", Statistic::mean},
                                              {"steady state", Statistic::mean},
                                              {"median", Statistic::median},
                                              {"p50", Statistic::median},
                                              {"50th percentile", Statistic::median},
                                              {"typical", Statistic::median},
                                              {"typically", Statistic::median},
                                              {"usually", Statistic::median},
                                              {"p90", Statistic::p90},
                                              {"90th percentile", Statistic::p90},
                                              {"p95", Statistic::p95},
                                              {"95th percentile", Statistic::p95},
                                              {"p99.9", Statistic::p999},
                                              {"p999", Statistic::p999},
                                              {"99.9th percentile", Statistic::p999},
                                              {"p99", Statistic::p99},
                                              {"99th percentile", Statistic::p99},
                                              {"maximum", Statistic::max},
                                              {"max", Statistic::max},
                                              {"up to", Statistic::max},
                                              {"at most", Statistic::max},
                                              {"no more than", Statistic::max},
                                              {"no longer than", Statistic::max},
                                              {"worst case", Statistic::max},
                                              {"worst-case", Statistic::max},
                                              {"longest", Statistic::max},
                                              {"as long as", Statistic::max},
                                              {"minimum", Statistic::min},
                                              {"min", Statistic::min},
                                              {"at least", Statistic::min},
                                              {"shortest", Statistic::min},
                                              {"as little as", Statistic::min},
                                              {"no less than", Statistic::min},
                                              {"peak", Statistic::peak},
                                              {"peaks", Statistic::peak},
                                              {"bursts", Statistic::peak},
                                              {"burst", Statistic::peak},
                                              {"spikes", Statistic::peak},
                                              {"busiest", Statistic::peak},
                                              {"peak-hour", Statistic::peak}}};

constexpr std::array<std::string_view, 10> kPerTenant = {"per tenant",   "per-tenant", "each tenant", "per customer",
                                                         "per-customer", "per team",   "per-team",    "per user",
                                                         "per-user",     "per account"};

bool is_word_byte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// True when lower[i] ends a clause; a full stop only before a blank, so "p99.9" and "1.5" stay whole.
bool is_clause_end(std::string_view lower, std::size_t i) {
    const char c = lower[i];
    if (c == '.') {
        return i + 1 >= lower.size() || lower[i + 1] == ' ';
    }
    return c == ',' || c == ';' || c == '(' || c == ')' || c == '!' || c == '?' || c == '|';
}

// Where the clause around [begin, end) starts and ends, within the reaches and the neighbouring quantities.
std::pair<std::size_t, std::size_t> window(std::string_view lower, std::size_t from, std::size_t begin, std::size_t end,
                                           std::size_t to) {
    auto b = begin;
    const auto low = std::max(from, begin > kReachBefore ? begin - kReachBefore : 0);
    while (b > low && !is_clause_end(lower, b - 1)) {
        --b;
    }
    auto e = end;
    const auto high = std::min(to, end + kReachAfter);
    while (e < high && !is_clause_end(lower, e)) {
        ++e;
    }
    return {b, e};
}

bool word_at(std::string_view text, std::size_t pos, std::string_view word) {
    return text.compare(pos, word.size(), word) == 0 && (pos == 0 || !is_word_byte(text[pos - 1])) &&
           (pos + word.size() >= text.size() || !is_word_byte(text[pos + word.size()]));
}

// The marker nearest to the number: the last one before it or the first one after it.
Statistic nearest_marker(std::string_view lower, std::size_t b, std::size_t begin, std::size_t end, std::size_t e) {
    Statistic before = Statistic::unstated;
    std::size_t before_distance = static_cast<std::size_t>(-1);
    for (std::size_t pos = b; pos < begin; ++pos) {
        if (pos > 0 && is_word_byte(lower[pos - 1])) {
            continue;
        }
        for (const auto& [word, statistic] : kMarkers) {
            if (pos + word.size() <= begin && word_at(lower, pos, word)) {
                before = statistic;
                before_distance = begin - (pos + word.size());
                break;
            }
        }
    }
    for (std::size_t pos = end; pos < e; ++pos) {
        if (pos > 0 && is_word_byte(lower[pos - 1])) {
            continue;
        }
        for (const auto& [word, statistic] : kMarkers) {
            if (pos + word.size() <= e && word_at(lower, pos, word)) {
                return pos - end < before_distance ? statistic : before;
            }
        }
    }
    return before;
}

bool names_tenant(std::string_view text) {
    return std::any_of(kPerTenant.begin(), kPerTenant.end(),
                       [&](std::string_view w) { return text.find(w) != std::string_view::npos; });
}

// "2–5 s", "2-5 s", "2 to 5 s", "between 2 and 5 s": the bare first number takes the unit of the second.
// "from 50 ms to 10 minutes": two figures of one kind joined by "to" or a dash are a range as well.
bool joins_range(std::string_view lower, const Quantity& first, const Quantity& second) {
    const auto gap = lower.substr(first.end, second.begin - first.end);
    if (first.kind != QuantityKind::plain && first.kind == second.kind &&
        (gap == " to " || gap == " - " || gap == " \xE2\x80\x93 ")) {
        return true;
    }
    if (first.kind != QuantityKind::plain || second.kind == QuantityKind::plain) {
        return false;
    }
    if (gap == "-" || gap == "\xE2\x80\x93" || gap == " - " || gap == " \xE2\x80\x93 " || gap == " to ") {
        return true;
    }
    const auto before = lower.substr(first.begin >= 8 ? first.begin - 8 : 0, first.begin >= 8 ? 8 : first.begin);
    return gap == " and " && before.find("between") != std::string_view::npos;
}

} // namespace

void read_statistics(std::string_view lower, std::vector<Quantity>& qs) {
    for (std::size_t k = 0; k < qs.size(); ++k) {
        auto& q = qs[k];
        const auto from = k > 0 ? qs[k - 1].end : 0;
        const auto to = k + 1 < qs.size() ? qs[k + 1].begin : lower.size();
        const auto [b, e] = window(lower, from, q.begin, q.end, to);
        q.statistic = nearest_marker(lower, b, q.begin, q.end, e);
        q.per_tenant = names_tenant(lower.substr(b, e - b));
    }
    for (std::size_t k = 0; k + 1 < qs.size(); ++k) {
        auto& low = qs[k];
        auto& high = qs[k + 1];
        if (!joins_range(lower, low, high)) {
            continue;
        }
        if (low.kind == QuantityKind::plain) {
            // Past a double the unit's scale is known only as a power of ten.
            const double scale = high.beyond_double ? std::pow(10.0, high.log10_value - high.log10_number)
                                 : high.number != 0 ? high.value / high.number
                                                    : 1;
            low.kind = high.kind;
            low.unit = high.unit;
            low.period_seconds = high.period_seconds;
            low.value = low.number * scale;
            low.log10_value = low.log10_number + std::log10(scale);
            if (!std::isfinite(low.value)) {
                low.number = low.value = low.precision = HUGE_VAL;
                low.beyond_double = true;
            }
        }
        low.statistic = Statistic::min;
        low.per_tenant = high.per_tenant;
        if (high.statistic == Statistic::unstated) {
            high.statistic = Statistic::max;
        }
    }
}

} // namespace parley::review
