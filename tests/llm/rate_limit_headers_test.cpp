#include <catch2/catch.hpp>

#include "llm/rate_limit_headers.hpp"

using namespace std::chrono_literals;
using parley::llm::HeaderMap;
using parley::llm::parse_duration;
using parley::llm::parse_rate_limit;
using parley::llm::parse_retry_after;
using parley::llm::RateLimitInfo;
using parley::llm::retry_delay;

namespace {

// Wed, 21 Oct 2015 07:28:00 GMT
const auto kNow = std::chrono::system_clock::from_time_t(1445412480);

} // namespace

TEST_CASE("reset durations are read in every unit the providers write", "[llm]") {
    CHECK(parse_duration("12ms") == 12ms);
    CHECK(parse_duration("1m3s") == 63s);
    CHECK(parse_duration("6m0s") == 360s);
    CHECK(parse_duration("0.5s") == 500ms);
    CHECK(parse_duration("2m59.56s") == 179560ms);
    CHECK(parse_duration("1h2m") == 62min);
    CHECK(parse_duration("1500us") == 2ms);
    CHECK(parse_duration("7") == 7s);
    CHECK(parse_duration(" 1.5 ") == 1500ms);
}

TEST_CASE("nonsense durations fall back to nothing", "[llm]") {
    CHECK_FALSE(parse_duration(""));
    CHECK_FALSE(parse_duration("soon"));
    CHECK_FALSE(parse_duration("-3s"));
    CHECK_FALSE(parse_duration("3x"));
    CHECK_FALSE(parse_duration("1m3"));
    CHECK_FALSE(parse_duration("s"));
    CHECK_FALSE(parse_duration("nan"));
    CHECK_FALSE(parse_duration("1700000000")); // an epoch timestamp is not a delay
}

TEST_CASE("Retry-After is read as delay-seconds", "[llm]") {
    CHECK(parse_retry_after("2", kNow) == 2s);
    CHECK(parse_retry_after("0", kNow) == 0ms);
    CHECK(parse_retry_after("1.25", kNow) == 1250ms);
    CHECK(parse_retry_after("99999999", kNow) == 99999999s);
}

TEST_CASE("an absurd server wait is kept, bounded, for the retry policy to refuse", "[llm][hostile]") {
    const auto century = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::hours(24) * 36525);
    CHECK(parse_retry_after("315360000", kNow) == 315360000s);
    CHECK(parse_retry_after("1e300", kNow) == century);
    CHECK(parse_retry_after("Mon, 01 Dec 2036 00:00:00 GMT", kNow) > std::chrono::hours(24 * 365 * 20));
    const HeaderMap ten_years{{"retry-after-ms", "315360000000"}};
    CHECK(parse_rate_limit(ten_years, kNow).retry_after == 315360000000ms);
    const HeaderMap endless{{"retry-after-ms", "99999999999999999999999"}};
    CHECK(parse_rate_limit(endless, kNow).retry_after == century);
}

TEST_CASE("Retry-After is read as an HTTP date, a past one meaning now", "[llm]") {
    CHECK(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", kNow) == 30s);
    CHECK(parse_retry_after("Wednesday, 21-Oct-15 07:29:00 GMT", kNow) == 60s);
    CHECK(parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", kNow) == 0ms);
}

TEST_CASE("a nonsense Retry-After falls back to nothing", "[llm]") {
    CHECK_FALSE(parse_retry_after("", kNow));
    CHECK_FALSE(parse_retry_after("later", kNow));
    CHECK_FALSE(parse_retry_after("-5", kNow));
}

TEST_CASE("rate-limit headers are parsed into the result", "[llm]") {
    const HeaderMap headers{{"x-ratelimit-remaining-requests", "59"},
                            {"x-ratelimit-remaining-tokens", "149984"},
                            {"x-ratelimit-reset-requests", "1s"},
                            {"x-ratelimit-reset-tokens", "6m0s"},
                            {"retry-after", "3"}};
    const RateLimitInfo info = parse_rate_limit(headers, kNow);
    CHECK(info.remaining_requests == 59L);
    CHECK(info.remaining_tokens == 149984L);
    CHECK(info.reset_requests == 1s);
    CHECK(info.reset_tokens == 360s);
    CHECK(info.retry_after == 3s);
}

TEST_CASE("retry-after-ms wins over Retry-After", "[llm]") {
    const auto info = parse_rate_limit({{"retry-after-ms", "1500"}, {"retry-after", "20"}}, kNow);
    CHECK(info.retry_after == 1500ms);
    const auto fallback = parse_rate_limit({{"retry-after-ms", "soon"}, {"retry-after", "20"}}, kNow);
    CHECK(fallback.retry_after == 20s);
}

TEST_CASE("missing or nonsense rate-limit headers leave their fields empty", "[llm]") {
    const auto empty = parse_rate_limit({}, kNow);
    CHECK_FALSE(empty.remaining_requests);
    CHECK_FALSE(empty.reset_tokens);
    CHECK_FALSE(empty.retry_after);
    const auto nonsense = parse_rate_limit({{"x-ratelimit-remaining-requests", "many"},
                                            {"x-ratelimit-remaining-tokens", "-1"},
                                            {"x-ratelimit-reset-requests", "whenever"},
                                            {"x-ratelimit-reset-tokens", ""},
                                            {"retry-after", "tomorrow-ish"}},
                                           kNow);
    CHECK_FALSE(nonsense.remaining_requests);
    CHECK_FALSE(nonsense.remaining_tokens);
    CHECK_FALSE(nonsense.reset_requests);
    CHECK_FALSE(nonsense.reset_tokens);
    CHECK_FALSE(nonsense.retry_after);
}

TEST_CASE("without Retry-After the reset of the exhausted limit is the retry delay", "[llm]") {
    RateLimitInfo info;
    CHECK_FALSE(retry_delay(info));
    info.remaining_requests = 10;
    info.reset_requests = 1s;
    info.remaining_tokens = 0;
    info.reset_tokens = 20s;
    CHECK(retry_delay(info) == 20s);
    info.remaining_requests = 0;
    info.reset_requests = 40s;
    CHECK(retry_delay(info) == 40s);
    info.retry_after = 2s;
    CHECK(retry_delay(info) == 2s);
}
