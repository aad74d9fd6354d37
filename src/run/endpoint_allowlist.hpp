#pragma once
// What a process that runs other people's configs (a sweep worker) lets them call: each allowed endpoint with the
// one key variable that may be sent to it. A config that names any other endpoint, or another key for an allowed
// one, is refused before anything is built or sent.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llm/provider_spec.hpp"
#include "run/provider_factory.hpp"
#include "util/env.hpp"
#include "util/error.hpp"

namespace parley::run {

/// Endpoints paired with the key variable each may receive. The offline provider calls nothing and is always allowed.
class EndpointAllowlist {
public:
    /// Reads one `--allow` entry: "URL" (called without a key) or "URL=NAME" (called with the key in variable NAME).
    /// ErrorKind::invalid_input naming the entry when URL is not http:// or https:// or NAME is not a variable name.
    [[nodiscard]] static Result<llm::ResolvedEndpoint> parse_entry(std::string_view text);

    /// Allows `endpoint` (its base URL compared without a trailing '/' and with scheme and host in lower case).
    void allow(const llm::ResolvedEndpoint& endpoint);

    /// Allows every endpoint `specs` call, as `env` resolves them (what a worker's own configs use).
    [[nodiscard]] Result<void> allow_all(const std::vector<llm::ProviderSpec>& specs, const util::Env& env);

    /// Why `spec` may not be used, as one line naming its endpoint and key variable (never a key); none when allowed.
    [[nodiscard]] std::optional<std::string> refusal(const llm::ProviderSpec& spec, const util::Env& env) const;

    /// The allowed endpoints as "URL (key NAME)" or "URL (no key)", for a log line.
    std::string describe() const;

private:
    std::vector<llm::ResolvedEndpoint> allowed_;
};

} // namespace parley::run
