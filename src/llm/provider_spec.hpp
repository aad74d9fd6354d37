#pragma once
// How a provider is configured: the part of an agent's or judge's config that picks and reaches a backend.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

namespace parley::llm {

/// Per-call time limits, in milliseconds; 0 means no limit of that kind.
struct Timeouts {
    long connect_ms = 10'000;
    long first_byte_ms = 120'000;
    long idle_ms = 60'000;
    long total_ms = 600'000;
};

/// The default of ProviderSpec::max_response_bytes: far above any real answer, far below harm.
inline constexpr std::size_t kDefaultMaxResponseBytes = std::size_t{4} << 20;

/// The smallest answer cap a config may set (`maxResponseBytes`).
inline constexpr long kMinResponseBytes = 1024;
/// The largest answer cap a config may set (1 GiB): past it the cap would bound nothing in practice.
inline constexpr long kMaxResponseBytes = 1L << 30;

/// Everything needed to build a Provider.
struct ProviderSpec {
    /// "offline", "openai", "openrouter", "ollama", "vllm", "llamacpp", "openai-compatible" or "custom"
    std::string kind = "offline";
    std::string base_url;    ///< empty: the kind's default (see make_provider); required for openai-compatible/custom
    std::string api_key_env; ///< variable holding the key; empty: OPENAI_API_KEY / OPENROUTER_API_KEY / none
    std::map<std::string, std::string> headers; ///< extra request headers (e.g. HTTP-Referer, X-Title)
    Timeouts timeouts;
    bool stream = true;
    /// The most bytes one answer may take (a plain body, or a stream's content and any one event): more fails
    /// the call (permanent).
    std::size_t max_response_bytes = kDefaultMaxResponseBytes;
    std::string ca_bundle;  ///< extra CA bundle file; empty: the system's
    std::uint64_t seed = 0; ///< the offline provider's seed
};

} // namespace parley::llm
