#pragma once
// The idempotency key of a chat call: what the journal files a finished call under, so a resumed or replayed
// run finds it again without paying for it twice.

#include <string>

#include "llm/provider.hpp"
#include "llm/provider_spec.hpp"

namespace parley::llm {

/// The bytes a call's key is the hash of: provider kind, base URL, model, temperature, max_tokens, the extra body
/// parameters as canonical JSON and every message's role and content, each length-prefixed. Never the API key,
/// header values, labels, timeouts or anything else of the spec.
std::string canonical_request(const ProviderSpec& spec, const ChatRequest& request);

/// The call's idempotency key: the SHA-256 of canonical_request() as 64 lower-case hex digits.
std::string request_key(const ProviderSpec& spec, const ChatRequest& request);

} // namespace parley::llm
