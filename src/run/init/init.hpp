#pragma once
// `parley init`: writes a ready config pointed at one model server (its "defaults"), asking the server for its
// models when it answers, and prints the command to run next.

#include <chrono>
#include <string>

#include "util/logging.hpp"

namespace parley::run {

/// The flags of `parley init`.
struct InitOptions {
    std::string provider; ///< ollama, openai, openrouter or vllm; empty: guessed from base_url, else ollama
    std::string base_url; ///< empty: the provider's usual address
    std::string model;    ///< empty: the first model the server lists
    std::string output = "parley.json";
    std::chrono::milliseconds models_limit{2000}; ///< how long to wait for the server's model list
    util::Verbosity verbosity = util::Verbosity::normal;
};

/// The provider kind `init` writes for `options`: the one given, else what the base URL names (Ollama's port
/// 11434, api.openai.com, openrouter.ai; any other address is "openai-compatible"), else "ollama".
std::string init_provider(const InitOptions& options);

/// Writes the config, refusing to overwrite a file (exit 2); returns the exit code.
[[nodiscard]] int run_init(const InitOptions& options);

} // namespace parley::run
