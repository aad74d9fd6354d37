#include "review/checklist.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "review/mechanisms.hpp"

namespace parley::review {

const char* to_string(ConcernStatus status) {
    switch (status) {
    case ConcernStatus::covered:
        return "covered";
    case ConcernStatus::partial:
        return "partial";
    case ConcernStatus::absent:
        return "absent";
    case ConcernStatus::contradicted:
        return "contradicted";
    }
    return "absent";
}

const char* legacy_status(ConcernStatus status) {
    return status == ConcernStatus::covered        ? "covered"
           : status == ConcernStatus::contradicted ? "contradicted"
                                                   : "missing";
}

namespace {

constexpr std::size_t kMaxEvidence = 3;
constexpr std::size_t kEvidencePerAspect = 2;
constexpr std::size_t kQuoteBytes = 240;

} // namespace

Evidence evidence_of(const Sentence& sentence, const std::vector<TextLine>& lines) {
    Evidence e;
    e.line = sentence.span.line;
    e.end_line = sentence.span.end_line;
    e.text = shorten_quote(sentence.text, kQuoteBytes);
    auto text_of = [&](std::size_t number) {
        return number >= 1 && number <= lines.size() ? std::string_view(lines[number - 1].text) : std::string_view();
    };
    e.column = column_of(text_of(e.line), sentence.span.begin);
    e.end_column = column_of(text_of(e.end_line), sentence.span.end);
    return e;
}

namespace {

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

// Where the sentences that undo a concern are gathered, with the reason of the first. War stories are left out.
struct Against {
    const std::vector<bool>* war_stories = nullptr;
    std::vector<std::size_t> indexes;
    std::size_t reason_index = static_cast<std::size_t>(-1);
    std::string reason;

    void add(std::size_t index, std::string why) {
        if ((*war_stories)[index]) {
            return;
        }
        indexes.push_back(index);
        if (index < reason_index) {
            reason_index = index;
            reason = std::move(why);
        }
    }
};

// The matched words as the design wrote them (or as read, when they come from split identifiers).
std::string matched_text(const Sentence& s, const PhraseMatch& m) {
    const auto& from = m.end <= s.text.size() ? s.text : s.lower;
    return from.substr(m.begin, m.end - m.begin);
}

// True when a sentence tells a past incident ("In March 2021 a consumer with auto-commit crashed", "we once ran
// without TLS"): a war story says what went wrong before, not what the design does now, so it contradicts nothing.
bool is_war_story(std::string_view lower) {
    static const std::vector<std::string_view> kMarkers = {"we once",     "once ran",  "used to",    "back then",
                                                           "at the time", "incident",  "postmortem", "post-mortem",
                                                           "outage",      "last year", "war story"};
    for (auto marker : kMarkers) {
        if (!find_phrase(lower, marker).empty()) {
            return true;
        }
    }
    // "in 2021", "in march 2021": a year after "in".
    for (auto at = lower.find("20"); at != std::string_view::npos; at = lower.find("20", at + 1)) {
        const bool year = at + 4 <= lower.size() && std::isdigit(static_cast<unsigned char>(lower[at + 2])) &&
                          std::isdigit(static_cast<unsigned char>(lower[at + 3])) &&
                          (at + 4 == lower.size() || !std::isalnum(static_cast<unsigned char>(lower[at + 4])));
        if (year && at > 0 && lower[at - 1] == ' ' &&
            (at < 3 || !std::isdigit(static_cast<unsigned char>(lower[at - 2])))) {
            const auto before = lower.substr(at >= 14 ? at - 14 : 0, at >= 14 ? 14 : at);
            if (before.find("in ") != std::string_view::npos || before.find("since ") != std::string_view::npos) {
                return true;
            }
        }
    }
    return false;
}

void find_contradictions(const Concern& concern, const Document& doc, Against& against) {
    const auto& sentences = *doc.sentences;
    for (auto phrase : concern.contradictions) {
        for (const auto& [index, m] : find_in_document(doc, phrase)) {
            if (!is_negated(sentence_lower(doc, index), m.begin, m.end)) {
                against.add(index, "states \"" + matched_text(sentences[index], m) + "\"");
            }
        }
    }
    for (const auto& claim : concern.claims) {
        std::vector<std::size_t> claimed;
        bool backed = false;
        for (auto phrase : claim.phrases) {
            for (const auto& [index, m] : find_in_document(doc, phrase)) {
                if (!is_negated(sentence_lower(doc, index), m.begin, m.end)) {
                    claimed.push_back(index);
                }
            }
        }
        for (auto phrase : claim.backing) {
            for (const auto& [index, m] : find_in_document(doc, phrase)) {
                backed = backed || !is_negated(sentence_lower(doc, index), m.begin, m.end);
            }
        }
        if (!claimed.empty() && !backed) {
            for (auto index : claimed) {
                against.add(index, std::string(claim.why));
            }
        }
    }
}

// The sentences that state each aspect (a few, in text order); a negated aspect phrase contradicts.
std::vector<std::vector<std::size_t>> find_aspects(const Concern& concern, const Document& doc, Against& against) {
    std::vector<std::vector<std::size_t>> found(concern.aspects.size());
    for (std::size_t a = 0; a < concern.aspects.size(); ++a) {
        const auto& aspect = concern.aspects[a];
        for (auto phrase : aspect.phrases) {
            for (const auto& [index, m] : find_in_document(doc, phrase)) {
                const auto lower = sentence_lower(doc, index);
                // Where declining is a choice (ordering), "no ordering guarantee" settles the concern too.
                if (!concern.negation_contradicts || !is_negated(lower, m.begin, m.end)) {
                    found[a].push_back(index);
                } else if (!excused(lower, m, aspect)) {
                    against.add(index, "negates " + std::string(aspect.name));
                }
            }
        }
        std::sort(found[a].begin(), found[a].end());
        found[a].erase(std::unique(found[a].begin(), found[a].end()), found[a].end());
        found[a].resize(std::min(found[a].size(), kEvidencePerAspect));
    }
    return found;
}

void add_evidence(std::vector<Evidence>& evidence, const Document& doc, std::size_t index, std::size_t most) {
    const auto& s = (*doc.sentences)[index];
    if (evidence.size() >= most || std::any_of(evidence.begin(), evidence.end(), [&](const Evidence& e) {
            return e.line == s.span.line && e.end_line == s.span.end_line &&
                   e.text == shorten_quote(s.text, kQuoteBytes);
        })) {
        return;
    }
    evidence.push_back(evidence_of(s, *doc.lines));
}

ConcernResult check_concern(const Concern& concern, const Document& doc, const std::vector<BrokenMechanism>& mechanisms,
                            const std::vector<bool>& war_stories) {
    ConcernResult result;
    result.concern = &concern;
    Against against;
    against.war_stories = &war_stories;
    find_contradictions(concern, doc, against);
    const BrokenMechanism* broken_here = nullptr;
    for (const auto& broken : mechanisms) {
        if (broken.concern == concern.id) {
            broken_here = broken_here ? broken_here : &broken;
            for (auto index : broken.sentences) {
                against.add(index, broken.reason);
            }
        }
    }
    const auto found = find_aspects(concern, doc, against);
    std::vector<std::size_t> first;
    for (std::size_t a = 0; a < concern.aspects.size(); ++a) {
        AspectResult aspect{std::string(concern.aspects[a].name), !found[a].empty(), {}};
        for (auto index : found[a]) {
            add_evidence(aspect.evidence, doc, index, kEvidencePerAspect);
        }
        if (found[a].empty()) {
            result.missing_aspects.push_back(aspect.name);
        } else {
            first.push_back(found[a].front());
        }
        result.aspects.push_back(std::move(aspect));
    }
    if (!against.indexes.empty()) {
        std::sort(against.indexes.begin(), against.indexes.end());
        result.status = ConcernStatus::contradicted;
        for (auto index : against.indexes) {
            add_evidence(result.evidence, doc, index, kMaxEvidence);
        }
        // A broken mechanism says more than a phrase: its reason is the one shown.
        result.reason = broken_here ? broken_here->reason : std::move(against.reason);
        result.mechanism = broken_here ? std::string(broken_here->id) : std::string();
        return result;
    }
    std::sort(first.begin(), first.end());
    for (auto index : first) {
        add_evidence(result.evidence, doc, index, kMaxEvidence);
    }
    result.status = result.missing_aspects.empty()                           ? ConcernStatus::covered
                    : result.missing_aspects.size() < concern.aspects.size() ? ConcernStatus::partial
                                                                             : ConcernStatus::absent;
    return result;
}

} // namespace

std::vector<ConcernResult> check_concerns(const std::vector<TextLine>& lines, const std::vector<Sentence>& sentences) {
    const auto doc = make_document(lines, sentences);
    const auto mechanisms = find_broken_mechanisms(doc);
    std::vector<bool> war_stories(sentences.size());
    for (std::size_t i = 0; i < sentences.size(); ++i) {
        war_stories[i] = is_war_story(sentence_lower(doc, i));
    }
    std::vector<ConcernResult> out;
    for (const auto& concern : concerns()) {
        out.push_back(check_concern(concern, doc, mechanisms, war_stories));
    }
    return out;
}

std::vector<ConcernResult> check_concerns(const std::vector<TextLine>& lines) {
    return check_concerns(lines, split_sentences(lines));
}

} // namespace parley::review
