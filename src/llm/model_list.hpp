#pragma once
// The models an OpenAI-compatible server offers (GET {base_url}/models), for `parley init`.

#include <chrono>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace parley::llm {

/// The model ids `GET {base_url}/models` lists ({"data": [{"id": ...}, ...]}, as OpenAI, Ollama, vLLM and llama.cpp
/// answer), in the server's order; `api_key` is sent as a bearer token when not empty. Everything (connect, answer)
/// must happen within `limit`. Fails with one line when nothing answers, the server refuses, or the answer is not
/// a model list.
Result<std::vector<std::string>> list_models(const std::string& base_url, const std::string& api_key,
                                             std::chrono::milliseconds limit);

} // namespace parley::llm
