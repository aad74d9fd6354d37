#include "store/call_checksum.hpp"

#include <charconv>
#include <string_view>

#include "util/sha256.hpp"

namespace parley::store {

namespace {

// "LENGTH:BYTES," for one field: a field holding a separator cannot pass for two fields.
void add_field(util::Sha256& hash, std::string_view bytes) {
    hash.update(std::to_string(bytes.size()));
    hash.update(":");
    hash.update(bytes);
    hash.update(",");
}

void add_number(util::Sha256& hash, double value) {
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    add_field(hash, ec == std::errc{} ? std::string_view(buffer, static_cast<std::size_t>(end - buffer)) : "?");
}

} // namespace

std::string call_checksum(const CallRecord& record) {
    util::Sha256 hash;
    add_field(hash, "parley-call-v1"); // names the encoding, so a later one cannot be mistaken for it
    for (const std::string* text : {&record.key, &record.run_id, &record.provider, &record.model,
                                    &record.response_model, &record.content, &record.finished_at}) {
        add_field(hash, *text);
    }
    for (const long count : {record.usage.prompt_tokens, record.usage.completion_tokens, record.usage.total_tokens,
                             static_cast<long>(record.usage.estimated), static_cast<long>(record.attempts)}) {
        add_field(hash, std::to_string(count));
    }
    add_number(hash, record.latency_ms);
    add_number(hash, record.time_to_first_token_ms);
    return hash.hex_digest();
}

} // namespace parley::store
