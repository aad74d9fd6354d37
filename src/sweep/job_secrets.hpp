#pragma once
// The rule that keeps secrets out of Redis: a job carries its configs' text to every worker, so a config holding a
// literal credential is refused before it is enqueued. Keys travel by name (apiKeyEnv); each worker reads its own.

#include <optional>
#include <string>
#include <vector>

#include "sweep/job.hpp"

namespace parley::sweep {

/// A secret value to look for and the name it goes by (an environment variable), never shown itself.
struct KnownSecret {
    std::string name;
    std::string value;
};

/// Values shorter than this are not looked for: they would match ordinary text, and are no real key.
inline constexpr std::size_t kMinSecretLength = 8;

/// Where `job` holds a literal secret, as one line naming the file and JSON path (never the secret): a `headers`
/// entry of its debate or eval config whose name reads as a credential (Authorization, Cookie, or one containing
/// key, token, secret or password), or the value of any of `known` anywhere in its problem, config or eval text.
/// None when the job is clean.
std::optional<std::string> find_literal_secret(const SweepJob& job, const std::vector<KnownSecret>& known);

/// The names of every environment variable the job's configs take a key from (apiKeyEnv at any depth).
std::vector<std::string> key_env_names(const SweepJob& job);

} // namespace parley::sweep
