#include "redis/call_store.hpp"

#include <nlohmann/json.hpp>

#include "util/json_document.hpp"

namespace parley::sweep {

namespace {

nlohmann::json to_json(const store::CallRecord& record) {
    return nlohmann::json{{"key", record.key},
                          {"run_id", record.run_id},
                          {"provider", record.provider},
                          {"model", record.model},
                          {"response_model", record.response_model},
                          {"content", record.content},
                          {"prompt_tokens", record.usage.prompt_tokens},
                          {"completion_tokens", record.usage.completion_tokens},
                          {"total_tokens", record.usage.total_tokens},
                          {"usage_estimated", record.usage.estimated},
                          {"latency_ms", record.latency_ms},
                          {"time_to_first_token_ms", record.time_to_first_token_ms},
                          {"attempts", record.attempts},
                          {"finished_at", record.finished_at}};
}

std::optional<store::CallRecord> from_json(const nlohmann::json& json) {
    if (!json.is_object()) {
        return std::nullopt;
    }
    try {
        store::CallRecord record;
        record.key = json.at("key").get<std::string>();
        record.run_id = json.at("run_id").get<std::string>();
        record.provider = json.at("provider").get<std::string>();
        record.model = json.at("model").get<std::string>();
        record.response_model = json.at("response_model").get<std::string>();
        record.content = json.at("content").get<std::string>();
        record.usage.prompt_tokens = json.at("prompt_tokens").get<long>();
        record.usage.completion_tokens = json.at("completion_tokens").get<long>();
        record.usage.total_tokens = json.at("total_tokens").get<long>();
        record.usage.estimated = json.at("usage_estimated").get<bool>();
        record.latency_ms = json.at("latency_ms").get<double>();
        record.time_to_first_token_ms = json.at("time_to_first_token_ms").get<double>();
        record.attempts = json.at("attempts").get<int>();
        record.finished_at = json.at("finished_at").get<std::string>();
        return record;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

} // namespace

Result<std::optional<store::CallRecord>> RedisCallStore::find_call(std::string_view key) const {
    auto reply = connection_->command({"GET", record_key(key)});
    if (!reply) {
        return tl::make_unexpected(reply.error());
    }
    if (reply->is_nil()) {
        return std::optional<store::CallRecord>();
    }
    auto record = from_json(util::parse_json_bounded(reply->text));
    if (!record || record->key != key) {
        return fail(ErrorKind::io, connection_->url().display() + ": key '" + record_key(key) +
                                       "' does not hold a parley call record; delete it to have the call made again");
    }
    return record;
}

Result<bool> RedisCallStore::record_call(const store::CallRecord& record) {
    std::vector<std::string> args{"SET", record_key(record.key),
                                  to_json(record).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "NX"};
    if (options_.ttl) {
        args.emplace_back("EX");
        args.push_back(std::to_string(std::max<std::chrono::seconds::rep>(options_.ttl->count(), 1)));
    }
    auto reply = connection_->command(args);
    if (!reply) {
        return tl::make_unexpected(reply.error());
    }
    return !reply->is_nil();
}

} // namespace parley::sweep
