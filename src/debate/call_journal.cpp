#include "debate/call_journal.hpp"

#include "util/clock.hpp"

namespace parley::debate {

queue::Completion completion_of(JournaledResponse response) {
    queue::Completion completion;
    completion.cost = response.response.usage.total_tokens;
    completion.value =
        std::shared_ptr<const JournaledResponse>(std::make_shared<const JournaledResponse>(std::move(response)));
    return completion;
}

Result<std::shared_ptr<const JournaledResponse>> response_in(const queue::Completion& completion) {
    const auto* response = std::any_cast<std::shared_ptr<const JournaledResponse>>(&completion.value);
    if (response == nullptr || !*response) {
        return fail(ErrorKind::internal, "a queued call's result holds no answer");
    }
    return *response;
}

Result<std::optional<queue::Completion>> CallJournal::find(std::string_view key) {
    auto found = journal_->find_call(key);
    if (!found) {
        return tl::make_unexpected(found.error());
    }
    if (!*found) {
        return std::optional<queue::Completion>();
    }
    const auto& record = **found;
    JournaledResponse r;
    r.response.content = record.content;
    r.response.model = record.response_model;
    r.response.usage = record.usage;
    r.response.latency_ms = record.latency_ms;
    r.response.time_to_first_token_ms = record.time_to_first_token_ms;
    r.provider = record.provider;
    r.requested_model = record.model;
    r.run_id = record.run_id;
    return std::optional<queue::Completion>(completion_of(std::move(r)));
}

Result<void> CallJournal::save(std::string_view key, const queue::Completion& completion) {
    if (read_only_) {
        return {};
    }
    auto found = response_in(completion);
    if (!found) {
        return tl::make_unexpected(found.error());
    }
    const JournaledResponse& answer = **found;
    store::CallRecord record;
    record.key = std::string(key);
    record.run_id = answer.run_id;
    record.provider = answer.provider;
    record.model = answer.requested_model;
    record.response_model = answer.response.model;
    record.content = answer.response.content;
    record.usage = answer.response.usage;
    record.latency_ms = answer.response.latency_ms;
    record.time_to_first_token_ms = answer.response.time_to_first_token_ms;
    record.attempts = completion.attempts;
    record.finished_at = util::now_iso8601();
    auto filed = journal_->record_call(record);
    if (!filed) {
        return tl::make_unexpected(filed.error());
    }
    return {};
}

} // namespace parley::debate
