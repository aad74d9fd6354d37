#include "llm/rate_limit_headers.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

#include <curl/curl.h>

#include "util/text.hpp"

namespace parley::llm {

namespace {

using std::chrono::milliseconds;

// Reset durations longer than this are epoch timestamps, not delays.
constexpr double kMaxDelayMs = 24.0 * 60 * 60 * 1000;
// A server-requested wait is kept up to this (a century), so the retry policy can name and refuse it; beyond it
// only overflow lies.
constexpr double kLongestServerDelayMs = 100.0 * 365.25 * 24 * 60 * 60 * 1000;

// A non-negative decimal number at the start of `text`; advances past it.
std::optional<double> take_number(std::string_view& text) {
    if (text.empty() || !(std::isdigit(static_cast<unsigned char>(text.front())) || text.front() == '.')) {
        return std::nullopt;
    }
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || !std::isfinite(value)) {
        return std::nullopt;
    }
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    return value;
}

std::optional<double> unit_ms(std::string_view& text) {
    // Longest units first, so "ms" is not read as minutes followed by garbage.
    static constexpr std::pair<std::string_view, double> kUnits[] = {
        {"ms", 1.0},        {"us", 1e-3},    {"\xC2\xB5s", 1e-3}, {"ns", 1e-6},
        {"h", 3'600'000.0}, {"m", 60'000.0}, {"s", 1000.0}};
    for (const auto& [name, factor] : kUnits) {
        if (text.substr(0, name.size()) == name) {
            text.remove_prefix(name.size());
            return factor;
        }
    }
    return std::nullopt;
}

std::optional<milliseconds> to_delay(double ms) {
    if (!(ms >= 0) || ms > kMaxDelayMs) {
        return std::nullopt;
    }
    return milliseconds(static_cast<long>(std::ceil(ms)));
}

// A wait a server asked for, however absurd, as milliseconds that any clock arithmetic can hold.
std::optional<milliseconds> to_server_delay(double ms) {
    if (!(ms >= 0)) {
        return std::nullopt;
    }
    return milliseconds(static_cast<long>(std::ceil(std::min(ms, kLongestServerDelayMs))));
}

std::optional<double> whole_number(std::string_view text) {
    text = util::trim_blanks(text);
    auto value = take_number(text);
    return value && text.empty() ? value : std::nullopt;
}

std::optional<long> parse_count(const HeaderMap& headers, const char* name) {
    const auto it = headers.find(name);
    if (it == headers.end()) {
        return std::nullopt;
    }
    const std::string_view text = util::trim_blanks(it->second);
    long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < 0) {
        return std::nullopt;
    }
    return value;
}

std::optional<milliseconds> header_duration(const HeaderMap& headers, const char* name) {
    const auto it = headers.find(name);
    return it == headers.end() ? std::nullopt : parse_duration(it->second);
}

} // namespace

std::optional<milliseconds> parse_duration(std::string_view text) {
    text = util::trim_blanks(text);
    if (auto seconds = whole_number(text)) {
        return to_delay(*seconds * 1000);
    }
    if (text.empty()) {
        return std::nullopt;
    }
    double total = 0;
    while (!text.empty()) {
        const auto number = take_number(text);
        const auto factor = number ? unit_ms(text) : std::nullopt;
        if (!factor) {
            return std::nullopt;
        }
        total += *number * *factor;
    }
    return to_delay(total);
}

std::optional<milliseconds> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now) {
    value = util::trim_blanks(value);
    if (value.empty()) {
        return std::nullopt;
    }
    if (auto seconds = whole_number(value)) {
        return to_server_delay(*seconds * 1000);
    }
    const std::string date(value);
    const time_t when = curl_getdate(date.c_str(), nullptr);
    if (when < 0) {
        return std::nullopt;
    }
    const auto delay = std::chrono::system_clock::from_time_t(when) - now;
    const double ms = std::chrono::duration<double, std::milli>(delay).count();
    return to_server_delay(std::max(ms, 0.0));
}

RateLimitInfo parse_rate_limit(const HeaderMap& headers, std::chrono::system_clock::time_point now) {
    RateLimitInfo info;
    info.remaining_requests = parse_count(headers, "x-ratelimit-remaining-requests");
    info.remaining_tokens = parse_count(headers, "x-ratelimit-remaining-tokens");
    info.reset_requests = header_duration(headers, "x-ratelimit-reset-requests");
    info.reset_tokens = header_duration(headers, "x-ratelimit-reset-tokens");
    if (const auto it = headers.find("retry-after-ms"); it != headers.end()) {
        if (auto ms = whole_number(it->second)) {
            info.retry_after = to_server_delay(*ms);
        }
    }
    if (!info.retry_after) {
        if (const auto it = headers.find("retry-after"); it != headers.end()) {
            info.retry_after = parse_retry_after(it->second, now);
        }
    }
    return info;
}

std::optional<milliseconds> retry_delay(const RateLimitInfo& info) {
    if (info.retry_after) {
        return info.retry_after;
    }
    std::optional<milliseconds> delay;
    if (info.remaining_requests == 0L && info.reset_requests) {
        delay = info.reset_requests;
    }
    if (info.remaining_tokens == 0L && info.reset_tokens && (!delay || *info.reset_tokens > *delay)) {
        delay = info.reset_tokens;
    }
    return delay;
}

} // namespace parley::llm
