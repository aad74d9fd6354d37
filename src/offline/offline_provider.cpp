#include "offline/offline_provider.hpp"

#include "offline/tool_turns.hpp"
#include "offline/writer.hpp"

namespace parley::offline {

using llm::CallContext;
using llm::ChatRequest;
using llm::ChatResponse;
using llm::Purpose;

namespace {

constexpr std::size_t kChunks = 4;

// One value for everything that makes a request what it is, so equal requests get equal answers.
std::uint64_t request_hash(const ChatRequest& request, std::uint64_t seed) {
    std::uint64_t h = fnv1a(std::to_string(seed));
    for (const auto& m : request.messages) {
        h = fnv1a(m.role, h);
        h = fnv1a(std::string_view("\0", 1), h);
        h = fnv1a(m.content, h);
        h = fnv1a(std::string_view("\0", 1), h);
    }
    for (const auto& [key, value] : OfflineProvider::identity(request.context)) {
        h = fnv1a(key, h);
        h = fnv1a("=", h);
        h = fnv1a(value, h);
        h = fnv1a(std::string_view("\0", 1), h);
    }
    return OfflineRng(h ^ seed).next();
}

} // namespace

std::map<std::string, std::string> OfflineProvider::identity(const CallContext& c) {
    std::map<std::string, std::string> out{{"phase", to_string(c.purpose)},
                                           {"role", c.agent.role},
                                           {"agent_id", c.agent.id},
                                           {"agent_name", c.agent.name},
                                           {"problem", c.problem ? *c.problem : std::string()},
                                           {"round", std::to_string(c.round)},
                                           {"total_rounds", std::to_string(c.total_rounds)}};
    switch (c.purpose) {
    case Purpose::clarification:
        out["max_questions"] = std::to_string(c.limit.value_or(0));
        break;
    case Purpose::summary:
    case Purpose::judge_summary:
        out["max_length"] = std::to_string(c.limit.value_or(0));
        break;
    case Purpose::critique:
        out["target_agent_id"] = c.target ? c.target->id : std::string();
        out["target_role"] = c.target ? c.target->role : std::string();
        out["target_agent"] = c.target ? c.target->name : std::string();
        break;
    case Purpose::refinement:
        out["critic_roles"] = join_roles(c.peer_roles);
        break;
    case Purpose::synthesis:
        out["agent_roles"] = join_roles(c.peer_roles);
        break;
    case Purpose::evaluation:
    case Purpose::comparison:
    case Purpose::baseline:
        out["sample"] = std::to_string(c.sample);
        break;
    case Purpose::interim_judge:
        out["interim"] = c.interim == llm::InterimQuestion::quality ? "quality" : "convergence";
        break;
    case Purpose::ballot:
        out["candidates"] = join_roles(c.candidates);
        break;
    case Purpose::proposal:
        break;
    }
    return out;
}

std::string OfflineProvider::key_inputs(const ChatRequest& request) const {
    // The JSON the key was computed over before the provider contributed its own inputs: same bytes, same keys.
    const nlohmann::json extra{{"labels", identity(request.context)}, {"seed", seed_}};
    return extra.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<ChatResponse> OfflineProvider::complete(const ChatRequest& request, std::stop_token stop,
                                               const llm::DeltaCallback& on_delta) {
    if (stop.stop_requested()) {
        return fail(ErrorKind::cancelled, "offline call cancelled");
    }
    ChatResponse response;
    response.model = kModel;
    response.tool_calls = offline_tool_calls(request);
    if (!response.tool_calls.empty()) {
        return response;
    }
    auto ctx = make_offline_context(request, request_hash(request, seed_));
    response.content = write_offline_answer(ctx) + cited_findings(request);

    // Streamed like a network answer, in a few pieces cut on UTF-8 boundaries, so callers' streaming paths run.
    const std::string& text = response.content;
    std::size_t pos = 0;
    for (std::size_t i = 1; i <= kChunks && pos < text.size(); ++i) {
        std::size_t end = i == kChunks ? text.size() : text.size() * i / kChunks;
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
            ++end;
        }
        if (stop.stop_requested()) {
            return fail(ErrorKind::cancelled, "offline call cancelled");
        }
        if (on_delta && end > pos) {
            on_delta(std::string_view(text).substr(pos, end - pos));
        }
        pos = std::max(pos, end);
    }

    std::size_t prompt_chars = 0;
    for (const auto& m : request.messages) {
        prompt_chars += m.content.size();
    }
    response.usage.prompt_tokens = llm::estimated_tokens(prompt_chars);
    response.usage.completion_tokens = llm::estimated_tokens(text.size());
    response.usage.total_tokens = response.usage.prompt_tokens + response.usage.completion_tokens;
    response.usage.estimated = true;
    return response;
}

} // namespace parley::offline
