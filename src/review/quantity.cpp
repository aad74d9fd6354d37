#include "review/quantity.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <utility>

namespace parley::review {

const char* to_string(QuantityKind kind) {
    switch (kind) {
    case QuantityKind::plain:
        return "plain";
    case QuantityKind::rate:
        return "rate";
    case QuantityKind::duration:
        return "duration";
    case QuantityKind::count:
        return "count";
    case QuantityKind::size:
        return "size";
    case QuantityKind::factor:
        return "factor";
    case QuantityKind::percent:
        return "percent";
    }
    return "plain";
}

namespace {

using Unit = std::pair<std::string_view, double>;

// Longer spellings first, so "min" is not read as "m" and "mib" not as "mb".
constexpr std::array<Unit, 21> kSizes = {{{"bytes", 1},
                                          {"byte", 1},
                                          {"kib", 1024.0},
                                          {"mib", 1048576.0},
                                          {"gib", 1073741824.0},
                                          {"tib", 1099511627776.0},
                                          {"pib", 1125899906842624.0},
                                          {"kb", 1e3},
                                          {"mb", 1e6},
                                          {"gb", 1e9},
                                          {"tb", 1e12},
                                          {"pb", 1e15},
                                          {"kilobytes", 1e3},
                                          {"megabytes", 1e6},
                                          {"gigabytes", 1e9},
                                          {"terabytes", 1e12},
                                          {"kilobyte", 1e3},
                                          {"megabyte", 1e6},
                                          {"gigabyte", 1e9},
                                          {"terabyte", 1e12},
                                          {"b", 1}}};

constexpr std::array<Unit, 20> kDurations = {{{"milliseconds", 1e-3},
                                              {"millisecond", 1e-3},
                                              {"ms", 1e-3},
                                              {"seconds", 1},
                                              {"second", 1},
                                              {"secs", 1},
                                              {"sec", 1},
                                              {"s", 1},
                                              {"minutes", 60},
                                              {"minute", 60},
                                              {"mins", 60},
                                              {"min", 60},
                                              {"hours", 3600},
                                              {"hour", 3600},
                                              {"hrs", 3600},
                                              {"hr", 3600},
                                              {"h", 3600},
                                              {"days", 86400},
                                              {"day", 86400},
                                              {"weeks", 604800}}};

constexpr std::array<Unit, 33> kPeriods = {
    {{"per second", 1}, {"per sec", 1},      {"per minute", 60},   {"per min", 60},        {"per hour", 3600},
     {"per hr", 3600},  {"per day", 86400},  {"per week", 604800}, {"per month", 2592000}, {"/second", 1},
     {"/sec", 1},       {"/s", 1},           {"/minute", 60},      {"/min", 60},           {"/m", 60},
     {"/hour", 3600},   {"/hr", 3600},       {"/h", 3600},         {"/day", 86400},        {"/d", 86400},
     {"a second", 1},   {"each second", 1},  {"every second", 1},  {"a minute", 60},       {"each minute", 60},
     {"an hour", 3600}, {"each hour", 3600}, {"a day", 86400},     {"each day", 86400},    {"rps", 1},
     {"qps", 1},        {"tps", 1},          {"rpm", 60}}};

constexpr std::array<std::string_view, 36> kNouns = {
    "jobs",     "job",          "messages", "message",       "msgs",       "msg",        "tasks",   "task",
    "requests", "request",      "events",   "event",         "calls",      "call",       "writes",  "reads",
    "records",  "items",        "emails",   "enqueues",      "deliveries", "operations", "ops",     "entries",
    "rows",     "transactions", "commands", "notifications", "images",     "files",      "retries", "attempts",
    "attempt",  "dequeues",     "acks",     "claims"};

constexpr std::array<std::string_view, 50> kCounts = {
    "workers",    "worker",     "threads",    "thread",   "slots",     "slot",       "partitions",  "partition",
    "consumers",  "consumer",   "shards",     "shard",    "nodes",     "node",       "pods",        "pod",
    "replicas",   "replica",    "instances",  "instance", "processes", "process",    "cores",       "core",
    "vcpus",      "vcpu",       "brokers",    "broker",   "queues",    "queue",      "tenants",     "tenant",
    "producers",  "services",   "machines",   "machine",  "servers",   "server",     "connections", "zones",
    "azs",        "goroutines", "containers", "streams",  "stream",    "concurrent", "in flight",   "in-flight",
    "priorities", "regions"};

bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// True when `lower` has `word` at `pos`, not followed by a letter or digit.
bool word_at(std::string_view lower, std::size_t pos, std::string_view word) {
    if (lower.substr(pos, word.size()) != word) {
        return false;
    }
    const auto after = pos + word.size();
    return after >= lower.size() || !is_alnum(lower[after]) || !is_alnum(word.back());
}

std::size_t skip_blanks(std::string_view s, std::size_t pos, std::size_t most) {
    for (std::size_t n = 0; pos < s.size() && n < most && (s[pos] == ' ' || s[pos] == '\t'); ++n) {
        ++pos;
    }
    return pos;
}

template <std::size_t N>
std::optional<Unit> unit_at(std::string_view lower, std::size_t pos, const std::array<Unit, N>& units) {
    std::optional<Unit> best;
    for (const auto& u : units) {
        if (word_at(lower, pos, u.first) && (!best || u.first.size() > best->first.size())) {
            best = u;
        }
    }
    return best;
}

template <std::size_t N>
std::optional<std::string_view> word_of(std::string_view lower, std::size_t pos,
                                        const std::array<std::string_view, N>& words) {
    std::optional<std::string_view> best;
    for (auto w : words) {
        if (word_at(lower, pos, w) && (!best || w.size() > best->size())) {
            best = w;
        }
    }
    return best;
}

// A number at `pos`: digits with optional thousands commas, decimals, and an exponent (1e5, 10^5). Past the range
// of a double (10^1000) `value` is HUGE_VAL and the number lives on as its power of ten, `log10`.
struct Number {
    double value = 0;
    double precision = 0.5;
    double log10 = 0;           // log10 of the value, finite even past a double
    double log10_precision = 0; // log10 of `precision`
    bool beyond_range = false;  // more than 400 digits or a 7-digit exponent: no magnitude at all
    std::size_t end = 0;
};

// The decimal exponent after a mantissa at `i` ("e5", "E-3", or "^5" after "10"), advancing `i`; false when the
// exponent has more digits than any figure needs.
bool exponent_at(std::string_view s, std::size_t& i, bool caret, long& exponent) {
    std::size_t j = i + 1;
    const bool negative = !caret && s[j] == '-';
    if (!caret && (s[j] == '+' || s[j] == '-')) {
        ++j;
    }
    while (j < s.size() && s[j] == '0') {
        ++j;
    }
    std::string digits;
    while (j < s.size() && is_digit(s[j])) {
        digits += s[j++];
    }
    i = j;
    if (digits.size() > 6) {
        return false;
    }
    exponent = digits.empty() ? 0 : std::strtol(digits.c_str(), nullptr, 10) * (negative ? -1 : 1);
    return true;
}

// log10 of the decimal `mantissa` ("123.45") times 10^exponent, for values a double cannot hold.
double log10_of(const std::string& mantissa, long exponent) {
    const auto first = mantissa.find_first_not_of("0.");
    if (first == std::string::npos) {
        return -HUGE_VAL;
    }
    const auto point = mantissa.find('.');
    const auto whole = static_cast<long>(point == std::string::npos ? mantissa.size() : point);
    const auto lead = static_cast<long>(first) - (point != std::string::npos && point < first ? 1 : 0);
    std::string digits;
    for (std::size_t k = first; k < mantissa.size() && digits.size() < 17; ++k) {
        if (mantissa[k] != '.') {
            digits += mantissa[k];
        }
    }
    const double head = std::strtod(("0." + digits).c_str(), nullptr);
    return std::log10(head) + static_cast<double>(whole - lead + exponent);
}

std::optional<Number> number_at(std::string_view s, std::size_t pos) {
    std::string digits;
    std::size_t i = pos;
    while (i < s.size() && is_digit(s[i])) {
        digits += s[i++];
    }
    // Thousands separators: a comma followed by exactly three digits.
    while (i + 3 < s.size() && s[i] == ',' && is_digit(s[i + 1]) && is_digit(s[i + 2]) && is_digit(s[i + 3]) &&
           (i + 4 >= s.size() || !is_digit(s[i + 4]))) {
        digits.append(s.substr(i + 1, 3));
        i += 4;
    }
    int decimals = 0;
    if (i + 1 < s.size() && s[i] == '.' && is_digit(s[i + 1])) {
        digits += '.';
        ++i;
        while (i < s.size() && is_digit(s[i])) {
            digits += s[i++];
            ++decimals;
        }
    }
    Number n;
    n.log10_precision = std::log10(0.5) - decimals;
    long exponent = 0;
    bool fits = true;
    if (i + 1 < s.size() && (s[i] == 'e' || s[i] == 'E') &&
        (is_digit(s[i + 1]) || ((s[i + 1] == '+' || s[i + 1] == '-') && i + 2 < s.size() && is_digit(s[i + 2])))) {
        fits = exponent_at(s, i, false, exponent);
        n.log10_precision += static_cast<double>(exponent);
    } else if (digits == "10" && i + 1 < s.size() && s[i] == '^' && is_digit(s[i + 1])) {
        fits = exponent_at(s, i, true, exponent);
        digits = "1";
        n.log10_precision = std::log10(0.5);
    }
    n.end = i;
    // A digit run longer than any real figure is not a figure; strtod would still read it, in linear time.
    if (!fits || digits.size() > 400) {
        n.beyond_range = true;
        n.value = HUGE_VAL;
        return n;
    }
    n.value = std::strtod((digits + "e" + std::to_string(exponent)).c_str(), nullptr);
    n.log10 = std::isfinite(n.value) ? std::log10(n.value) : log10_of(digits, exponent);
    n.precision = std::pow(10.0, n.log10_precision);
    return n;
}

// A multiplier written after a number: 1.5k, 2M, 3 million.
std::optional<std::pair<double, std::size_t>> multiplier_at(std::string_view s, std::string_view lower,
                                                            std::size_t pos) {
    const auto p = skip_blanks(s, pos, 1);
    if (pos < s.size() && (s[pos] == 'k' || s[pos] == 'K') && word_at(lower, pos, "k")) {
        return std::pair{1e3, pos + 1};
    }
    if (pos < s.size() && s[pos] == 'M' && word_at(lower, pos, "m")) {
        return std::pair{1e6, pos + 1};
    }
    if (pos + 1 < s.size() && lower.substr(pos, 2) == "bn" && word_at(lower, pos, "bn")) {
        return std::pair{1e9, pos + 2};
    }
    for (const auto& [word, scale] : std::array<Unit, 3>{{{"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9}}}) {
        if (word_at(lower, p, word)) {
            return std::pair{scale, p + word.size()};
        }
    }
    return std::nullopt;
}

// The length of a growth factor's sign glued to a number ("3x", "3×"), or 0; "40×16" is a product instead.
std::size_t factor_length(std::string_view lower, std::size_t pos) {
    const std::size_t len = lower.compare(pos, 1, "x") == 0 ? 1 : lower.compare(pos, 2, "\xC3\x97") == 0 ? 2 : 0;
    if (len == 0 || (pos + len < lower.size() && is_alnum(lower[pos + len]))) {
        return 0;
    }
    const auto next = skip_blanks(lower, pos + len, 1);
    return next < lower.size() && is_digit(lower[next]) ? 0 : len;
}

} // namespace

namespace {

// A noun ("jobs") at unit_pos, with a period after it ("jobs per second") making a rate; false when no noun.
bool read_noun_unit(const std::string& lower, std::size_t unit_pos, Quantity& q) {
    const auto noun = word_of(lower, unit_pos, kNouns);
    if (!noun) {
        return false;
    }
    auto after = unit_pos + noun->size();
    const auto period_pos = lower.compare(after, 1, "/") == 0 ? after : skip_blanks(lower, after, 1);
    if (const auto period = unit_at(lower, period_pos, kPeriods)) {
        q.kind = QuantityKind::rate;
        q.unit = std::string(*noun) + (period->first[0] == '/' ? "" : " ") + std::string(period->first);
        q.period_seconds = period->second;
        q.value = q.number / period->second;
        q.end = period_pos + period->first.size();
    } else {
        q.kind = QuantityKind::count;
        q.unit = std::string(*noun);
        q.end = after;
    }
    return true;
}

// Reads the unit after the number ending at `pos` into q; false when the number is glued to letters that are
// no unit ("3rd", "2nd", "4xx"), which makes it no quantity.
bool read_unit(std::string_view line, const std::string& lower, std::size_t pos, Quantity& q) {
    const auto unit_pos = pos < line.size() && line[pos] == '-' ? pos + 1 : skip_blanks(line, pos, 1);
    const bool glued = pos < line.size() && is_alnum(line[pos]);
    if (lower.compare(pos, 1, "%") == 0 || word_at(lower, unit_pos, "percent")) {
        q.kind = QuantityKind::percent;
        q.unit = "%";
        q.end = lower[pos] == '%' ? pos + 1 : unit_pos + 7;
    } else if (factor_length(lower, pos) > 0) {
        q.kind = QuantityKind::factor;
        q.unit = "x";
        q.end = pos + factor_length(lower, pos);
    } else if (const auto size = unit_at(lower, unit_pos, kSizes);
               size && (size->first != "b" || line[unit_pos] == 'B')) {
        q.kind = QuantityKind::size;
        q.unit = std::string(size->first);
        q.value = q.number * size->second;
        q.end = unit_pos + size->first.size();
    } else if (read_noun_unit(lower, unit_pos, q)) {
        // read into q
    } else if (const auto period = unit_at(lower, lower.compare(pos, 1, "/") == 0 ? pos : unit_pos, kPeriods)) {
        const auto at = lower.compare(pos, 1, "/") == 0 ? pos : unit_pos;
        q.kind = QuantityKind::rate;
        q.unit = std::string(period->first);
        q.period_seconds = period->second;
        q.value = q.number / period->second;
        q.end = at + period->first.size();
    } else if (const auto duration = unit_at(lower, unit_pos, kDurations)) {
        q.kind = QuantityKind::duration;
        q.unit = std::string(duration->first);
        q.value = q.number * duration->second;
        q.end = unit_pos + duration->first.size();
    } else if (const auto count = word_of(lower, unit_pos, kCounts)) {
        q.kind = QuantityKind::count;
        q.unit = std::string(*count);
        q.end = unit_pos + count->size();
    } else if (glued) {
        return false;
    }
    return true;
}

std::size_t skip_word(std::string_view line, std::size_t i) {
    while (i < line.size() && is_alnum(line[i])) {
        ++i;
    }
    return i;
}

// The quantity whose number begins at `i`, advancing `i` past it; nullopt (with `i` past the word) when there is
// none. A number past the range of a double is read with a stand-in of 1 to learn its unit's scale, then kept as
// powers of ten.
std::optional<Quantity> read_quantity(std::string_view line, const std::string& lower, std::size_t& i) {
    const auto number = number_at(line, i);
    if (!number) {
        i = skip_word(line, i + 1);
        return std::nullopt;
    }
    Quantity q;
    q.begin = i;
    q.number = number->value;
    q.precision = number->precision;
    q.log10_number = number->log10;
    q.log10_precision = number->log10_precision;
    std::size_t pos = number->end;
    if (const auto m = multiplier_at(line, lower, pos)) {
        q.number *= m->first;
        q.precision *= m->first;
        q.log10_number += std::log10(m->first);
        q.log10_precision += std::log10(m->first);
        pos = m->second;
    }
    const bool huge = !std::isfinite(q.number);
    if (huge) {
        q.number = 1;
    }
    q.value = q.number;
    q.end = pos;
    if (!read_unit(line, lower, pos, q)) {
        i = skip_word(line, pos);
        return std::nullopt;
    }
    if (!huge && std::isfinite(q.value)) {
        q.log10_value = std::log10(q.value);
        return q;
    }
    // A number that fits a double in a unit that does not ("1e308 GB" in bytes): learn the scale from 1 of it.
    double scale = q.value;
    if (!huge) {
        Quantity one = q;
        one.number = one.value = 1;
        read_unit(line, lower, pos, one);
        scale = one.value;
    }
    q.log10_value = q.log10_number + std::log10(scale);
    q.number = q.value = q.precision = HUGE_VAL;
    q.beyond_double = true;
    q.beyond_range = number->beyond_range;
    return q;
}

} // namespace

std::vector<Quantity> extract_quantities(std::string_view line) {
    std::string lower(line);
    for (auto& c : lower) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    std::vector<Quantity> out;
    std::size_t i = 0;
    while (i < line.size()) {
        if (!is_digit(line[i]) || (i > 0 && (is_alnum(line[i - 1]) || line[i - 1] == '.' || line[i - 1] == '/'))) {
            ++i;
            continue;
        }
        auto q = read_quantity(line, lower, i);
        if (!q) {
            continue;
        }
        out.push_back(*q);
        i = std::max(q->end, i + 1);
    }
    read_statistics(lower, out);
    return out;
}

std::string format_number(double value) {
    char buf[64];
    const double a = std::fabs(value);
    if (a != 0 && (a >= 1e15 || a < 1e-3)) {
        std::snprintf(buf, sizeof buf, "%.3g", value);
        return buf;
    }
    const bool whole = std::fabs(value - std::round(value)) < 0.05 || a >= 100;
    std::snprintf(buf, sizeof buf, whole ? "%.0f" : (a < 10 ? "%.2f" : "%.1f"), value);
    std::string digits = buf;
    if (!whole) {
        while (!digits.empty() && digits.back() == '0') {
            digits.pop_back();
        }
        if (!digits.empty() && digits.back() == '.') {
            digits.pop_back();
        }
        return digits;
    }
    // Thousands separators for whole numbers.
    const bool negative = digits[0] == '-';
    std::string body = negative ? digits.substr(1) : digits;
    std::string grouped;
    for (std::size_t k = 0; k < body.size(); ++k) {
        if (k > 0 && (body.size() - k) % 3 == 0) {
            grouped += ',';
        }
        grouped += body[k];
    }
    return (negative ? "-" : "") + grouped;
}

} // namespace parley::review
