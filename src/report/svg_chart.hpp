#pragma once
// Charts parley draws itself as inline SVG for its HTML reports: nothing is fetched when a report is viewed.

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace parley::report {

/// One series of a bar chart: a value per label, or nothing where it was not recorded.
struct BarSeries {
    /// A series of these values, without notes.
    BarSeries(std::string series_name, std::vector<std::optional<double>> series_values)
        : name(std::move(series_name)), values(std::move(series_values)) {}

    std::string name;
    std::vector<std::optional<double>> values; ///< one per label of the chart
    /// Per label, what to say beside the bar instead of the bare value ("price unknown for 2 calls"); missing or
    /// empty: the value.
    std::vector<std::string> notes;
};

/// A horizontal bar chart: one row per label, one bar per series in each row.
struct BarChart {
    std::string title;
    std::string unit; ///< appended to every value shown ("ms", "tokens", "USD")
    std::vector<std::string> labels;
    std::vector<BarSeries> series;
    /// The value a full bar stands for (100 for a confidence out of 100), drawn as a track behind each bar; without
    /// it the largest value fills the bar. A value past it widens the scale.
    std::optional<double> scale_max = std::nullopt;
};

/// One score of a category by an evaluator, with its interval (the eval helper's results fill these).
struct ScoreInterval {
    std::string category;
    std::string evaluator;
    double score = 0;
    double low = 0;  ///< lower end of the interval
    double high = 0; ///< upper end of the interval
};

/// Scores with their intervals on one scale.
struct ScoreChart {
    std::string title;
    double scale_min = 0;
    double scale_max = 10;
    std::vector<ScoreInterval> scores;
};

/// The chart as one `<svg>` element (with a `<title>` and every value written beside its bar). Every text is
/// escaped; a chart whose values are all zero or missing says so instead of drawing empty bars.
std::string svg_bar_chart(const BarChart& chart);

/// Scores as dots on the scale with their intervals as whiskers: a heading per category, then one row per
/// evaluator labelled with the evaluator's name, so each dot says whose it is.
std::string svg_score_chart(const ScoreChart& chart);

/// `value` with at most `decimals` decimals and no trailing zeros, as the charts print it ("12.5", "3").
std::string chart_number(double value, int decimals = 1);

} // namespace parley::report
