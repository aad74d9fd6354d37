#include "sim/units.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace parley::sim {

std::optional<double> parse_duration(std::string_view text) {
    std::string s(text);
    if (s.empty() || s.size() > 64) {
        return std::nullopt;
    }
    char* end = nullptr;
    const double number = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || !std::isfinite(number) || number < 0) {
        return std::nullopt;
    }
    std::string unit(end);
    while (!unit.empty() && unit.front() == ' ') {
        unit.erase(0, 1);
    }
    double scale = 0;
    if (unit.empty() || unit == "s" || unit == "sec") {
        scale = 1;
    } else if (unit == "ms") {
        scale = 1e-3;
    } else if (unit == "m" || unit == "min") {
        scale = 60;
    } else if (unit == "h") {
        scale = 3600;
    } else if (unit == "d") {
        scale = 86400;
    } else if (unit == "y") {
        scale = 365.25 * 86400;
    } else {
        return std::nullopt;
    }
    const double seconds = number * scale;
    if (!std::isfinite(seconds)) {
        return std::nullopt;
    }
    return seconds;
}

namespace {

std::string three_figures(double value) {
    char buffer[64];
    const double magnitude = std::fabs(value);
    const int decimals = magnitude >= 100 ? 0 : (magnitude >= 10 ? 1 : 2);
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    std::string text = buffer;
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0') {
            text.pop_back();
        }
        if (text.back() == '.') {
            text.pop_back();
        }
    }
    return text;
}

} // namespace

std::string format_seconds(double seconds) {
    if (!std::isfinite(seconds)) {
        return "unbounded";
    }
    const double magnitude = std::fabs(seconds);
    if (magnitude == 0) {
        return "0 s";
    }
    if (magnitude < 1e-3) {
        return three_figures(seconds * 1e6) + " µs";
    }
    if (magnitude < 1) {
        return three_figures(seconds * 1e3) + " ms";
    }
    if (magnitude < 120) {
        return three_figures(seconds) + " s";
    }
    if (magnitude < 7200) {
        return three_figures(seconds / 60) + " min";
    }
    if (magnitude < 2 * 86400) {
        return three_figures(seconds / 3600) + " h";
    }
    if (magnitude < 2 * 365.25 * 86400) {
        return three_figures(seconds / 86400) + " d";
    }
    return three_figures(seconds / (365.25 * 86400)) + " y";
}

std::string format_count(double value) {
    if (!std::isfinite(value)) {
        return value > 0 ? "inf" : "nan";
    }
    if (std::fabs(value) >= 1e15) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.3g", value);
        return buffer;
    }
    if (std::fabs(value) < 1000) {
        return three_figures(value);
    }
    const auto whole = static_cast<long long>(std::llround(value));
    std::string digits = std::to_string(whole < 0 ? -whole : whole);
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            grouped += ',';
        }
        grouped += digits[i];
    }
    return (whole < 0 ? "-" : "") + grouped;
}

} // namespace parley::sim
