#include "llm/context_window.hpp"

#include <array>
#include <string>
#include <utility>

#include "llm/model_names.hpp"

namespace parley::llm {

namespace {

// Context windows in tokens as the vendors documented them around August 2025 (the snapshot of
// configs/pricing.json), under the names that table uses; a dated snapshot, OpenRouter prefix or tag finds them
// through model_spellings. Local models are left out on purpose: a local server runs a model with the window it
// was started with (Ollama's num_ctx is far below llama3.1's 128k), so they take the default unless configured.
constexpr std::array<std::pair<std::string_view, long>, 34> kWindows{{
    {"gpt-5", 400'000},
    {"gpt-5-mini", 400'000},
    {"gpt-5-nano", 400'000},
    {"gpt-4.1", 1'047'576},
    {"gpt-4.1-mini", 1'047'576},
    {"gpt-4.1-nano", 1'047'576},
    {"gpt-4o", 128'000},
    {"gpt-4o-mini", 128'000},
    {"gpt-4-turbo", 128'000},
    {"gpt-4", 8'192},
    {"gpt-3.5-turbo", 16'385},
    {"o1", 200'000},
    {"o1-mini", 128'000},
    {"o3", 200'000},
    {"o3-mini", 200'000},
    {"o4-mini", 200'000},
    {"claude-opus-4", 200'000},
    {"claude-sonnet-4", 200'000},
    {"claude-3.7-sonnet", 200'000},
    {"claude-3.5-sonnet", 200'000},
    {"claude-3.5-haiku", 200'000},
    {"claude-3-opus", 200'000},
    {"claude-3-haiku", 200'000},
    {"gemini-2.5-pro", 1'048'576},
    {"gemini-2.5-flash", 1'048'576},
    {"gemini-2.0-flash-001", 1'048'576},
    {"gemini-pro-1.5", 2'097'152},
    {"gemini-flash-1.5", 1'048'576},
    {"llama-4-maverick", 1'048'576},
    {"llama-4-scout", 327'680},
    {"llama-3.3-70b-instruct", 131'072},
    {"llama-3.1-405b-instruct", 131'072},
    {"llama-3.1-70b-instruct", 131'072},
    {"llama-3.1-8b-instruct", 131'072},
}};

} // namespace

std::optional<long> known_context_window(std::string_view model) {
    for (const auto& spelling : model_spellings(model)) {
        for (const auto& [name, window] : kWindows) {
            if (name == spelling) {
                return window;
            }
        }
    }
    return std::nullopt;
}

ContextBudget context_budget(std::optional<long> configured, std::string_view model) {
    if (configured) {
        return {*configured, ContextBudgetSource::config};
    }
    if (auto known = known_context_window(model)) {
        return {*known, ContextBudgetSource::model};
    }
    return {};
}

std::string_view to_string(ContextBudgetSource source) {
    switch (source) {
    case ContextBudgetSource::config:
        return "configured";
    case ContextBudgetSource::model:
        return "the model's window";
    case ContextBudgetSource::fallback:
        break;
    }
    return "the default for unknown models";
}

} // namespace parley::llm
