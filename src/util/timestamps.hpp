#pragma once
// Wall-clock time for ids and timestamps, reproducible when SOURCE_DATE_EPOCH is set.

#include <chrono>
#include <optional>
#include <string>

namespace parley::util {

/// SOURCE_DATE_EPOCH as a time point, when set to a valid number of seconds.
std::optional<std::chrono::system_clock::time_point> source_date_epoch();

/// True when SOURCE_DATE_EPOCH is set: timestamps come from it and measured durations are recorded as 0,
/// so the same inputs give the same bytes.
bool reproducible_mode();

/// The current time (or SOURCE_DATE_EPOCH) as ISO 8601 UTC with milliseconds: "2026-11-23T10:00:00.000Z".
std::string now_iso8601();

/// Formats a time point as ISO 8601 UTC with milliseconds.
std::string format_iso8601(std::chrono::system_clock::time_point t);

/// A debate id "deb-YYYYMMDD-HHMMSS-xyz" from the current time (or SOURCE_DATE_EPOCH) and three base-36
/// characters drawn from the clock, or from `seed` alone in reproducible mode.
std::string make_debate_id(std::optional<std::uint64_t> seed);

/// Milliseconds elapsed since `start`, or 0 in reproducible mode.
double elapsed_ms(std::chrono::steady_clock::time_point start);

} // namespace parley::util
