#include "offline/text_analysis.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "util/text.hpp"

namespace parley::offline {

namespace {

constexpr std::size_t kMaxRequirements = 12;
constexpr std::size_t kMaxQuestions = 8;
constexpr std::size_t kMaxQuantities = 12;
constexpr std::size_t kMaxTerms = 8;
constexpr std::size_t kMaxItemChars = 180;

// Not " support": "customers chat with support agents" states the setting, not a requirement.
const std::vector<std::string_view> kModalWords{" must ",  " should ", " need ",    " needs ", " require",
                                                " shall ", " has to ", " have to ", " cannot "};

const std::set<std::string_view> kStopWords{
    "about",    "above",      "after",   "again",    "against",  "all",       "also",     "wants",   "could",
    "would",    "and",        "any",     "are",      "because",  "been",      "before",   "being",   "below",
    "between",  "both",       "but",     "can",      "could",    "does",      "doing",    "down",    "during",
    "each",     "either",     "every",   "few",      "for",      "from",      "further",  "have",    "having",
    "here",     "however",    "into",    "itself",   "just",     "least",     "less",     "like",    "more",
    "most",     "must",       "need",    "needs",    "never",    "only",      "other",    "ought",   "over",
    "own",      "reasonable", "same",    "should",   "some",     "such",      "than",     "that",    "their",
    "them",     "then",       "there",   "these",    "they",     "this",      "those",    "through", "under",
    "until",    "very",       "want",    "well",     "were",     "what",      "when",     "where",   "whether",
    "which",    "while",      "will",    "with",     "within",   "without",   "would",    "your",    "support",
    "supports", "system",     "design",  "using",    "based",    "least",     "should",   "might",   "shall",
    "while",    "allow",      "allows",  "ensure",   "given",    "many",      "much",     "make",    "makes",
    "across",   "against",    "able",    "without",  "still",    "other",     "others",   "things",  "thing",
    "where",    "there",      "require", "requires", "required", "questions", "question", "problem", "keep",
    "once",     "most",       "each",    "into",     "what",     "when",      "then",     "than",    "them",
    "they",     "this",       "that",    "with",     "from",     "have",      "will",     "were",    "been",
    "does",     "done",       "some",    "many",     "much",     "make",      "very",     "just",    "upon",
    "also",     "only",       "able",    "more",     "less",     "same",      "such",     "over",    "both",
    "does",     "high",       "low",     "standard"};

bool is_alpha(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0;
}
bool is_digit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// "- x", "* x", "+ x", "1. x", "2) x" -> "x".
std::optional<std::string_view> list_item(std::string_view line) {
    if (line.size() > 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && line[1] == ' ') {
        return util::trim_space(line.substr(2));
    }
    std::size_t i = 0;
    while (i < line.size() && is_digit(line[i])) {
        ++i;
    }
    if (i > 0 && i + 1 < line.size() && (line[i] == '.' || line[i] == ')') && line[i + 1] == ' ') {
        return util::trim_space(line.substr(i + 2));
    }
    return std::nullopt;
}

std::vector<std::string_view> split_sentences(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool at_end = i + 1 == text.size() || text[i + 1] == ' ';
        if ((c == '.' || c == '!' || c == '?') && at_end) {
            if (auto s = util::trim_space(text.substr(start, i + 1 - start)); !s.empty()) {
                out.push_back(s);
            }
            start = i + 1;
        }
    }
    if (auto s = util::trim_space(text.substr(std::min(start, text.size()))); !s.empty()) {
        out.push_back(s);
    }
    return out;
}

std::size_t word_count(std::string_view s) {
    std::size_t n = 0;
    bool in_word = false;
    for (char c : s) {
        const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
        n += (!space && !in_word) ? 1 : 0;
        in_word = !space;
    }
    return n;
}

void add_unique(std::vector<std::string>& list, std::string_view item, std::size_t limit) {
    std::string text = shorten(item, kMaxItemChars);
    if (list.size() < limit && std::find(list.begin(), list.end(), text) == list.end()) {
        list.push_back(std::move(text));
    }
}

// Sorts one statement into a requirement or a question; `in_questions` is true under an "open questions" heading.
void classify(ProblemFacts& facts, std::string_view statement, bool in_questions, bool is_item) {
    statement = util::trim_space(statement);
    if (statement.empty()) {
        return;
    }
    if (in_questions || statement.back() == '?') {
        add_unique(facts.open_questions, statement, kMaxQuestions);
        return;
    }
    const std::string padded = " " + to_lower(statement) + " ";
    if ((is_item && word_count(statement) >= 3) || contains_any(padded, kModalWords)) {
        while (!statement.empty() && (statement.back() == '.' || statement.back() == ';')) {
            statement.remove_suffix(1);
        }
        add_unique(facts.requirements, statement, kMaxRequirements);
    }
}

void read_statements(ProblemFacts& facts, std::string_view text) {
    bool in_questions = false;
    std::string item; // a list item, with the wrapped lines that continue it
    std::string paragraph;
    auto flush = [&] {
        if (!item.empty()) {
            classify(facts, item, in_questions, true);
            item.clear();
        }
        for (auto sentence : split_sentences(paragraph)) {
            classify(facts, sentence, in_questions, false);
        }
        paragraph.clear();
    };
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const auto line = util::trim_space(text.substr(pos, end - pos));
        pos = end + 1;
        if (line.empty()) {
            flush();
        } else if (line.front() == '#') {
            flush();
            in_questions = to_lower(line).find("question") != std::string::npos;
            const auto text_start = std::min(line.find_first_not_of('#'), line.size());
            if (facts.title.empty() && text_start < line.size()) {
                facts.title = shorten(util::trim_space(line.substr(text_start)), 80);
            }
        } else if (auto list_text = list_item(line)) {
            flush();
            item = *list_text;
        } else if (!item.empty()) {
            item.append(" ").append(line);
        } else if (line.back() == ':' && to_lower(line).find("question") != std::string::npos) {
            flush();
            in_questions = true;
        } else {
            paragraph.append(line).push_back(' ');
        }
    }
    flush();
}

// The unit words after a number: "ms", "%", "jobs per minute", "requests/s".
std::string read_unit(std::string_view text, std::size_t& i) {
    if (i < text.size() && text[i] == '%') {
        ++i;
        return "%";
    }
    std::size_t j = i;
    if (j < text.size() && text[j] == ' ') {
        ++j;
    }
    auto word_at = [&](std::size_t k) {
        std::size_t e = k;
        while (e < text.size() && (is_alpha(text[e]) || text[e] == '/' || text[e] == '-')) {
            ++e;
        }
        return text.substr(k, e - k);
    };
    auto word = word_at(j);
    static const std::set<std::string_view> kNotUnits{"and", "or", "to", "of", "the", "a", "an", "in", "at", "is"};
    if (word.empty() || kNotUnits.count(to_lower(word))) {
        return {};
    }
    std::size_t end = j + word.size();
    if (text.substr(end, 5) == " per " && !word_at(end + 5).empty()) {
        end += 5 + word_at(end + 5).size();
    }
    i = end;
    return to_lower(text.substr(j, end - j));
}

bool is_list_or_heading_start(std::string_view text, std::size_t i) {
    return i < text.size() && (text[i] == '#' || ((text[i] == '-' || text[i] == '*' || text[i] == '+') &&
                                                  i + 1 < text.size() && text[i + 1] == ' '));
}

// "Target p99: 400 ms": a line that opens with a short label and a colon stands alone, as form fields, tickets and
// key-value lists are written without full stops.
bool is_label_line(std::string_view text, std::size_t i) {
    constexpr std::size_t kMaxLabel = 40;
    for (std::size_t k = i; k < text.size() && k - i <= kMaxLabel; ++k) {
        const char c = text[k];
        if (c == ':') {
            return k > i && k + 1 < text.size() && text[k + 1] == ' ';
        }
        if (!(is_alpha(c) || is_digit(c) || c == ' ' || c == '-' || c == '_' || c == '/')) {
            return false;
        }
    }
    return false;
}

// The sentence around [begin, end): back to the previous full stop, blank line or list item, forward to the next;
// a sentence may wrap over several lines. Bounded on both sides so a text without full stops stays cheap.
std::string sentence_around(std::string_view text, std::size_t begin, std::size_t end) {
    constexpr std::size_t kReach = 200;
    std::size_t from = begin;
    while (from > 0 && begin - from < kReach) {
        const char c = text[from - 1];
        const bool stop =
            (c == '.' || c == '!' || c == '?' || c == ';') && std::isspace(static_cast<unsigned char>(text[from])) != 0;
        const bool blank = c == '\n' && (from == 1 || text[from - 2] == '\n');
        if (stop || blank || (c == '\n' && (is_list_or_heading_start(text, from) || is_label_line(text, from)))) {
            break;
        }
        --from;
    }
    std::size_t to = end;
    while (to < text.size() && to - end < kReach) {
        const char c = text[to];
        if ((c == '.' || c == '!' || c == '?' || c == ';') &&
            (to + 1 == text.size() || std::isspace(static_cast<unsigned char>(text[to + 1])) != 0)) {
            break;
        }
        if (c == '\n' && (to + 1 == text.size() || text[to + 1] == '\n' || is_list_or_heading_start(text, to + 1) ||
                          is_label_line(text, to + 1))) {
            break;
        }
        ++to;
    }
    return to_lower(text.substr(from, to - from));
}

// "$8,000", "€500", "£20": the sign before a number makes it an amount of money.
std::size_t currency_sign_before(std::string_view text, std::size_t start) {
    for (std::string_view sign : {"$", "€", "£"}) {
        if (start >= sign.size() && text.substr(start - sign.size(), sign.size()) == sign) {
            return sign.size();
        }
    }
    return 0;
}

// How far back the heading above a number is looked for, so a text of many numbers stays linear.
constexpr std::size_t kHeadingReach = 20'000;

// The heading above `pos`, lowercase, without its marks; empty when there is none within reach.
std::string section_at(std::string_view text, std::size_t pos) {
    const std::size_t floor = pos > kHeadingReach ? pos - kHeadingReach : 0;
    for (std::size_t at = pos; at > floor;) {
        const auto nl = text.rfind('\n', at - 1);
        const std::size_t line = nl == std::string_view::npos ? 0 : nl + 1;
        if (line < floor) {
            break;
        }
        if (line < text.size() && text[line] == '#') {
            const auto end = std::min(text.find('\n', line), text.size());
            auto heading = text.substr(line, end - line);
            heading.remove_prefix(std::min(heading.find_first_not_of('#'), heading.size()));
            return to_lower(util::trim_space(heading));
        }
        if (nl == std::string_view::npos) {
            break;
        }
        at = nl;
    }
    return {};
}

// In a Markdown table row, the header of the column holding `pos` (lowercase); empty outside a table.
std::string column_at(std::string_view text, std::size_t pos) {
    constexpr std::size_t kMaxRows = 200;
    const auto line_of = [&](std::size_t p) {
        const auto nl = p == 0 ? std::string_view::npos : text.rfind('\n', p - 1);
        return nl == std::string_view::npos ? std::size_t{0} : nl + 1;
    };
    const auto row = line_of(pos);
    const auto trimmed = [&](std::size_t line) {
        const auto end = std::min(text.find('\n', line), text.size());
        return util::trim_space(text.substr(line, end - line));
    };
    if (!trimmed(row).starts_with("|")) {
        return {};
    }
    const auto cell = static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(row),
                                                          text.begin() + static_cast<std::ptrdiff_t>(pos), '|'));
    std::size_t header = row;
    for (std::size_t n = 0; n < kMaxRows && header > 0; ++n) {
        const auto above = line_of(header - 1);
        if (!trimmed(above).starts_with("|")) {
            break;
        }
        header = above;
    }
    auto cells = trimmed(header);
    for (std::size_t i = 0; i < cell; ++i) {
        const auto bar = cells.find('|');
        if (bar == std::string_view::npos) {
            return {};
        }
        cells.remove_prefix(bar + 1);
    }
    return to_lower(util::trim_space(cells.substr(0, cells.find('|'))));
}

// A table row is its own sentence: the row, not the rows around it.
std::string row_at(std::string_view text, std::size_t pos) {
    const auto nl = text.rfind('\n', pos);
    const std::size_t line = nl == std::string_view::npos ? 0 : nl + 1;
    const auto end = std::min(text.find('\n', pos), text.size());
    return to_lower(text.substr(line, end - line));
}

void read_quantities(ProblemFacts& facts, std::string_view text) {
    for (std::size_t i = 0; i < text.size() && facts.quantities.size() < kMaxQuantities; ++i) {
        if (!is_digit(text[i]) || (i > 0 && (is_alpha(text[i - 1]) || is_digit(text[i - 1]) || text[i - 1] == '.'))) {
            continue;
        }
        const std::size_t start = i;
        std::string digits;
        while (i < text.size() && (is_digit(text[i]) || ((text[i] == ',' || text[i] == '.') && i + 1 < text.size() &&
                                                         is_digit(text[i + 1])))) {
            if (text[i] != ',') {
                digits.push_back(text[i]);
            }
            ++i;
        }
        double value = std::strtod(digits.c_str(), nullptr);
        if (i < text.size() && (text[i] == 'k' || text[i] == 'K' || text[i] == 'M') &&
            (i + 1 == text.size() || !is_alpha(text[i + 1]))) {
            value *= text[i] == 'M' ? 1e6 : 1e3;
            ++i;
        }
        const std::size_t sign = currency_sign_before(text, start);
        // An amount of money keeps its sign as its unit: "$8,000 for hosting" is no rate and no duration.
        std::string unit = sign > 0 ? std::string(text.substr(start - sign, sign)) : read_unit(text, i);
        if (!unit.empty()) {
            const auto line_start = text.rfind('\n', start);
            const std::size_t from =
                std::max(line_start == std::string_view::npos ? 0 : line_start + 1, start > 60 ? start - 60 : 0);
            auto column = column_at(text, start);
            Quantity q{std::string(text.substr(start - sign, i - start + sign)),
                       value,
                       std::move(unit),
                       to_lower(text.substr(from, start - from)),
                       column.empty() ? sentence_around(text, start, i) : row_at(text, start),
                       sign > 0,
                       section_at(text, start),
                       std::move(column)};
            const bool seen = std::any_of(facts.quantities.begin(), facts.quantities.end(),
                                          [&](const Quantity& other) { return other.text == q.text; });
            if (!seen) {
                facts.quantities.push_back(std::move(q));
            }
        }
        --i;
    }
}

void read_key_terms(ProblemFacts& facts) {
    std::map<std::string, std::pair<int, std::size_t>> counts; // word -> (count, first position)
    const auto& text = facts.lower;
    for (std::size_t i = 0; i < text.size();) {
        if (!is_alpha(text[i])) {
            ++i;
            continue;
        }
        std::size_t e = i;
        while (e < text.size() && (is_alpha(text[e]) || text[e] == '-')) {
            ++e;
        }
        std::string word = text.substr(i, e - i);
        if (word.size() >= 4 && !kStopWords.count(word)) {
            auto [it, inserted] = counts.try_emplace(word, 0, i);
            ++it->second.first;
        }
        i = e;
    }
    std::vector<std::pair<std::string, std::pair<int, std::size_t>>> ranked(counts.begin(), counts.end());
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        return a.second.first != b.second.first ? a.second.first > b.second.first : a.second.second < b.second.second;
    });
    for (const auto& [word, stats] : ranked) {
        if (facts.key_terms.size() == kMaxTerms) {
            break;
        }
        facts.key_terms.push_back(word);
    }
}

} // namespace

std::string to_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

bool contains_any(std::string_view lower_text, const std::vector<std::string_view>& needles) {
    return std::any_of(needles.begin(), needles.end(),
                       [&](std::string_view n) { return lower_text.find(n) != std::string_view::npos; });
}

std::string shorten(std::string_view text, std::size_t max_chars) {
    if (text.size() <= max_chars) {
        return std::string(text);
    }
    auto cut = text.rfind(' ', max_chars);
    if (cut == std::string_view::npos || cut < max_chars / 2) {
        cut = max_chars;
        // Never split a UTF-8 sequence: back up over continuation bytes.
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
            --cut;
        }
    }
    return std::string(util::trim_space(text.substr(0, cut))) + "…";
}

double rate_period_seconds(const Quantity& q) {
    if (q.money) {
        return 0;
    }
    const auto& u = q.unit;
    if (contains_any(u, {"per second", "/s", "per sec", "rps", "qps"})) {
        return 1;
    }
    if (contains_any(u, {"per minute", "/min", "per min"})) {
        return 60;
    }
    if (contains_any(u, {"per hour", "/h"})) {
        return 3600;
    }
    if (contains_any(u, {"per day", "/day", "daily"})) {
        return 86400;
    }
    return 0;
}

double duration_ms(const Quantity& q) {
    if (q.money || rate_period_seconds(q) > 0) {
        return 0;
    }
    const std::string_view first = std::string_view(q.unit).substr(0, q.unit.find(' '));
    if (first == "ms" || first.starts_with("millisecond")) {
        return q.value;
    }
    if (first == "s" || first == "sec" || first.starts_with("second")) {
        return q.value * 1e3;
    }
    if (first == "min" || first.starts_with("minute")) {
        return q.value * 6e4;
    }
    if (first == "h" || first.starts_with("hour")) {
        return q.value * 3.6e6;
    }
    if (first.starts_with("day")) {
        return q.value * 8.64e7;
    }
    return 0;
}

bool is_someone_elses(const Quantity& q) {
    return contains_any(q.sentence, {"not a target",  "not our target", "not a goal",  "not for this", "not this ",
                                     "not ours",      "their figure",   "their slo",   "their own",    "its own slo",
                                     "for reference", "for comparison", "third-party", "third party",  "upstream",
                                     "downstream",    "another team",   "other team",  "vendor's",     "team's slo",
                                     "'s own slo",    "publishes"});
}

Stance stance_of(const Quantity& q) {
    if (q.money) {
        return Stance::context;
    }
    // A table says which column holds today's figures and which the targets.
    if (contains_any(q.column, {"target", "goal", "required", "requirement", "slo", "must", "limit", "to-be"})) {
        return Stance::target;
    }
    if (contains_any(q.column, {"today", "current", "now", "observed", "baseline", "measured", "existing", "as-is"})) {
        return Stance::context;
    }
    // The environment: other systems, today's state, the team. Checked before the requirement phrases, which a
    // sentence about another system uses too ("the partner accepts at most 20 connections").
    const std::string padded = " " + q.sentence + " ";
    if (is_someone_elses(q) ||
        contains_any(padded,
                     {" is slow",   " are slow", "slow (",        "slow:",     " down for ", " outage",   " today",
                      " currently", "right now", "at the moment", " already ", " existing ", " legacy ",  "our team",
                      "team has",   "team of",   " engineers",    " partner",  " vendor",    "provider's"})) {
        return Stance::context;
    }
    if (contains_any(padded,
                     {" must ",       " shall ",  " has to ",  " have to ",      " need to ", " needs to ", " required",
                      " requirement", " within ", " at most ", " no more than ", " or less",  " or fewer",  "≤",
                      "<=",           " target",  " slo",      " sla ",          " goal",     " should ",   " sustain",
                      " guarantee"})) {
        return Stance::target;
    }
    // "p99 under 300 ms": a bound written before a duration the sentence gives to nobody else states a target.
    if (duration_ms(q) > 0 &&
        contains_any(q.lead, {"within", "under", "below", "less than", "at most", "no more than"})) {
        return Stance::target;
    }
    if (contains_any(q.section, {"requirement", "goal", "target", "slo", "acceptance", "success criteria", "must"})) {
        return Stance::target;
    }
    if (contains_any(q.section,
                     {"context", "background", "environment", "current", "today", "situation", "existing", "as-is"})) {
        return Stance::context;
    }
    return rate_period_seconds(q) > 0 ? Stance::target : Stance::unstated;
}

bool is_latency_target(const Quantity& q) {
    return duration_ms(q) > 0 && stance_of(q) == Stance::target &&
           contains_any(q.lead, {"within", "under", "latency", "p9", "below", "less than", "at most"});
}

bool is_commitment(const Quantity& q) {
    return (rate_period_seconds(q) > 0 && stance_of(q) != Stance::context) || is_latency_target(q);
}

bool is_typical_duration(const Quantity& q) {
    return duration_ms(q) > 0 && contains_any(q.lead, {"median", "mean", "average", "typical", "usually"});
}

std::string describe_quantity(const Quantity& q) {
    if (q.money) {
        return "an amount of money (a budget or a cost), not a load or latency figure";
    }
    if (is_someone_elses(q)) {
        return "a figure the problem gives to another system or team, not a target for this design";
    }
    if (stance_of(q) == Stance::context) {
        return "a figure describing the environment (other systems, today's state, the team), not a target for "
               "this design";
    }
    if (const double period = rate_period_seconds(q); period > 0) {
        return "a rate of ≈ " + format_number(q.value / period) + " per second";
    }
    if (is_latency_target(q)) {
        return "a latency target";
    }
    if (is_typical_duration(q)) {
        return "a typical duration";
    }
    if (duration_ms(q) > 0) {
        return "a duration";
    }
    if (q.unit == "%") {
        return "a percentage";
    }
    if (contains_any(q.unit, {"kb", "mb", "gb", "tb", "byte"})) {
        return "a size";
    }
    if (q.unit == "x" || q.unit == "×") {
        return "a growth or headroom factor";
    }
    return "a count";
}

std::string format_number(double value) {
    if (!std::isfinite(value)) {
        return "?";
    }
    if (std::fabs(value) < 100 && std::fabs(value - std::round(value)) > 0.05) {
        const auto tenths = static_cast<long long>(std::llround(value * 10));
        return std::to_string(tenths / 10) + "." + std::to_string(std::llabs(tenths % 10));
    }
    std::string digits = std::to_string(std::llabs(std::llround(value)));
    for (auto i = static_cast<long long>(digits.size()) - 3; i > 0; i -= 3) {
        digits.insert(static_cast<std::size_t>(i), ",");
    }
    return (value < 0 ? "-" : "") + digits;
}

ProblemFacts analyze_problem(std::string_view text) {
    ProblemFacts facts;
    facts.lower = to_lower(text);
    read_statements(facts, text);
    read_quantities(facts, text);
    read_key_terms(facts);
    if (facts.title.empty()) {
        const auto sentences = split_sentences(text.substr(0, std::min<std::size_t>(text.size(), 400)));
        facts.title = sentences.empty() ? "the problem as stated" : shorten(sentences.front(), 80);
    }
    return facts;
}

} // namespace parley::offline
