#include "report/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "report/html_text.hpp"

namespace parley::report {

namespace {

constexpr int kWidth = 720;
constexpr int kLabelWidth = 220;
constexpr int kValueWidth = 110;
constexpr int kBarHeight = 14;
constexpr int kRowGap = 8;
constexpr int kTop = 28;
constexpr int kLegendHeight = 22;
constexpr int kPlotWidth = kWidth - kLabelWidth - kValueWidth;
constexpr int kCategoryHeight = 18;           // a score chart's category heading, above its evaluators' rows
constexpr std::size_t kMaxLabelChars = 30;    // what fits the label column
constexpr std::size_t kMaxCategoryChars = 90; // a category heading runs across the chart

// Series colours that stay apart for readers with the common colour-vision deficiencies (Okabe-Ito).
constexpr const char* kColours[] = {"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00"};

const char* colour(std::size_t series) {
    return kColours[series % (sizeof kColours / sizeof kColours[0])];
}

std::string px(double value) {
    return chart_number(value, 1);
}

// Labels longer than the label column would run under the bars; the full text stays in the row's <title>.
std::string short_label(const std::string& label, std::size_t max_chars = kMaxLabelChars) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < label.size(); ++i) {
        if ((static_cast<unsigned char>(label[i]) & 0xC0) != 0x80 && ++chars > max_chars) {
            return label.substr(0, i) + "…";
        }
    }
    return label;
}

std::string open_svg(const std::string& title, int height) {
    const std::string h = std::to_string(height);
    return "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 " + std::to_string(kWidth) + " " + h + "\" width=\"" +
           std::to_string(kWidth) + "\" height=\"" + h + "\"><title>" + html_escape(title) +
           "</title><text class=\"chart-title\" x=\"0\" y=\"16\">" + html_escape(title) + "</text>";
}

std::string text_at(double x, double y, const std::string& text, const char* anchor = "start") {
    return "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\" text-anchor=\"" + anchor + "\">" + html_escape(text) +
           "</text>";
}

} // namespace

std::string chart_number(double value, int decimals) {
    if (!std::isfinite(value)) {
        return "—";
    }
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    std::string out = buffer;
    if (out.find('.') != std::string::npos) {
        while (out.back() == '0') {
            out.pop_back();
        }
        if (out.back() == '.') {
            out.pop_back();
        }
    }
    return out == "-0" ? "0" : out;
}

std::string svg_bar_chart(const BarChart& chart) {
    double max = 0;
    for (const auto& s : chart.series) {
        for (const auto& v : s.values) {
            if (v && std::isfinite(*v)) {
                max = std::max(max, *v);
            }
        }
    }
    const bool noted = std::any_of(chart.series.begin(), chart.series.end(), [](const BarSeries& s) {
        return std::any_of(s.notes.begin(), s.notes.end(), [](const std::string& n) { return !n.empty(); });
    });
    const int legend = chart.series.size() > 1 ? kLegendHeight : 0;
    // A chart whose values are all 0 says so in one line, unless some say more (a cost that is unknown, not 0).
    if ((max <= 0 && !noted) || chart.labels.empty()) {
        return open_svg(chart.title, kTop + 22) +
               text_at(0, kTop + 12, chart.labels.empty() ? "Nothing recorded." : "Every value is 0.") + "</svg>";
    }
    // A fixed scale (a confidence out of 100) keeps a bar's length its share of the scale, whatever the others are.
    const double scale = chart.scale_max && std::isfinite(*chart.scale_max) ? std::max(max, *chart.scale_max) : max;
    const auto per_row = static_cast<int>(std::max<std::size_t>(chart.series.size(), 1));
    const int row_height = per_row * kBarHeight + kRowGap;
    const int height = kTop + legend + static_cast<int>(chart.labels.size()) * row_height + 4;
    std::string out = open_svg(chart.title, height);
    if (legend > 0) {
        double x = kLabelWidth;
        for (std::size_t s = 0; s < chart.series.size(); ++s) {
            out += "<rect x=\"" + px(x) + "\" y=\"" + px(kTop) + "\" width=\"10\" height=\"10\" fill=\"" + colour(s) +
                   "\"/>" + text_at(x + 14, kTop + 9, chart.series[s].name);
            x += 24 + 8 * static_cast<double>(chart.series[s].name.size());
        }
    }
    for (std::size_t row = 0; row < chart.labels.size(); ++row) {
        const double y = kTop + legend + static_cast<double>(row) * row_height;
        out += "<g><title>" + html_escape(chart.labels[row]) + "</title>" +
               text_at(kLabelWidth - 8, y + per_row * kBarHeight / 2.0 + 4, short_label(chart.labels[row]), "end");
        for (std::size_t s = 0; s < chart.series.size(); ++s) {
            const auto& values = chart.series[s].values;
            // Read as a plain value and a flag: g++ -O2 warns (wrongly) about a copied optional here.
            const bool known = row < values.size() && values[row].has_value() && std::isfinite(*values[row]);
            const double value = known ? *values[row] : 0.0;
            const double bar_y = y + static_cast<double>(s) * kBarHeight;
            const double w = scale > 0 ? std::max(0.0, value) / scale * kPlotWidth : 0.0;
            if (chart.scale_max) {
                out += "<rect class=\"track\" x=\"" + px(kLabelWidth) + "\" y=\"" + px(bar_y + 1) + "\" width=\"" +
                       px(kPlotWidth) + "\" height=\"" + px(kBarHeight - 2) + "\"/>";
            }
            out += "<rect class=\"bar\" x=\"" + px(kLabelWidth) + "\" y=\"" + px(bar_y + 1) + "\" width=\"" + px(w) +
                   "\" height=\"" + px(kBarHeight - 2) + "\" fill=\"" + colour(s) + "\"/>";
            const auto& notes = chart.series[s].notes;
            const std::string note = row < notes.size() ? notes[row] : std::string();
            const std::string shown = !note.empty() ? note
                                      : known ? chart_number(value, 2) + (chart.unit.empty() ? "" : " " + chart.unit)
                                              : std::string("not recorded");
            out += text_at(kLabelWidth + w + 4, bar_y + kBarHeight - 3, shown);
        }
        out += "</g>";
    }
    return out + "</svg>";
}

std::string svg_score_chart(const ScoreChart& chart) {
    const double span = chart.scale_max - chart.scale_min;
    if (chart.scores.empty() || !(span > 0)) {
        return open_svg(chart.title, kTop + 22) + text_at(0, kTop + 12, "No scores recorded.") + "</svg>";
    }
    // Rows grouped under their category, categories in the order they first come.
    std::vector<std::string> categories;
    for (const auto& s : chart.scores) {
        if (std::find(categories.begin(), categories.end(), s.category) == categories.end()) {
            categories.push_back(s.category);
        }
    }
    const int row_height = kBarHeight + kRowGap;
    const int axis = 20;
    const int height = kTop + static_cast<int>(categories.size()) * kCategoryHeight +
                       static_cast<int>(chart.scores.size()) * row_height + axis + 4;
    const auto x_of = [&](double value) {
        const double clamped = std::clamp(value, chart.scale_min, chart.scale_max);
        return kLabelWidth + (clamped - chart.scale_min) / span * kPlotWidth;
    };
    std::string out = open_svg(chart.title, height);
    double y = kTop;
    for (const auto& category : categories) {
        out += "<text class=\"score-category\" x=\"0\" y=\"" + px(y + kCategoryHeight - 5) + "\">" +
               html_escape(short_label(category, kMaxCategoryChars)) + "</text>";
        y += kCategoryHeight;
        for (const auto& s : chart.scores) {
            if (s.category != category) {
                continue;
            }
            const double mid = y + kBarHeight / 2.0;
            out += "<g class=\"score-row\"><title>" + html_escape(s.category + " · " + s.evaluator) + ": " +
                   chart_number(s.score, 2) + " [" + chart_number(s.low, 2) + ", " + chart_number(s.high, 2) +
                   "]</title><text class=\"evaluator\" x=\"" + px(kLabelWidth - 8) + "\" y=\"" + px(mid + 4) +
                   "\" text-anchor=\"end\">" + html_escape(short_label(s.evaluator)) + "</text>";
            out += "<line class=\"whisker\" x1=\"" + px(x_of(s.low)) + "\" y1=\"" + px(mid) + "\" x2=\"" +
                   px(x_of(s.high)) + "\" y2=\"" + px(mid) + "\" stroke=\"" + colour(0) + "\"/>";
            out +=
                "<circle cx=\"" + px(x_of(s.score)) + "\" cy=\"" + px(mid) + "\" r=\"4\" fill=\"" + colour(0) + "\"/>";
            out += text_at(kLabelWidth + kPlotWidth + 6, mid + 4,
                           chart_number(s.score, 2) + " [" + chart_number(s.low, 2) + ", " + chart_number(s.high, 2) +
                               "]");
            out += "</g>";
            y += row_height;
        }
    }
    out += "<line class=\"axis\" x1=\"" + px(kLabelWidth) + "\" y1=\"" + px(y) + "\" x2=\"" +
           px(kLabelWidth + kPlotWidth) + "\" y2=\"" + px(y) + "\"/>";
    for (int tick = 0; tick <= 4; ++tick) {
        const double value = chart.scale_min + span * tick / 4.0;
        out += text_at(x_of(value), y + 14, chart_number(value, 1), "middle");
    }
    return out + "</svg>";
}

} // namespace parley::report
