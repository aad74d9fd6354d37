#pragma once
// Rate-limit signals in response headers: Retry-After, retry-after-ms and the x-ratelimit-* family.

#include <chrono>
#include <optional>
#include <string_view>

#include "llm/http_client.hpp"
#include "llm/provider.hpp"

namespace parley::llm {

/// A duration as rate-limit reset headers write it: "12ms", "1m3s", "0.5s", "2h", or bare seconds ("7", "1.5").
/// Nothing for text that is not one, or for more than a day (an epoch timestamp, not a delay).
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

/// A Retry-After value, delay-seconds or an HTTP date, as a delay from `now` (a past date is no delay). Nothing
/// when unparseable; an absurd wait is kept (up to a century) for the retry policy to refuse by name.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now);

/// Every rate-limit signal in `headers`; retry-after-ms wins over Retry-After, which wins over nothing.
RateLimitInfo parse_rate_limit(const HeaderMap& headers, std::chrono::system_clock::time_point now);

/// How long to wait before retrying a refused call: the server's retry-after, else the reset of whichever
/// limit is exhausted (the later if both), else nothing.
std::optional<std::chrono::milliseconds> retry_delay(const RateLimitInfo& info);

} // namespace parley::llm
