#include "eval/panel.hpp"

#include <algorithm>
#include <cctype>

namespace parley::eval {

namespace {

std::string model_key(std::string_view model) {
    const auto slash = model.rfind('/');
    std::string out(slash == std::string_view::npos ? model : model.substr(slash + 1));
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool used(const SampleResult& s, std::size_t c, bool keep_unsupported) {
    return s.answer && s.answer->items[c].score && (keep_unsupported || s.evidence[c] != EvidenceStatus::unsupported);
}

void aggregate_category(EvalResult& r, std::size_t c) {
    auto& out = r.categories[c];
    std::vector<double> all;
    std::vector<double> means;
    std::vector<std::vector<double>> by_sample(static_cast<std::size_t>(std::max(r.samples, 1)));
    for (const auto& e : r.evaluators) {
        std::vector<double> own;
        for (const auto& s : e.samples) {
            if (s.answer && s.answer->items[c].score) {
                out.unsupported += s.evidence[c] == EvidenceStatus::unsupported ? 1 : 0;
                out.unquoted += s.evidence[c] == EvidenceStatus::unquoted ? 1 : 0;
            }
            if (!used(s, c, r.keep_unsupported)) {
                continue;
            }
            const double v = *s.answer->items[c].score;
            own.push_back(v);
            all.push_back(v);
            if (s.sample >= 0 && static_cast<std::size_t>(s.sample) < by_sample.size()) {
                by_sample[static_cast<std::size_t>(s.sample)].push_back(v);
            }
        }
        const auto spread = spread_of(own);
        out.by_evaluator.push_back(spread.mean);
        if (spread.mean) {
            means.push_back(*spread.mean);
        }
    }
    out.spread = spread_of(all);
    out.mean_abs_diff = mean_pairwise_abs_diff(means);
    out.alpha = krippendorff_alpha_interval(by_sample);
    out.agreement = agreement_of(means.size(), out.alpha, out.mean_abs_diff);
}

} // namespace

std::vector<std::string> self_preference_warnings(const std::vector<EvaluatorInfo>& evaluators,
                                                  const std::vector<Author>& authors) {
    std::vector<std::string> out;
    for (const auto& e : evaluators) {
        // The offline evaluator is the deterministic design review: it has no taste to prefer its own with.
        if (e.provider == "offline") {
            continue;
        }
        for (const auto& a : authors) {
            if (!e.model.empty() && !a.model.empty() && model_key(e.model) == model_key(a.model)) {
                out.push_back("self-preference: evaluator " + e.id + " (model " + e.model + ") is also the model of " +
                              (a.name.empty() ? a.id : a.name) + " (" + a.model + "), which wrote the debate");
                break;
            }
        }
    }
    return out;
}

EvalResult aggregate(std::vector<EvaluatorResult> evaluators, const Document& document, int samples,
                     bool keep_unsupported) {
    EvalResult r;
    r.document = document.label;
    r.samples = samples;
    r.keep_unsupported = keep_unsupported;
    r.evaluators = std::move(evaluators);
    const QuoteChecker checker(document.text);
    std::vector<EvaluatorInfo> infos;
    for (auto& e : r.evaluators) {
        infos.push_back(e.info);
        std::size_t usable = 0;
        std::string last_error;
        for (auto& s : e.samples) {
            ++r.calls;
            r.repair_calls += s.repaired ? 1 : 0;
            r.from_journal += s.from_journal ? 1 : 0;
            r.from_cache += s.from_cache ? 1 : 0;
            r.tokens += s.tokens;
            // An answer from the journal was paid for by the run that made it.
            r.cost += s.from_journal && !s.cost_usd ? util::Money{} : util::Money::of_call(s.cost_usd);
            if (!s.answer) {
                last_error = s.error;
                continue;
            }
            for (const auto& [issue, count] : s.answer->issues) {
                r.issues[issue] += count;
            }
            for (std::size_t c = 0; c < kCategoryCount; ++c) {
                if (s.answer->items[c].score) {
                    s.evidence[c] = checker.check(s.answer->items[c].evidence);
                }
            }
            usable += s.answer->usable() ? 1 : 0;
        }
        r.usable_evaluators += usable > 0 ? 1 : 0;
        if (usable == 0) {
            r.warnings.push_back("evaluator " + e.info.id + " gave no usable answer in " +
                                 std::to_string(e.samples.size()) + " call(s)" +
                                 (last_error.empty() ? std::string(" (no scores in its answers)")
                                                     : " (last error: " + last_error + ")") +
                                 "; the others are aggregated without it");
        }
    }
    for (std::size_t c = 0; c < kCategoryCount; ++c) {
        aggregate_category(r, c);
    }
    // Across the rubric: do the evaluators rank the design's strengths and weaknesses alike?
    std::vector<std::vector<double>> items;
    std::size_t scoring = 0;
    for (std::size_t i = 0; i < r.evaluators.size(); ++i) {
        bool any = false;
        for (std::size_t c = 0; c < kCategoryCount; ++c) {
            any = any || r.categories[c].by_evaluator[i].has_value();
        }
        scoring += any ? 1 : 0;
    }
    for (const auto& category : r.categories) {
        std::vector<double> unit;
        for (const auto& m : category.by_evaluator) {
            if (m) {
                unit.push_back(*m);
            }
        }
        items.push_back(std::move(unit));
    }
    r.alpha = krippendorff_alpha_interval(items);
    r.agreement = agreement_of(scoring, r.alpha, r.categories[kOverall].mean_abs_diff);
    auto self = self_preference_warnings(infos, document.authors);
    r.warnings.insert(r.warnings.end(), self.begin(), self.end());
    return r;
}

} // namespace parley::eval
