#pragma once
// The Markdown report of a debate: the summary first (decision, confidence, requirements, risks, disagreements,
// open questions, figures), then what was asked, who took part, every round, the synthesis and the costs.

#include <string>

#include "debate/debate_state.hpp"

namespace parley::report {

/// What a report includes beyond the debate itself.
struct ReportOptions {
    bool with_prompts = false; ///< append every prompt sent (`report --verbose`)
    bool brief = false;        ///< only the title and the summary (`--brief`)
};

/// The debate as a Markdown document. Deterministic: the same state gives the same bytes, and a state saved
/// and loaded again gives the same bytes too (invalid UTF-8 is replaced exactly as save_debate replaces it).
std::string render_markdown(const debate::DebateState& state, const ReportOptions& options);

} // namespace parley::report
