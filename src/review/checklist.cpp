#include "review/checklist.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <unordered_map>

namespace parley::review {

const char* to_string(ConcernStatus status) {
    switch (status) {
    case ConcernStatus::covered:
        return "covered";
    case ConcernStatus::missing:
        return "missing";
    case ConcernStatus::contradicted:
        return "contradicted";
    }
    return "missing";
}

namespace {

constexpr std::size_t kMaxEvidence = 3;
constexpr std::size_t kQuoteBytes = 240;
constexpr std::size_t kNegationWindow = 4;

constexpr std::array<std::string_view, 17> kNegators = {"no",     "not",   "never",   "without", "nor",    "neither",
                                                        "none",   "don't", "doesn't", "isn't",   "aren't", "won't",
                                                        "cannot", "can't", "disable", "lacks",   "skip"};
// "no more than 5 attempts" bounds a value; it does not negate it.
constexpr std::array<std::string_view, 11> kNotNegating = {"more",   "longer", "later", "less",   "fewer",  "earlier",
                                                           "sooner", "exceed", "only",  "matter", "greater"};
constexpr std::array<std::string_view, 8> kAfterNegators = {"disabled", "off",     "unnecessary", "skipped",
                                                            "omitted",  "removed", "unsupported", "dropped"};
constexpr std::array<std::string_view, 6> kAfterNot = {"needed",  "required",  "used",
                                                       "enabled", "supported", "configured"};
// "does not lose its lease", "no acknowledged job is lost": a negated loss affirms what it names.
constexpr std::array<std::string_view, 16> kLossWords = {"lose",    "loses",  "losing", "lost",  "drop",   "drops",
                                                         "dropped", "break",  "breaks", "miss",  "misses", "expire",
                                                         "expires", "exceed", "block",  "blocks"};
constexpr std::array<std::string_view, 9> kClauseWords = {"but",     "and",      "while", "so",     "which",
                                                          "whereas", "although", "then",  "because"};

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '\'' ||
           static_cast<unsigned char>(c) >= 0x80;
}

bool is_clause_break(char c) {
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '(' || c == ')' || c == '[' ||
           c == ']' || c == '|';
}

template <std::size_t N> bool one_of(std::string_view word, const std::array<std::string_view, N>& words) {
    return std::find(words.begin(), words.end(), word) != words.end();
}

// Matches of a single phrase (no "..."), at the start of a word.
std::vector<PhraseMatch> find_simple(std::string_view line, std::string_view phrase, std::size_t from) {
    std::vector<PhraseMatch> out;
    bool word_end = !phrase.empty() && phrase.back() == '$';
    if (word_end) {
        phrase.remove_suffix(1);
    }
    if (phrase.empty()) {
        return out;
    }
    for (auto pos = line.find(phrase, from); pos != std::string_view::npos; pos = line.find(phrase, pos + 1)) {
        if (pos > 0 && is_word_char(line[pos - 1]) && is_word_char(phrase.front())) {
            continue;
        }
        const auto end = pos + phrase.size();
        if (word_end && end < line.size() && is_word_char(line[end])) {
            continue;
        }
        out.push_back({pos, end});
    }
    return out;
}

} // namespace

std::vector<PhraseMatch> find_phrase(std::string_view line, std::string_view phrase) {
    const auto dots = phrase.find("...");
    if (dots == std::string_view::npos) {
        return find_simple(line, phrase, 0);
    }
    // "A...B": A, then B later on the same line; reported as A's span through B's end.
    // Only the first A is tried: a later A has less text after it, so it cannot find a B the first one missed
    // (and trying each would be quadratic on a long line).
    std::vector<PhraseMatch> out;
    const auto firsts = find_simple(line, phrase.substr(0, dots), 0);
    if (!firsts.empty()) {
        const auto& first = firsts.front();
        const auto rest = find_phrase(line.substr(first.end), phrase.substr(dots + 3));
        if (!rest.empty()) {
            out.push_back({first.begin, first.end + rest.front().end});
        }
    }
    return out;
}

bool is_negated(std::string_view line, std::size_t begin, std::size_t end) {
    // The words before, nearest first, up to a clause break.
    std::vector<std::string_view> before;
    std::size_t i = begin;
    while (before.size() < kNegationWindow && i > 0) {
        while (i > 0 && !is_word_char(line[i - 1]) && !is_clause_break(line[i - 1])) {
            --i;
        }
        if (i == 0 || is_clause_break(line[i - 1])) {
            break;
        }
        const auto word_end = i;
        while (i > 0 && is_word_char(line[i - 1])) {
            --i;
        }
        const auto word = line.substr(i, word_end - i);
        if (one_of(word, kClauseWords)) {
            break;
        }
        before.push_back(word);
    }
    bool negator_before = false;
    bool loss = false;
    for (std::size_t k = 0; k < before.size(); ++k) {
        // The word after the negator (towards the phrase): "no more than" is a bound, not a negation.
        const auto next = k == 0 ? std::string_view() : before[k - 1];
        if (one_of(before[k], kNegators) && !one_of(next, kNotNegating)) {
            negator_before = true;
            break;
        }
        loss = loss || one_of(before[k], kLossWords);
    }
    // The words after, up to a clause break.
    std::vector<std::string_view> after;
    std::size_t j = end;
    while (j < line.size() && is_word_char(line[j])) {
        ++j; // the rest of the matched word ("persist" in "persistence")
    }
    while (after.size() < kNegationWindow && j < line.size()) {
        while (j < line.size() && !is_word_char(line[j]) && !is_clause_break(line[j])) {
            ++j;
        }
        if (j >= line.size() || is_clause_break(line[j])) {
            break;
        }
        const auto word_begin = j;
        while (j < line.size() && is_word_char(line[j])) {
            ++j;
        }
        const auto word = line.substr(word_begin, j - word_begin);
        if (one_of(word, kClauseWords)) {
            break;
        }
        after.push_back(word);
    }
    if (negator_before) {
        return !loss &&
               std::none_of(after.begin(), after.end(), [](std::string_view w) { return one_of(w, kLossWords); });
    }
    for (std::size_t k = 0; k < after.size(); ++k) {
        if (one_of(after[k], kAfterNegators)) {
            return true;
        }
        if ((after[k] == "not" || after[k] == "never") && k + 1 < after.size() && one_of(after[k + 1], kAfterNot)) {
            return true;
        }
    }
    return false;
}

namespace {

void add_evidence(std::vector<Evidence>& evidence, const TextLine& line) {
    if (evidence.size() >= kMaxEvidence) {
        return;
    }
    for (const auto& e : evidence) {
        if (e.line == line.number) {
            return;
        }
    }
    evidence.push_back({line.number, shorten_quote(line.text, kQuoteBytes)});
}

// True when a match of another phrase of the same aspect contains [m.begin, m.end): "no secrets" is itself a
// covering phrase, so the "secret" inside it is not a negated "secret".
bool excused(std::string_view lower, const PhraseMatch& m, const Aspect& aspect) {
    // Only the neighbourhood of the match is searched, so a long line of negations stays linear.
    constexpr std::size_t kReach = 64;
    const auto from = m.begin > kReach ? m.begin - kReach : 0;
    const auto window = lower.substr(from, m.end + kReach - from);
    for (auto phrase : aspect.phrases) {
        for (const auto& other : find_phrase(window, phrase)) {
            if (from + other.begin < m.begin && from + other.end >= m.end) {
                return true;
            }
        }
    }
    return false;
}

// The logical lines of a design as one lower-case text, so each phrase is searched once over the whole design
// rather than once per line.
struct Document {
    const std::vector<TextLine>* lines = nullptr;
    std::string lower;
    std::vector<std::size_t> starts; // offset of each line in `lower`
    // Where words start, by their first two bytes: a phrase is compared only where a word starts as it does,
    // instead of scanning the whole text once per phrase.
    std::unordered_map<std::uint16_t, std::vector<std::size_t>> word_starts;
};

std::uint16_t prefix_key(char a, char b) {
    return static_cast<std::uint16_t>((static_cast<unsigned char>(a) << 8) | static_cast<unsigned char>(b));
}

Document make_document(const std::vector<TextLine>& lines) {
    Document doc;
    doc.lines = &lines;
    for (const auto& line : lines) {
        doc.starts.push_back(doc.lower.size());
        // Headings settle nothing: they are searched as blank lines of the same length.
        doc.lower += is_heading(line) ? std::string(line.lower.size(), ' ') : line.lower;
        doc.lower += '\n';
    }
    for (std::size_t i = 0; i + 1 < doc.lower.size(); ++i) {
        if (is_word_char(doc.lower[i]) && (i == 0 || !is_word_char(doc.lower[i - 1]))) {
            doc.word_starts[prefix_key(doc.lower[i], doc.lower[i + 1])].push_back(i);
        }
    }
    return doc;
}

// The matches of a phrase without "..." in the whole document, in text order.
std::vector<PhraseMatch> find_words(const Document& doc, std::string_view phrase) {
    if (phrase.size() < 3 || !is_word_char(phrase[0])) {
        return find_simple(doc.lower, phrase, 0);
    }
    const bool word_end = phrase.back() == '$';
    const auto text = word_end ? phrase.substr(0, phrase.size() - 1) : phrase;
    std::vector<PhraseMatch> out;
    const auto it = doc.word_starts.find(prefix_key(text[0], text[1]));
    if (it == doc.word_starts.end()) {
        return out;
    }
    for (auto pos : it->second) {
        if (doc.lower.compare(pos, text.size(), text) != 0) {
            continue;
        }
        const auto end = pos + text.size();
        if (word_end && end < doc.lower.size() && is_word_char(doc.lower[end])) {
            continue;
        }
        out.push_back({pos, end});
    }
    return out;
}

// One match: the index of its line and its offsets in that line.
struct LineMatch {
    std::size_t index = 0;
    PhraseMatch match;
};

std::vector<LineMatch> find_in_document(const Document& doc, std::string_view phrase) {
    std::vector<LineMatch> out;
    const auto dots = phrase.find("...");
    const auto head = dots == std::string_view::npos ? phrase : phrase.substr(0, dots);
    std::size_t last_index = static_cast<std::size_t>(-1);
    for (const auto& m : find_words(doc, head)) {
        const auto index = static_cast<std::size_t>(std::upper_bound(doc.starts.begin(), doc.starts.end(), m.begin) -
                                                    doc.starts.begin() - 1);
        const auto start = doc.starts[index];
        if (dots == std::string_view::npos) {
            out.push_back({index, {m.begin - start, m.end - start}});
        } else if (index != last_index) {
            const auto line = std::string_view(doc.lower).substr(start, (*doc.lines)[index].lower.size());
            for (const auto& lm : find_phrase(line, phrase)) {
                out.push_back({index, lm});
            }
        }
        last_index = index;
    }
    return out;
}

std::string_view line_lower(const Document& doc, std::size_t index) {
    return std::string_view(doc.lower).substr(doc.starts[index], (*doc.lines)[index].lower.size());
}

void add_sorted(std::vector<Evidence>& evidence, const std::vector<std::size_t>& indexes,
                const std::vector<TextLine>& lines) {
    for (auto index : indexes) {
        add_evidence(evidence, lines[index]);
    }
}

ConcernResult check_concern(const Concern& concern, const Document& doc) {
    const auto& lines = *doc.lines;
    ConcernResult result;
    result.concern = &concern;
    std::vector<std::size_t> against;
    std::size_t reason_index = static_cast<std::size_t>(-1);
    std::string reason;
    auto contradict = [&](std::size_t index, std::string why) {
        against.push_back(index);
        if (index < reason_index) {
            reason_index = index;
            reason = std::move(why);
        }
    };
    for (auto phrase : concern.contradictions) {
        for (const auto& [index, m] : find_in_document(doc, phrase)) {
            const auto lower = line_lower(doc, index);
            if (!is_negated(lower, m.begin, m.end)) {
                contradict(index, "states \"" + lines[index].text.substr(m.begin, m.end - m.begin) + "\"");
            }
        }
    }
    std::vector<std::size_t> first_found(concern.aspects.size(), static_cast<std::size_t>(-1));
    for (std::size_t a = 0; a < concern.aspects.size(); ++a) {
        const auto& aspect = concern.aspects[a];
        for (auto phrase : aspect.phrases) {
            for (const auto& [index, m] : find_in_document(doc, phrase)) {
                const auto lower = line_lower(doc, index);
                if (!is_negated(lower, m.begin, m.end)) {
                    first_found[a] = std::min(first_found[a], index);
                } else if (concern.negation_contradicts && !excused(lower, m, aspect)) {
                    contradict(index, "negates " + std::string(aspect.name));
                }
            }
        }
    }
    for (const auto& claim : concern.claims) {
        std::vector<std::size_t> claimed;
        bool backed = false;
        for (auto phrase : claim.phrases) {
            for (const auto& [index, m] : find_in_document(doc, phrase)) {
                if (!is_negated(line_lower(doc, index), m.begin, m.end)) {
                    claimed.push_back(index);
                }
            }
        }
        for (auto phrase : claim.backing) {
            for (const auto& [index, m] : find_in_document(doc, phrase)) {
                backed = backed || !is_negated(line_lower(doc, index), m.begin, m.end);
            }
        }
        if (!claimed.empty() && !backed) {
            for (auto index : claimed) {
                contradict(index, std::string(claim.why));
            }
        }
    }
    if (!against.empty()) {
        std::sort(against.begin(), against.end());
        result.status = ConcernStatus::contradicted;
        add_sorted(result.evidence, against, lines);
        result.reason = std::move(reason);
        return result;
    }
    std::vector<std::size_t> found;
    for (std::size_t a = 0; a < concern.aspects.size(); ++a) {
        if (first_found[a] == static_cast<std::size_t>(-1)) {
            result.missing_aspects.emplace_back(concern.aspects[a].name);
        } else {
            found.push_back(first_found[a]);
        }
    }
    add_sorted(result.evidence, found, lines);
    result.status = result.missing_aspects.empty() ? ConcernStatus::covered : ConcernStatus::missing;
    return result;
}

} // namespace

std::vector<ConcernResult> check_concerns(const std::vector<TextLine>& lines) {
    const auto logical = join_wrapped(lines);
    const auto doc = make_document(logical);
    std::vector<ConcernResult> out;
    for (const auto& concern : concerns()) {
        out.push_back(check_concern(concern, doc));
    }
    return out;
}

} // namespace parley::review
