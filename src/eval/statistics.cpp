#include "eval/statistics.hpp"

#include <array>
#include <cmath>

namespace parley::eval {

namespace {

// Krippendorff's own threshold below which data should not be relied on even tentatively.
constexpr double kAlphaTentative = 0.667;
// On a 1-10 scale, evaluators a point apart on average read the design the same way; two points apart, roughly.
constexpr double kAgreeWithin = 1.0;
constexpr double kPartlyWithin = 2.0;

} // namespace

double t_critical_95(std::size_t df) {
    static constexpr std::array<double, 30> kTable{
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
        2.120,  2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    if (df == 0) {
        return 0;
    }
    return df <= kTable.size() ? kTable[df - 1] : 1.96;
}

Spread spread_of(const std::vector<double>& values) {
    Spread s;
    s.n = values.size();
    if (values.empty()) {
        return s;
    }
    double sum = 0;
    for (double v : values) {
        sum += v;
    }
    const double mean = sum / static_cast<double>(values.size());
    s.mean = mean;
    if (values.size() < 2) {
        return s;
    }
    double squares = 0;
    for (double v : values) {
        squares += (v - mean) * (v - mean);
    }
    const double sd = std::sqrt(squares / static_cast<double>(values.size() - 1));
    s.sd = sd;
    const double half = t_critical_95(values.size() - 1) * sd / std::sqrt(static_cast<double>(values.size()));
    s.interval95 = std::make_pair(mean - half, mean + half);
    return s;
}

std::optional<double> krippendorff_alpha_interval(const std::vector<std::vector<double>>& units) {
    // D_o: within-unit squared differences, each unit's pairs weighted by 1/(m_u - 1); D_e: the same over every
    // pairable value pooled. alpha = 1 - D_o / D_e.
    std::vector<double> pooled;
    double observed = 0;
    for (const auto& unit : units) {
        if (unit.size() < 2) {
            continue;
        }
        double within = 0;
        for (std::size_t i = 0; i < unit.size(); ++i) {
            for (std::size_t j = 0; j < unit.size(); ++j) {
                if (i != j) {
                    within += (unit[i] - unit[j]) * (unit[i] - unit[j]);
                }
            }
        }
        observed += within / static_cast<double>(unit.size() - 1);
        pooled.insert(pooled.end(), unit.begin(), unit.end());
    }
    const auto n = static_cast<double>(pooled.size());
    if (pooled.size() < 2) {
        return std::nullopt;
    }
    double expected = 0;
    for (std::size_t i = 0; i < pooled.size(); ++i) {
        for (std::size_t j = 0; j < pooled.size(); ++j) {
            if (i != j) {
                expected += (pooled[i] - pooled[j]) * (pooled[i] - pooled[j]);
            }
        }
    }
    if (expected == 0) {
        return std::nullopt;
    }
    const double d_o = observed / n;
    const double d_e = expected / (n * (n - 1));
    return 1.0 - d_o / d_e;
}

std::optional<double> mean_pairwise_abs_diff(const std::vector<double>& values) {
    if (values.size() < 2) {
        return std::nullopt;
    }
    double sum = 0;
    std::size_t pairs = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        for (std::size_t j = i + 1; j < values.size(); ++j) {
            sum += std::fabs(values[i] - values[j]);
            ++pairs;
        }
    }
    return sum / static_cast<double>(pairs);
}

Agreement agreement_of(std::size_t evaluators, std::optional<double> alpha, std::optional<double> mean_abs_diff) {
    // One evaluator's repeats show its consistency (the sd), not agreement between evaluators.
    if (evaluators < 2 || (!alpha && !mean_abs_diff)) {
        return Agreement::not_measurable;
    }
    // Alpha is undefined or misleadingly low when nearly every score is the same (its known paradox), so the
    // distance between evaluators decides first.
    if (mean_abs_diff && *mean_abs_diff <= kAgreeWithin) {
        return Agreement::agree;
    }
    if (alpha && *alpha >= kAlphaTentative) {
        return Agreement::agree;
    }
    if (!mean_abs_diff || *mean_abs_diff <= kPartlyWithin) {
        return Agreement::partly;
    }
    return Agreement::disagree;
}

std::string to_string(Agreement agreement) {
    switch (agreement) {
    case Agreement::not_measurable:
        return "agreement cannot be measured (one evaluator)";
    case Agreement::agree:
        return "evaluators agree";
    case Agreement::partly:
        return "evaluators partly agree: read their reasoning";
    case Agreement::disagree:
        return "evaluators disagree: do not rely on this score";
    }
    return "evaluators agree";
}

} // namespace parley::eval
