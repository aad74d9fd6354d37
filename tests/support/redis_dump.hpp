#pragma once
// Everything a Redis database holds, as text: what a test searches to prove a secret never reached it.

#include <string>

namespace parley::testing {

/// Every key of the database at `url` (SCAN) and every value under it (strings, hashes, lists, sets, sorted sets,
/// streams), one per line. Throws std::runtime_error when Redis cannot be read.
std::string redis_contents(const std::string& url);

} // namespace parley::testing
