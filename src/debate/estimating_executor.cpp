#include "debate/estimating_executor.hpp"

#include <algorithm>

namespace parley::debate {

namespace {

std::size_t chars_for(long tokens) {
    return static_cast<std::size_t>(std::max(0L, tokens)) * 4;
}

bool is_summary(llm::Purpose purpose) {
    return purpose == llm::Purpose::summary || purpose == llm::Purpose::judge_summary;
}

/// Stands in for the participants' providers in a dry run.
class DryRunProvider final : public llm::Provider {
public:
    Result<llm::ChatResponse> complete(const llm::ChatRequest&, std::stop_token, const llm::DeltaCallback&) override {
        return fail(ErrorKind::internal, "a dry run calls no provider");
    }
    std::string label() const override { return "dry run"; }
};

} // namespace

EstimatingExecutor::EstimatingExecutor(const llm::PriceTable& prices, bool long_answers)
    : prices_(prices), long_answers_(long_answers) {}

void EstimatingExecutor::begin_phase(const std::string& name) {
    phases_.push_back(PhaseTally{name, 0, 0, 0, 0});
}

long EstimatingExecutor::planned_calls() const {
    long n = 0;
    for (const auto& phase : phases_) {
        n += phase.calls - phase.summary_calls;
    }
    return n;
}

llm::ChatResponse EstimatingExecutor::answer(const CallSpec& call) {
    const auto& request = call.request;
    std::size_t prompt_chars = 0;
    for (const auto& m : request.messages) {
        prompt_chars += m.content.size();
    }
    const long ceiling = request.max_tokens ? *request.max_tokens : kPlanDefaultMaxTokens;
    const long wanted = long_answers_ ? ceiling : std::min(kPlanLowCompletionTokens, ceiling);
    auto answer_chars = chars_for(wanted);
    if (is_summary(request.context.purpose) && request.context.limit) {
        answer_chars = std::min(answer_chars, static_cast<std::size_t>(std::max(0L, *request.context.limit)));
    }
    llm::ChatResponse response;
    // Only the sizes of the prompts matter to the plan, so the answer is any text of the assumed length.
    response.content.assign(answer_chars, 'x');
    response.model = request.model;
    const long prompt = llm::estimated_tokens(prompt_chars);
    const long completion = std::min(wanted, llm::estimated_tokens(answer_chars));
    response.usage = {prompt, completion, prompt + completion, true};

    if (phases_.empty()) {
        begin_phase("calls");
    }
    auto& phase = phases_.back();
    ++phase.calls;
    phase.summary_calls += is_summary(request.context.purpose) ? 1 : 0;
    phase.prompt_tokens += prompt;
    phase.completion_tokens += completion;
    if (call.provider_spec.kind != "offline") {
        const auto cost = llm::call_cost_usd(call.provider_spec, &prices_, request.model, response.usage);
        cost_ += util::Money::of_call(cost);
        if (!cost) {
            unpriced_.insert(request.model);
        }
    }
    return response;
}

std::vector<Result<llm::ChatResponse>> EstimatingExecutor::run_batch(const std::vector<CallSpec>& calls,
                                                                     std::stop_token) {
    std::vector<Result<llm::ChatResponse>> out;
    out.reserve(calls.size());
    for (const auto& call : calls) {
        out.emplace_back(answer(call));
    }
    return out;
}

std::shared_ptr<llm::Provider> dry_run_provider() {
    static const auto provider = std::make_shared<DryRunProvider>();
    return provider;
}

} // namespace parley::debate
