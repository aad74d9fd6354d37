#pragma once
// How much slower this build runs than a plain one, for the few tests that bound the work a hostile input may
// cost: a bound that means "linear, not quadratic" in a plain build must still mean that under a sanitizer.

namespace parley::testing {

#if defined(__SANITIZE_THREAD__)
/// ThreadSanitizer instruments every memory access: about ten times slower.
inline constexpr double kSanitizerSlowdown = 10.0;
#elif defined(__SANITIZE_ADDRESS__)
/// AddressSanitizer (with UBSan): about three times slower.
inline constexpr double kSanitizerSlowdown = 3.0;
#else
/// A plain build.
inline constexpr double kSanitizerSlowdown = 1.0;
#endif

} // namespace parley::testing
