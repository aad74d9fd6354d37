#include "review/checklist.hpp"

#include <algorithm>
#include <array>

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

constexpr std::array<std::string_view, 17> kNegators = {"no",     "not",   "never",   "without", "nor",  "neither",
                                                        "none",   "don't", "doesn't", "isn't",   "aren't", "won't",
                                                        "cannot", "can't", "disable", "lacks",   "skip"};
// "no more than 5 attempts" bounds a value; it does not negate it.
constexpr std::array<std::string_view, 11> kNotNegating = {"more",   "longer", "later", "less",   "fewer", "earlier",
                                                           "sooner", "exceed", "only",  "matter", "greater"};
constexpr std::array<std::string_view, 8> kAfterNegators = {"disabled", "off",     "unnecessary", "skipped",
                                                            "omitted",  "removed", "unsupported", "dropped"};
constexpr std::array<std::string_view, 6> kAfterNot = {"needed", "required", "used", "enabled", "supported",
                                                       "configured"};
// "does not lose its lease", "no acknowledged job is lost": a negated loss affirms what it names.
constexpr std::array<std::string_view, 16> kLossWords = {"lose",    "loses",  "losing", "lost",   "drop",   "drops",
                                                         "dropped", "break",  "breaks", "miss",   "misses", "expire",
                                                         "expires", "exceed", "block",  "blocks"};
constexpr std::array<std::string_view, 9> kClauseWords = {"but", "and", "while", "so", "which",
                                                          "whereas", "although", "then", "because"};

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '\'' ||
           static_cast<unsigned char>(c) >= 0x80;
}

bool is_clause_break(char c) {
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '(' || c == ')' ||
           c == '[' || c == ']' || c == '|';
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
    std::vector<PhraseMatch> out;
    for (const auto& first : find_simple(line, phrase.substr(0, dots), 0)) {
        const auto rest = find_phrase(line.substr(first.end), phrase.substr(dots + 3));
        if (!rest.empty()) {
            out.push_back({first.begin, first.end + rest.front().end});
            break;
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
        return !loss && std::none_of(after.begin(), after.end(), [](std::string_view w) { return one_of(w, kLossWords); });
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
    for (auto phrase : aspect.phrases) {
        for (const auto& other : find_phrase(lower, phrase)) {
            if (other.begin < m.begin && other.end >= m.end) {
                return true;
            }
        }
    }
    return false;
}

ConcernResult check_concern(const Concern& concern, const std::vector<TextLine>& lines) {
    ConcernResult result;
    result.concern = &concern;
    std::vector<Evidence> against;
    std::string reason;
    std::vector<std::vector<Evidence>> found(concern.aspects.size());
    for (const auto& line : lines) {
        if (line.lower.empty()) {
            continue;
        }
        for (auto phrase : concern.contradictions) {
            for (const auto& m : find_phrase(line.lower, phrase)) {
                if (!is_negated(line.lower, m.begin, m.end)) {
                    add_evidence(against, line);
                    if (reason.empty()) {
                        reason = "states \"" + std::string(line.text.substr(m.begin, m.end - m.begin)) + "\"";
                    }
                }
            }
        }
        for (std::size_t a = 0; a < concern.aspects.size(); ++a) {
            const auto& aspect = concern.aspects[a];
            for (auto phrase : aspect.phrases) {
                for (const auto& m : find_phrase(line.lower, phrase)) {
                    if (!is_negated(line.lower, m.begin, m.end)) {
                        add_evidence(found[a], line);
                    } else if (concern.negation_contradicts && !excused(line.lower, m, aspect)) {
                        add_evidence(against, line);
                        if (reason.empty()) {
                            reason = "negates " + std::string(aspect.name);
                        }
                    }
                }
            }
        }
    }
    for (const auto& claim : concern.claims) {
        std::vector<Evidence> claimed;
        bool backed = false;
        for (const auto& line : lines) {
            for (auto phrase : claim.phrases) {
                for (const auto& m : find_phrase(line.lower, phrase)) {
                    if (!is_negated(line.lower, m.begin, m.end)) {
                        add_evidence(claimed, line);
                    }
                }
            }
            for (auto phrase : claim.backing) {
                for (const auto& m : find_phrase(line.lower, phrase)) {
                    backed = backed || !is_negated(line.lower, m.begin, m.end);
                }
            }
        }
        if (!claimed.empty() && !backed) {
            for (const auto& e : claimed) {
                if (against.size() < kMaxEvidence) {
                    against.push_back(e);
                }
            }
            if (reason.empty()) {
                reason = std::string(claim.why);
            }
        }
    }
    if (!against.empty()) {
        result.status = ConcernStatus::contradicted;
        result.evidence = std::move(against);
        result.reason = std::move(reason);
        return result;
    }
    for (std::size_t a = 0; a < concern.aspects.size(); ++a) {
        if (found[a].empty()) {
            result.missing_aspects.emplace_back(concern.aspects[a].name);
        } else {
            const auto& first = found[a].front();
            const bool seen = std::any_of(result.evidence.begin(), result.evidence.end(),
                                          [&](const Evidence& e) { return e.line == first.line; });
            if (!seen && result.evidence.size() < kMaxEvidence) {
                result.evidence.push_back(first);
            }
        }
    }
    result.status = result.missing_aspects.empty() ? ConcernStatus::covered : ConcernStatus::missing;
    return result;
}

} // namespace

std::vector<ConcernResult> check_concerns(const std::vector<TextLine>& lines) {
    std::vector<ConcernResult> out;
    for (const auto& concern : concerns()) {
        out.push_back(check_concern(concern, lines));
    }
    return out;
}

} // namespace parley::review
