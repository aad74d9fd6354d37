#include "review/phrase_match.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace parley::review {

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '\'' ||
           static_cast<unsigned char>(c) >= 0x80;
}

namespace {

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

std::uint16_t prefix_key(char a, char b) {
    return static_cast<std::uint16_t>((static_cast<unsigned char>(a) << 8) | static_cast<unsigned char>(b));
}

} // namespace

Document make_document(const std::vector<TextLine>& lines, const std::vector<Sentence>& sentences) {
    Document doc;
    doc.lines = &lines;
    doc.sentences = &sentences;
    for (const auto& s : sentences) {
        doc.starts.push_back(doc.lower.size());
        // Headings settle nothing: they are searched as blank text of the same length.
        doc.lower += s.kind == SentenceKind::heading ? std::string(s.lower.size(), ' ') : s.lower;
        doc.lower += '\n';
    }
    for (std::size_t i = 0; i + 1 < doc.lower.size(); ++i) {
        if (is_word_char(doc.lower[i]) && (i == 0 || !is_word_char(doc.lower[i - 1]))) {
            doc.word_starts[prefix_key(doc.lower[i], doc.lower[i + 1])].push_back(i);
        }
    }
    return doc;
}

namespace {

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

} // namespace

std::string_view sentence_lower(const Document& doc, std::size_t index) {
    return std::string_view(doc.lower).substr(doc.starts[index], (*doc.sentences)[index].lower.size());
}

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
            for (const auto& lm : find_phrase(sentence_lower(doc, index), phrase)) {
                out.push_back({index, lm});
            }
        }
        last_index = index;
    }
    return out;
}

} // namespace parley::review
