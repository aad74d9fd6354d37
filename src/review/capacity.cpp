#include "review/capacity.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace parley::review {

const char* to_string(Verdict verdict) {
    switch (verdict) {
    case Verdict::ok:
        return "ok";
    case Verdict::wrong:
        return "wrong";
    case Verdict::unknown:
        return "unknown";
    }
    return "unknown";
}

namespace {

constexpr double kExactTolerance = 0.02;  // "=": rounding to a few significant digits
constexpr double kApproxTolerance = 0.10; // "≈", "about": a rounded estimate
constexpr std::size_t kMaxQuantitiesPerLine = 200;
constexpr std::size_t kStatementBytes = 200;

// What joins two quantities on a line.
enum class Joint { none, op, equals, conversion };

struct Gap {
    Joint joint = Joint::none;
    char op = 0; // '*', '/', '+', '-'
    bool approximate = false;
    bool parenthesis = false; // the second quantity opens a parenthesis: "(1,667 per second)"
};

bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\'' || c == '.';
}

// The words (lower-cased) and the symbols between two quantities, spaces dropped.
struct GapParts {
    std::vector<std::string> words;
    std::string symbols;
};

GapParts split_gap(std::string_view gap) {
    GapParts parts;
    for (std::size_t i = 0; i < gap.size();) {
        if (is_letter(gap[i])) {
            std::string word;
            while (i < gap.size() && is_letter(gap[i])) {
                char c = gap[i++];
                word += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            }
            parts.words.push_back(word);
            continue;
        }
        if (gap[i] != ' ' && gap[i] != '\t') {
            parts.symbols += gap[i];
        }
        ++i;
    }
    return parts;
}

// Counts of what the gap's words and symbols say: operators, equals signs, filler, a restatement.
struct GapCounts {
    int ops = 0;
    int equals = 0;
    std::size_t filler = 0;
    bool restated = false;
};

void count_words(const std::vector<std::string>& words, Gap& out, GapCounts& counts) {
    for (const auto& w : words) {
        if (w == "x" || w == "times") {
            out.op = '*';
            ++counts.ops;
        } else if (w == "equals" || w == "gives" || w == "makes") {
            ++counts.equals;
        } else if (w == "about" || w == "roughly" || w == "around" || w == "approximately" || w == "approx.") {
            out.approximate = true;
        } else if (w == "or" || w == "i.e." || w == "that" || w == "is" || w == "which" || w == "e." || w == "i.e") {
            counts.restated = true;
        } else {
            ++counts.filler;
        }
    }
}

// Removes the equals and operator symbols from `rest`, counting them; what remains is not understood.
void count_symbols(std::string& rest, Gap& out, GapCounts& counts) {
    const std::array<std::pair<std::string_view, char>, 7> op_symbols = {
        {{"\xC3\x97", '*'}, {"*", '*'}, {"\xC3\xB7", '/'}, {"/", '/'}, {"+", '+'}, {"\xE2\x88\x92", '-'}, {"-", '-'}}};
    const std::array<std::pair<std::string_view, bool>, 7> eq_symbols = {{{"\xE2\x89\x88", true},
                                                                          {"\xE2\x89\x85", true},
                                                                          {"\xE2\x89\x83", true},
                                                                          {"~", true},
                                                                          {"=>", false},
                                                                          {"\xE2\x86\x92", false},
                                                                          {"=", false}}};
    for (const auto& [sym, approx] : eq_symbols) {
        for (auto pos = rest.find(sym); pos != std::string::npos; pos = rest.find(sym)) {
            rest.erase(pos, sym.size());
            ++counts.equals;
            out.approximate = out.approximate || approx;
        }
    }
    for (const auto& [sym, op] : op_symbols) {
        for (auto pos = rest.find(sym); pos != std::string::npos; pos = rest.find(sym)) {
            rest.erase(pos, sym.size());
            ++counts.ops;
            out.op = op;
        }
    }
}

// Reads the text between two quantities: an operator, an equals sign, or a restatement in other units
// ("(1,667 per second)", "or about"), with at most a few words of filler ("at peak", "mean").
Gap read_gap(std::string_view gap) {
    Gap out;
    auto [words, symbols] = split_gap(gap);
    GapCounts counts;
    count_words(words, out, counts);
    // Parentheses around filler ("2 s (mean) = ...") do not change the statement.
    if (symbols.find('(') != std::string::npos && symbols.find(')') != std::string::npos) {
        symbols.erase(std::remove(symbols.begin(), symbols.end(), '('), symbols.end());
        symbols.erase(std::remove(symbols.begin(), symbols.end(), ')'), symbols.end());
    }
    std::string rest = symbols;
    count_symbols(rest, out, counts);
    rest.erase(std::remove(rest.begin(), rest.end(), ','), rest.end());
    // An opening parenthesis restates the quantity before it: "100,000 per minute (1,667 per second)".
    const bool paren = rest.find('(') != std::string::npos;
    rest.erase(std::remove(rest.begin(), rest.end(), '('), rest.end());
    if (counts.filler > 3 || !rest.empty()) {
        return Gap{};
    }
    if (counts.ops == 1 && counts.equals == 0) {
        out.joint = Joint::op;
    } else if (counts.equals == 1 && counts.ops == 0) {
        out.joint = Joint::equals;
    } else if (counts.ops == 0 && counts.equals == 0 && counts.filler == 0 &&
               (paren || counts.restated || out.approximate)) {
        out.parenthesis = paren && !counts.restated && !out.approximate;
        out.joint = Joint::conversion;
        out.approximate = out.approximate || counts.restated;
    }
    return out;
}

// How an operand is read: the same statement can multiply normalized values (per second, seconds, bytes) or the
// numbers as written ("144M jobs/day × 4 KB" counts jobs per day), so each reading is tried.
enum class Reading { normalized, written, per_period };

double operand(const Quantity& q, Reading reading) {
    if (q.kind == QuantityKind::percent) {
        return q.number / 100.0;
    }
    switch (reading) {
    case Reading::normalized:
        return q.value;
    case Reading::written:
        return q.number;
    case Reading::per_period:
        return q.kind == QuantityKind::rate ? q.number : q.value;
    }
    return q.value;
}

std::optional<double> evaluate(const std::vector<const Quantity*>& terms, const std::vector<char>& ops,
                               Reading reading) {
    double total = 0;
    double product = operand(*terms[0], reading);
    char pending = '+';
    for (std::size_t k = 0; k < ops.size(); ++k) {
        const double next = operand(*terms[k + 1], reading);
        if (ops[k] == '*') {
            product *= next;
        } else if (ops[k] == '/') {
            if (next == 0) {
                return std::nullopt;
            }
            product /= next;
        } else {
            total = pending == '+' ? total + product : total - product;
            pending = ops[k];
            product = next;
        }
    }
    total = pending == '+' ? total + product : total - product;
    if (!std::isfinite(total)) {
        return std::nullopt;
    }
    return total;
}

// log10 of an operand: the same readings as `operand`, as powers of ten.
double log_operand(const Quantity& q, Reading reading) {
    if (q.kind == QuantityKind::percent) {
        return q.log10_number - 2;
    }
    const bool written =
        reading == Reading::written || (reading == Reading::per_period && q.kind == QuantityKind::rate);
    return written ? q.log10_number : q.log10_value;
}

// log10(10^a + 10^b), or of 10^a - 10^b; nullopt when the difference is negative (no log of it).
std::optional<double> log_sum(double a, double b, char op) {
    if (op == '+') {
        const double high = std::max(a, b);
        return high == -HUGE_VAL ? high : high + std::log10(1 + std::pow(10.0, std::min(a, b) - high));
    }
    if (b > a) {
        return std::nullopt;
    }
    return b == -HUGE_VAL ? a : a + std::log10(1 - std::pow(10.0, b - a));
}

// `evaluate` as powers of ten, for numbers past the range of a double: log10 of the total, nullopt when it is
// negative, or a division by zero.
std::optional<double> evaluate_log(const std::vector<const Quantity*>& terms, const std::vector<char>& ops,
                                   Reading reading) {
    std::optional<double> total = -HUGE_VAL;
    double product = log_operand(*terms[0], reading);
    char pending = '+';
    for (std::size_t k = 0; k < ops.size() && total; ++k) {
        const double next = log_operand(*terms[k + 1], reading);
        if (ops[k] == '*') {
            product += next;
        } else if (ops[k] == '/') {
            product -= next;
        } else {
            total = log_sum(*total, product, pending);
            pending = ops[k];
            product = next;
        }
    }
    if (total) {
        total = log_sum(*total, product, pending);
    }
    if (!total || std::isnan(*total) || *total == HUGE_VAL) {
        return std::nullopt;
    }
    return total;
}

bool agrees(double computed, double stated, double precision, bool approximate) {
    const double rel = approximate ? kApproxTolerance : kExactTolerance;
    return std::fabs(computed - stated) <= std::max(rel * std::fabs(stated), precision);
}

struct Chain {
    std::vector<const Quantity*> terms;
    std::vector<char> ops;
};

std::string power_of_ten(double log10) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "10^%.4g", log10);
    return buf;
}

// `check_statement` as powers of ten, for a statement past the range of a double ("10^999 x 10 = 10^1000",
// "1e200 x 1e200 = 5"): the same readings and tolerances, compared as ratios.
void check_in_powers(const Chain& chain, const Quantity& result, bool approximate, CapacityCheck& check) {
    const auto beyond = [](const Quantity* q) {
        return q->beyond_range;
    };
    if (result.beyond_range || std::any_of(chain.terms.begin(), chain.terms.end(), beyond)) {
        check.note = "cannot evaluate: a number in it is too large to compute with (over 10^999999 or 400 digits)";
        return;
    }
    double best = HUGE_VAL;
    double best_shown = 0;
    for (auto reading : {Reading::normalized, Reading::written, Reading::per_period}) {
        const auto computed = evaluate_log(chain.terms, chain.ops, reading);
        if (!computed || (chain.terms.size() == 1 && reading != Reading::normalized)) {
            continue;
        }
        const double stated = log_operand(result, reading);
        const double shown = *computed + result.log10_number - stated;
        const double tolerance = std::max(approximate ? kApproxTolerance : kExactTolerance,
                                          std::pow(10.0, result.log10_precision - result.log10_number));
        const double ratio = *computed - stated;
        const bool within =
            ratio <= std::log10(1 + tolerance) && (tolerance >= 1 || ratio >= std::log10(1 - tolerance));
        if (within || std::fabs(ratio) < std::fabs(best)) {
            best = within ? 0 : ratio;
            best_shown = shown;
            check.verdict = within ? Verdict::ok : Verdict::wrong;
        }
        if (within) {
            break;
        }
    }
    if (check.verdict == Verdict::unknown) {
        check.note = "cannot evaluate (division by zero or a negative result past the range of a double)";
        return;
    }
    check.computed =
        std::isfinite(std::pow(10.0, best_shown)) ? std::optional(std::pow(10.0, best_shown)) : std::nullopt;
    check.note = "compared as powers of ten (past the range of a double): computed " + power_of_ten(best_shown) +
                 ", stated " +
                 (result.beyond_double ? power_of_ten(result.log10_number) : format_number(result.number));
    if (check.verdict == Verdict::wrong) {
        const double error = std::fabs(std::pow(10.0, best) - 1);
        check.note += "; the stated result differs by " +
                      (error < 1e6 ? format_number(error * 100) + "%" : std::string("more than 1e8%"));
    }
}

// Checks `chain = result` under each reading; ok when one agrees, else wrong with the nearest reading.
CapacityCheck check_statement(const TextLine& line, const Chain& chain, const Quantity& result, bool approximate) {
    CapacityCheck check;
    check.line = line.number;
    const auto begin = chain.terms.front()->begin;
    check.statement = shorten_quote(std::string_view(line.text).substr(begin, result.end - begin), kStatementBytes);
    const bool single = chain.terms.size() == 1;
    check.kind = single ? "conversion" : result.kind == QuantityKind::size ? "storage" : "arithmetic";
    const auto beyond = [](const Quantity* q) {
        return q->beyond_double;
    };
    if (result.beyond_double || std::any_of(chain.terms.begin(), chain.terms.end(), beyond)) {
        check_in_powers(chain, result, approximate, check);
        return check;
    }
    check.stated = result.number;
    double best_error = HUGE_VAL;
    for (auto reading : {Reading::normalized, Reading::written, Reading::per_period}) {
        if (single && reading != Reading::normalized) {
            continue;
        }
        const auto computed = evaluate(chain.terms, chain.ops, reading);
        const double stated = operand(result, reading);
        if (!computed) {
            continue;
        }
        // The computed value in the units the statement wrote its result in.
        const double shown = stated != 0 ? *computed * result.number / stated : *computed;
        const double scale = result.number != 0 ? stated / result.number : 1;
        const double precision =
            result.kind == QuantityKind::percent ? result.precision / 100 : result.precision * scale;
        if (agrees(*computed, stated, std::fabs(precision), approximate)) {
            check.computed = shown;
            check.verdict = Verdict::ok;
            check.note = "";
            return check;
        }
        const double error = stated != 0 ? std::fabs(*computed - stated) / std::fabs(stated) : HUGE_VAL;
        if (error < best_error) {
            best_error = error;
            check.computed = shown;
            check.verdict = Verdict::wrong;
        }
    }
    if (check.verdict == Verdict::wrong) {
        check.note = "the stated result differs from the computed one by " +
                     (best_error < 1e6 ? format_number(best_error * 100) + "%" : std::string("more than 1e8%"));
    } else {
        // The operands fit a double but the result does not (1e200 × 1e200): compare as powers of ten.
        check_in_powers(chain, result, approximate, check);
    }
    return check;
}

bool same_dimension(const Quantity& a, const Quantity& b) {
    return a.kind == b.kind &&
           (a.kind == QuantityKind::rate || a.kind == QuantityKind::duration || a.kind == QuantityKind::size) &&
           a.unit != b.unit;
}

bool closes_soon(std::string_view text, std::size_t from) {
    const auto rest = text.substr(std::min(from, text.size()), 3);
    return rest.find(')') != std::string_view::npos;
}

void check_line(const TextLine& line, const std::vector<Quantity>& qs, std::vector<CapacityCheck>& out) {
    Chain chain;
    for (std::size_t k = 0; k < qs.size(); ++k) {
        if (chain.terms.empty()) {
            chain.terms.push_back(&qs[k]);
        }
        if (k + 1 >= qs.size()) {
            break;
        }
        const auto gap = read_gap(std::string_view(line.text).substr(qs[k].end, qs[k + 1].begin - qs[k].end));
        if (gap.joint == Joint::op) {
            chain.terms.push_back(&qs[k + 1]);
            chain.ops.push_back(gap.op);
            continue;
        }
        // "500 ms (5 s for batch jobs)" names another value, not the same one in other units: a bare parenthesis
        // restates only when it closes right after the quantity.
        if (gap.joint == Joint::conversion && gap.parenthesis && !closes_soon(line.text, qs[k + 1].end)) {
            chain = Chain{};
            continue;
        }
        if (gap.joint == Joint::equals || gap.joint == Joint::conversion) {
            const bool single = chain.terms.size() == 1;
            const bool checkable = single ? same_dimension(*chain.terms[0], qs[k + 1]) : true;
            if (checkable && (gap.joint == Joint::equals || single)) {
                out.push_back(
                    check_statement(line, chain, qs[k + 1], gap.approximate || gap.joint == Joint::conversion));
            }
        }
        chain = Chain{};
    }
}

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

// The quantities of the logical line numbered `number`: a range of `quantities`, which are in line order.
std::pair<std::vector<LineQuantity>::const_iterator, std::vector<LineQuantity>::const_iterator>
quantities_of(const std::vector<LineQuantity>& quantities, std::size_t number) {
    const auto first = std::lower_bound(quantities.begin(), quantities.end(), number,
                                        [](const LineQuantity& q, std::size_t n) { return q.line < n; });
    auto last = first;
    while (last != quantities.end() && last->line == number) {
        ++last;
    }
    return {first, last};
}

// The job time Little's law needs: a duration stated as the mean, else as the median (an estimate of the mean).
// A maximum or a percentile would overstate the jobs in flight, so it is never used; `tail` is set to the first
// such figure so the check can say why it cannot tell.
const LineQuantity* job_duration(const std::vector<LineQuantity>& quantities, const LineQuantity*& tail) {
    tail = nullptr;
    for (auto wanted : {Statistic::mean, Statistic::median}) {
        for (const auto& q : quantities) {
            if (q.quantity.kind == QuantityKind::duration && q.quantity.statistic == wanted) {
                return &q;
            }
        }
    }
    for (const auto& q : quantities) {
        if (q.quantity.kind == QuantityKind::duration && is_tail(q.quantity.statistic)) {
            tail = &q;
            break;
        }
    }
    return nullptr;
}

// The arrival rate to size for: the total peak, else (said so in the check) the total mean rate.
const LineQuantity* arrival_rate(const std::vector<TextLine>& lines, const std::vector<LineQuantity>& quantities) {
    for (const auto& q : quantities) {
        if (q.quantity.kind == QuantityKind::rate && q.quantity.statistic == Statistic::peak &&
            !q.quantity.per_tenant) {
            return &q;
        }
    }
    for (const auto& line : lines) {
        if (line.lower.find("peak") == std::string::npos) {
            continue;
        }
        const auto [first, last] = quantities_of(quantities, line.number);
        for (auto q = first; q != last; ++q) {
            if (q->quantity.kind == QuantityKind::rate && !q->quantity.per_tenant &&
                q->quantity.statistic != Statistic::min) {
                return &*q;
            }
        }
    }
    return nullptr;
}

const LineQuantity* mean_rate(const std::vector<LineQuantity>& quantities) {
    for (const auto& q : quantities) {
        if (q.quantity.kind == QuantityKind::rate && q.quantity.statistic == Statistic::mean &&
            !q.quantity.per_tenant) {
            return &q;
        }
    }
    return nullptr;
}

bool is_slot_unit(std::string_view unit) {
    return unit == "slots" || unit == "slot" || unit == "concurrent" || unit == "goroutines";
}

bool is_worker_unit(std::string_view unit) {
    return unit == "workers" || unit == "worker" || unit == "pods" || unit == "processes" || unit == "instances" ||
           unit == "consumers" || unit == "containers" || unit == "machines" || unit == "nodes";
}

bool is_thread_unit(std::string_view unit) {
    return unit == "threads" || unit == "thread";
}

// The slots the design provides: its largest count of slots, else workers × threads stated on one line.
std::optional<std::pair<double, std::size_t>> slots_provided(const std::vector<LineQuantity>& quantities) {
    std::optional<std::pair<double, std::size_t>> best;
    for (const auto& q : quantities) {
        if (q.quantity.kind == QuantityKind::count && is_slot_unit(q.quantity.unit) &&
            (!best || q.quantity.value > best->first)) {
            best = std::pair{q.quantity.value, q.line};
        }
    }
    if (best) {
        return best;
    }
    for (const auto& w : quantities) {
        if (w.quantity.kind != QuantityKind::count || !is_worker_unit(w.quantity.unit)) {
            continue;
        }
        const auto [first, last] = quantities_of(quantities, w.line);
        for (auto t = first; t != last; ++t) {
            if (t->quantity.kind == QuantityKind::count && is_thread_unit(t->quantity.unit)) {
                return std::pair{w.quantity.value * t->quantity.value, w.line};
            }
        }
    }
    return std::nullopt;
}

// The lower-case text of the logical line numbered `number` (lines are in order of their numbers).
std::string_view lower_of(const std::vector<TextLine>& lines, std::size_t number) {
    const auto it = std::lower_bound(lines.begin(), lines.end(), number,
                                     [](const TextLine& l, std::size_t n) { return l.number < n; });
    return it != lines.end() && it->number == number ? std::string_view(it->lower) : std::string_view();
}

std::string rate_text(double per_second) {
    return format_number(per_second) + "/s";
}

std::string statistic_name(const Quantity& q) {
    return q.statistic == Statistic::unstated ? std::string("stated") : std::string(to_string(q.statistic));
}

CapacityCheck littles_law(const std::vector<TextLine>& lines, const std::vector<LineQuantity>& quantities) {
    const auto* peak = arrival_rate(lines, quantities);
    const auto* rate = peak ? peak : mean_rate(quantities);
    const LineQuantity* tail = nullptr;
    const auto* duration = job_duration(quantities, tail);
    const auto slots = slots_provided(quantities);
    CapacityCheck little;
    little.kind = "littles_law";
    if (rate && duration && slots) {
        const double needed = rate->quantity.value * duration->quantity.value;
        const std::string rate_word = peak ? "peak" : "mean";
        little.line = slots->second;
        little.statement = "Little's law: " + rate_word + " rate " + rate_text(rate->quantity.value) + " (line " +
                           std::to_string(rate->line) + ") × " + statistic_name(duration->quantity) + " " +
                           format_number(duration->quantity.value) + " s per job (line " +
                           std::to_string(duration->line) + ") = " + format_number(needed) +
                           " jobs in flight, against " + format_number(slots->first) + " slots";
        little.uses = rate_word + " rate, " + statistic_name(duration->quantity) + " job time";
        little.stated = slots->first;
        little.computed = needed;
        little.verdict = slots->first >= needed * (1 - kExactTolerance) ? Verdict::ok : Verdict::wrong;
        std::string why = "uses the " + statistic_name(duration->quantity) +
                          " job time: Little's law relates the mean time in the system to the mean number in it";
        if (!peak) {
            why += "; no peak rate is stated, so the mean rate is used and the peak needs more";
        }
        little.note = (little.verdict == Verdict::ok ? "the slots provided cover the work in flight; "
                                                     : "fewer slots than jobs in flight: the backlog grows; ") +
                      why;
        return little;
    }
    little.line = rate ? rate->line : slots ? slots->second : 0;
    little.statement = "Little's law: peak rate × mean job time = jobs in flight, against the slots provided";
    if (rate && slots && tail) {
        little.note = "cannot tell: only a " + statistic_name(tail->quantity) + " job time is stated (line " +
                      std::to_string(tail->line) + "); Little's law needs the mean";
        return little;
    }
    std::string lacking;
    for (const auto& [present, what] : std::array<std::pair<bool, const char*>, 3>{
             {{rate != nullptr, "a peak rate"},
              {duration != nullptr, "a mean or median job time"},
              {slots.has_value(), "a number of slots (or workers × threads)"}}}) {
        if (!present) {
            lacking += std::string(lacking.empty() ? "" : ", ") + what;
        }
    }
    little.note = "cannot tell: the design does not state " + lacking;
    return little;
}

// A stated capacity (a rate on a line naming "capacity") against the peak arrival rate.
void check_stated_capacity(const std::vector<TextLine>& lines, const std::vector<LineQuantity>& quantities,
                           const LineQuantity& peak, std::vector<CapacityCheck>& out) {
    for (const auto& line : lines) {
        if (!contains(line.lower, "capacity") || line.number == peak.line) {
            continue;
        }
        const auto [first, last] = quantities_of(quantities, line.number);
        const auto it =
            std::find_if(first, last, [&](const LineQuantity& q) { return q.quantity.kind == QuantityKind::rate; });
        if (it == last) {
            continue;
        }
        CapacityCheck cap;
        cap.kind = "capacity";
        cap.line = line.number;
        cap.statement = "stated capacity " + it->text + " against the peak " + peak.text;
        cap.stated = it->quantity.value;
        cap.computed = peak.quantity.value;
        cap.verdict = it->quantity.value >= peak.quantity.value * (1 - kExactTolerance) ? Verdict::ok : Verdict::wrong;
        cap.uses = "peak rate";
        cap.note = "per second; the capacity must be at least the peak (a mean rate would hide the bursts)";
        out.push_back(cap);
        return;
    }
}

// The first quantity on a line about growth that `accept` takes, or null.
template <typename Accept>
const LineQuantity* growth_quantity(const std::vector<TextLine>& lines, const std::vector<LineQuantity>& quantities,
                                    Accept accept) {
    for (const auto& q : quantities) {
        const auto lower = lower_of(lines, q.line);
        if (accept(q) && (contains(lower, "grow") || contains(lower, "growth"))) {
            return &q;
        }
    }
    return nullptr;
}

// A growth factor applied to the peak, against the grown peak the design states.
void check_growth(const std::vector<TextLine>& lines, const std::vector<LineQuantity>& quantities,
                  const LineQuantity& peak, std::vector<CapacityCheck>& out) {
    const LineQuantity* growth = growth_quantity(lines, quantities, [](const LineQuantity& q) {
        return q.quantity.kind == QuantityKind::factor && q.quantity.value >= 1.1;
    });
    if (!growth) {
        return;
    }
    const double target = peak.quantity.value * growth->quantity.value;
    CapacityCheck g;
    g.kind = "growth";
    g.computed = target;
    const LineQuantity* stated = growth_quantity(lines, quantities, [&](const LineQuantity& q) {
        return q.quantity.kind == QuantityKind::rate && q.quantity.value > peak.quantity.value * 1.2;
    });
    if (!stated) {
        g.line = growth->line;
        g.statement = "growth " + growth->text + " of the peak " + peak.text + " = " + rate_text(target);
        g.note = "cannot tell: the design states no rate for the grown peak";
        out.push_back(g);
        return;
    }
    g.line = stated->line;
    g.statement = "grown peak " + stated->text + " against peak " + peak.text + " × " + growth->text;
    g.stated = stated->quantity.value;
    const double precision = stated->quantity.number != 0
                                 ? stated->quantity.precision * stated->quantity.value / stated->quantity.number
                                 : 0;
    g.verdict = agrees(target, stated->quantity.value, precision, true) ? Verdict::ok : Verdict::wrong;
    g.uses = "peak rate";
    g.note = "per second, from the peak";
    out.push_back(g);
}

void check_relations(const std::vector<TextLine>& lines, const std::vector<LineQuantity>& quantities,
                     std::vector<CapacityCheck>& out) {
    out.push_back(littles_law(lines, quantities));
    const auto* peak = arrival_rate(lines, quantities);
    if (!peak) {
        return;
    }
    check_stated_capacity(lines, quantities, *peak, out);
    check_growth(lines, quantities, *peak, out);
}

} // namespace

CapacityReview check_capacity(const std::vector<TextLine>& lines) {
    // Wrapped sentences are read whole, so "5,000 jobs per" + "second" is one rate.
    const auto logical = join_wrapped(lines);
    CapacityReview review;
    for (const auto& line : logical) {
        auto qs = extract_quantities(line.text);
        if (qs.size() > kMaxQuantitiesPerLine) {
            qs.resize(kMaxQuantitiesPerLine);
        }
        check_line(line, qs, review.checks);
        for (const auto& q : qs) {
            // A quantity past the range of a double takes part in its line's arithmetic only: no relation or
            // listing can use a value it does not have.
            if (q.beyond_double) {
                continue;
            }
            review.quantities.push_back(
                {line.number, q, shorten_quote(std::string_view(line.text).substr(q.begin, q.end - q.begin), 80)});
        }
    }
    check_relations(logical, review.quantities, review.checks);
    return review;
}

} // namespace parley::review
