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
// How far back a second negator that cancels the first is looked for ("we never run a job without TLS").
constexpr std::size_t kDoubleNegationWindow = 7;

// Not "none": it heads a clause of its own ("if none arrives within session.timeout.ms"); "X: none" is read apart.
constexpr std::array<std::string_view, 16> kNegators = {"no",    "not",     "never", "without", "nor",   "neither",
                                                        "don't", "doesn't", "isn't", "aren't",  "won't", "cannot",
                                                        "can't", "disable", "lacks", "skip"};
// "no more than 5 attempts", "no longer than 30 s" bound a value: a comparative followed by "than" after a
// negator is no negation ("no longer acknowledges on receipt" is one).
constexpr std::array<std::string_view, 8> kComparatives = {"more",  "longer",  "later",  "less",
                                                           "fewer", "earlier", "sooner", "greater"};
// "not only", "must not exceed", "no matter" never negate what follows.
constexpr std::array<std::string_view, 3> kNotNegating = {"exceed", "only", "matter"};
constexpr std::array<std::string_view, 9> kAfterNegators = {"disabled", "off",     "unnecessary", "skipped", "omitted",
                                                            "removed",  "dropped", "unsupported", "none"};
constexpr std::array<std::string_view, 6> kAfterNot = {"needed",  "required",  "used",
                                                       "enabled", "supported", "configured"};
// "does not lose its lease", "no acknowledged job is lost": a negated loss affirms what it names.
constexpr std::array<std::string_view, 16> kLossWords = {"lose",    "loses",  "losing", "lost",  "drop",   "drops",
                                                         "dropped", "break",  "breaks", "miss",  "misses", "expire",
                                                         "expires", "exceed", "block",  "blocks"};
// Words that open a clause of their own: a negation before them does not reach past them ("no side effect is
// repeated when a job is redelivered" does not negate the redelivery).
constexpr std::array<std::string_view, 19> kClauseWords = {
    "but", "and",  "while", "so",     "which", "whereas", "although", "then",  "because", "when",
    "if",  "once", "until", "unless", "where", "whether", "that",     "after", "before"};

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
    // "A...B": A, then B later in the sentence; reported from the A nearest before B through B's end, so the
    // negation read is that of the clause that holds both ("no longer acks on receipt; acks only after ...").
    // B is searched after the first A only: a later A has less text after it, so it cannot find a B the first
    // one missed (and trying each would be quadratic on a long line).
    std::vector<PhraseMatch> out;
    const auto firsts = find_simple(line, phrase.substr(0, dots), 0);
    if (!firsts.empty()) {
        const auto& first = firsts.front();
        const auto rest = find_phrase(line.substr(first.end), phrase.substr(dots + 3));
        if (!rest.empty()) {
            const auto b_begin = first.end + rest.front().begin;
            auto nearest = first;
            for (const auto& a : firsts) {
                if (a.end <= b_begin) {
                    nearest = a;
                }
            }
            out.push_back({nearest.begin, first.end + rest.front().end});
        }
    }
    return out;
}

namespace {

// "Dead letters: none." — a colon right after the phrase, then "none" or "no".
bool colon_none(std::string_view line, std::size_t end) {
    auto j = end;
    while (j < line.size() && is_word_char(line[j])) {
        ++j;
    }
    while (j < line.size() && line[j] == ' ') {
        ++j;
    }
    if (j >= line.size() || line[j] != ':') {
        return false;
    }
    const auto rest = line.substr(j + 1, 8);
    const auto first = rest.find_first_not_of(' ');
    if (first == std::string_view::npos) {
        return false;
    }
    const auto word = rest.substr(first);
    return word.substr(0, 4) == "none" || word == "no" || word.substr(0, 3) == "no." || word.substr(0, 3) == "no ";
}

} // namespace

namespace {

// The words before `begin`, nearest first, up to a clause break or a word that opens a clause.
std::vector<std::string_view> words_before(std::string_view line, std::size_t begin) {
    std::vector<std::string_view> before;
    std::size_t i = begin;
    while (before.size() < kDoubleNegationWindow && i > 0) {
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
    return before;
}

} // namespace

bool is_negated(std::string_view line, std::size_t begin, std::size_t end) {
    const auto before = words_before(line, begin);
    // Negators in the clause, nearest first; two cancel ("never deployed without TLS"), but "nor" always negates.
    std::size_t negators = 0;
    bool loss = false;
    for (std::size_t k = 0; k < before.size(); ++k) {
        if (k >= kNegationWindow && negators == 0) {
            break;
        }
        // The words after the negator, towards the phrase.
        const auto next = k == 0 ? std::string_view() : before[k - 1];
        const auto next2 = k < 2 ? std::string_view() : before[k - 2];
        const bool bound = one_of(next, kNotNegating) || (one_of(next, kComparatives) && next2 == "than");
        if (one_of(before[k], kNegators) && !bound) {
            if (negators == 0 && before[k] == "nor") {
                negators = 1;
                break;
            }
            ++negators;
        }
        loss = loss || (negators == 0 && one_of(before[k], kLossWords));
    }
    const bool negator_before = negators % 2 == 1;
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
    if (colon_none(line, end)) {
        return true;
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
