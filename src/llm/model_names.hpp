#pragma once
// The spellings of one model's name: what the price table and the context-window table both look a model up by.

#include <string>
#include <string_view>
#include <vector>

namespace parley::llm {

/// The names `model` may be listed under, most specific first: lower-cased as given, without a ":tag" (OpenRouter's
/// ":nitro", Ollama's ":8b"), without a dated snapshot suffix ("gpt-4o-2024-08-06" is gpt-4o), and without an
/// OpenRouter "vendor/" prefix.
std::vector<std::string> model_spellings(std::string_view model);

/// The ":tag" of `model` after its last '/', lower-cased ("free" of "vendor/name:free"); empty when it has none.
std::string model_tag(std::string_view model);

} // namespace parley::llm
