#include "util/timestamps.hpp"

#include <cstdint>
#include <cstdlib>
#include <ctime>

namespace parley::util {

std::optional<std::chrono::system_clock::time_point> source_date_epoch() {
    const char* value = std::getenv("SOURCE_DATE_EPOCH");
    if (!value || !*value) {
        return std::nullopt;
    }
    char* end = nullptr;
    const long long seconds = std::strtoll(value, &end, 10);
    if (*end != '\0' || seconds < 0) {
        return std::nullopt;
    }
    return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
}

bool reproducible_mode() {
    return source_date_epoch().has_value();
}

namespace {

std::chrono::system_clock::time_point now() {
    return source_date_epoch().value_or(std::chrono::system_clock::now());
}

std::tm utc(std::chrono::system_clock::time_point t) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
    std::tm out{};
    gmtime_r(&seconds, &out);
    return out;
}

} // namespace

std::string format_iso8601(std::chrono::system_clock::time_point t) {
    const std::tm tm = utc(t);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    return buf;
}

std::string now_iso8601() {
    return format_iso8601(now());
}

std::string make_debate_id(std::optional<std::uint64_t> seed) {
    const auto t = now();
    const std::tm tm = utc(t);
    // Only a reproducible run keeps the suffix fixed by the seed; otherwise two runs with the same seed in the
    // same second would get the same id and the second would overwrite the first's files.
    const auto clock_bits = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    std::uint64_t bits = seed ? *seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL : clock_bits;
    if (seed && !reproducible_mode()) {
        bits ^= clock_bits;
    }
    bits ^= bits >> 29;
    static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    char suffix[4];
    for (int i = 0; i < 3; ++i) {
        suffix[i] = kDigits[bits % 36];
        bits /= 36;
    }
    suffix[3] = '\0';
    char buf[64];
    std::snprintf(buf, sizeof buf, "deb-%04d%02d%02d-%02d%02d%02d-%s", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, suffix);
    return buf;
}

double elapsed_ms(std::chrono::steady_clock::time_point start) {
    if (reproducible_mode()) {
        return 0;
    }
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

} // namespace parley::util
