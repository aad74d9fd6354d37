#include "run/call_journal.hpp"

#include <chrono>
#include <limits>

#include <nlohmann/json.hpp>

#include "util/timestamps.hpp"

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
    auto found = calls_->find_call(key);
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
    r.cached = record.from_cache;
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
    auto filed = calls_->record_call(record);
    if (!filed) {
        return tl::make_unexpected(filed.error());
    }
    return {};
}

Result<std::uint64_t> DeadLetterJournal::file(const queue::DeadLetter& letter) {
    store::DeadLetterRecord record;
    record.key = letter.key;
    record.run_id = letter.origin;
    if (!letter.errors.empty()) {
        const Error& last = letter.errors.back().error;
        record.kind = last.kind;
        record.http_status = last.http_status;
        record.message = last.message;
    }
    record.attempts = letter.attempts;
    // The engine's clock is not a calendar: the last attempt is now, the first one its span before.
    const auto now = std::chrono::system_clock::now();
    record.last_attempt_at = util::format_iso8601(now);
    record.first_attempt_at =
        util::format_iso8601(now - std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                       letter.last_attempt - letter.first_attempt));
    record.detail = letter.to_json();
    record.detail.erase("id");
    auto id = journal_->record_dead_letter(record);
    if (!id) {
        return tl::make_unexpected(id.error());
    }
    return static_cast<std::uint64_t>(*id);
}

Result<std::vector<queue::DeadLetter>> DeadLetterJournal::list() const {
    auto records = journal_->list_dead_letters();
    if (!records) {
        return tl::make_unexpected(records.error());
    }
    std::vector<queue::DeadLetter> letters;
    letters.reserve(records->size());
    for (const auto& record : *records) {
        queue::DeadLetter letter;
        if (record.detail.contains("errors")) {
            auto read = queue::DeadLetter::from_json(record.detail);
            if (!read) {
                return fail(ErrorKind::io, "journal " + journal_->path().string() + ": dead letter " +
                                               std::to_string(record.id) + ": " + read.error().message);
            }
            letter = std::move(*read);
        } else {
            // Filed before the journal kept the queue's record: only the last error is known.
            letter.attempts = record.attempts;
            letter.errors.push_back(queue::AttemptError{
                record.attempts, {}, Error{record.kind, record.message, record.http_status, std::nullopt}});
        }
        letter.id = static_cast<std::uint64_t>(record.id);
        letter.key = record.key;
        letter.origin = record.run_id;
        letters.push_back(std::move(letter));
    }
    return letters;
}

Result<bool> DeadLetterJournal::remove(std::uint64_t id) {
    if (id > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return false;
    }
    return journal_->remove_dead_letter(static_cast<std::int64_t>(id));
}

} // namespace parley::debate
