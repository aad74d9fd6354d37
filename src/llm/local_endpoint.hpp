#pragma once
// Whether a provider endpoint is a model server on this machine (loopback or Ollama), which costs nothing per call.

#include <string_view>

#include "llm/provider_spec.hpp"

namespace parley::llm {

/// True for a local model server: provider "ollama", a loopback base URL (localhost, 127.0.0.0/8, [::1]), or a
/// local kind (vllm, llamacpp) left at its loopback default. Its calls cost $0 unless the config prices the model.
bool is_local_endpoint(std::string_view kind, std::string_view base_url);

/// is_local_endpoint of a provider's config.
inline bool is_local_endpoint(const ProviderSpec& spec) {
    return is_local_endpoint(spec.kind, spec.base_url);
}

} // namespace parley::llm
