#include "fake/scenario.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "util/sha256.hpp"

namespace parley::testing {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kDigestChars = 16;
constexpr auto kLimitWindow = std::chrono::seconds(60);
// What a server with a request limit reports it to be, in every answer.
constexpr const char* kLimitHeader = "x-ratelimit-limit-requests";
constexpr std::array<const char*, 5> kFaults{"503", "429", "drop_connection", "stall", "truncated"};

// SplitMix64: a fixed, well-mixed function of (seed, index), so a faulty run can be repeated exactly.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

// A number from the digest's hex digits [from, from + 4), for varied but reproducible figures in answers.
unsigned digest_number(const std::string& digest, std::size_t from) {
    return static_cast<unsigned>(std::stoul(digest.substr(from, 4), nullptr, 16));
}

// The text of the request's last message; "" when it has none.
std::string last_message(const json& request) {
    const auto messages = request.find("messages");
    if (messages == request.end() || !messages->is_array() || messages->empty()) {
        return {};
    }
    const json& last = messages->back();
    return last.is_object() && last.contains("content") && last["content"].is_string()
               ? last["content"].get<std::string>()
               : std::string();
}

std::string milliseconds_text(std::chrono::milliseconds wait) {
    return std::to_string(wait.count()) + "ms";
}

// Whether the request asks for the judge's synthesis: its last message wants the solution's JSON block.
bool asks_for_synthesis(const json& request) {
    const std::string text = last_message(request);
    return text.find("```json") != std::string::npos && text.find("unfulfilledMajorRequirements") != std::string::npos;
}

// A short Markdown answer quoting `digest`; for a synthesis, a rationale and the solution's JSON block.
std::string deterministic_answer(const json& request, const std::string& digest) {
    const unsigned a = digest_number(digest, 0);
    const unsigned b = digest_number(digest, 4);
    if (asks_for_synthesis(request)) {
        const json solution{
            {"description", "A partitioned queue with leased tasks and idempotent workers (synthesis " + digest + ")."},
            {"implementation", "- Producers append to " + std::to_string(a % 16 + 2) +
                                   " partitions.\n- Workers lease tasks for " + std::to_string(b % 50 + 10) +
                                   " s and ack by idempotency key."},
            {"tradeoffs", json::array({"At-least-once delivery over exactly-once, for simplicity."})},
            {"recommendations", json::array({"Load-test the lease renewal path (" + digest.substr(0, 6) + ")."})},
            {"confidence", 40 + a % 50},
            {"unfulfilledMajorRequirements", json::array()},
            {"openQuestions", json::array({"How long must dead letters be kept?"})}};
        return "## Rationale\nThe proposals agree on partitioning; the judge kept the simplest lease "
               "scheme.\n\n```json\n" +
               solution.dump(2) + "\n```\n";
    }
    return "### Answer " + digest + "\n\n- Partitions: " + std::to_string(a % 16 + 2) +
           ", each with one leader.\n- Throughput: " + std::to_string(b % 900 + 100) + " tasks/s at p99 " +
           std::to_string(a % 200 + 20) + " ms.\n- Risk: lease expiry during long tasks.\n";
}

} // namespace

std::string request_digest(std::string_view body) {
    return util::sha256_hex(body).substr(0, kDigestChars);
}

Scenario::Scenario(ScenarioOptions options) : options_(std::move(options)) {
    if (!options_.log_file.empty()) {
        log_stream_.open(options_.log_file, std::ios::out | std::ios::trunc);
        if (!log_stream_) {
            throw std::runtime_error("scenario: cannot write the log " + options_.log_file.string());
        }
    }
}

FakeResponder Scenario::responder() {
    return [this](const RecordedRequest& request, std::size_t index) {
        return reply_to(request, index);
    };
}

void Scenario::set_failure_rate(double rate) {
    std::lock_guard lock(mutex_);
    options_.failure_rate = rate;
}

std::vector<ScenarioEntry> Scenario::log() const {
    std::lock_guard lock(mutex_);
    return log_;
}

std::string Scenario::fault_for(std::size_t index) const {
    const std::uint64_t draw = mix(options_.seed ^ mix(index));
    const double share = static_cast<double>(draw >> 11) / static_cast<double>(1ULL << 53);
    if (share >= options_.failure_rate) {
        return {};
    }
    return kFaults[mix(draw) % kFaults.size()];
}

bool Scenario::admit(Clock::time_point now, std::chrono::milliseconds& wait) {
    while (!admitted_.empty() && now - admitted_.front() >= kLimitWindow) {
        admitted_.pop_front();
    }
    const auto limit = static_cast<std::size_t>(options_.requests_per_minute);
    if (admitted_.size() >= limit) {
        wait = std::chrono::ceil<std::chrono::milliseconds>(admitted_.front() + kLimitWindow - now);
        return false;
    }
    admitted_.push_back(now);
    wait = admitted_.size() < limit
               ? std::chrono::milliseconds(0)
               : std::chrono::ceil<std::chrono::milliseconds>(admitted_.front() + kLimitWindow - now);
    return true;
}

void Scenario::record(const ScenarioEntry& entry) {
    log_.push_back(entry);
    if (log_stream_.is_open()) {
        log_stream_ << json{{"index", entry.index},
                            {"at_ms", entry.at_ms},
                            {"digest", entry.digest},
                            {"reply", entry.reply}}
                           .dump()
                    << std::endl;
    }
}

FakeReply Scenario::reply_to(const RecordedRequest& request, std::size_t index) {
    const auto now = Clock::now();
    const json body = json::parse(request.body, nullptr, false);
    ScenarioEntry entry{index, std::chrono::duration<double, std::milli>(now - started_).count(),
                        request_digest(request.body), "answer"};
    FakeReply reply = options_.base;
    reply.kind = FakeReply::Kind::answer;
    if (options_.deterministic && body.is_object()) {
        reply.content = deterministic_answer(body, entry.digest);
    }

    std::lock_guard lock(mutex_);
    if (options_.requests_per_minute > 0) {
        std::chrono::milliseconds wait{0};
        const bool admitted = admit(now, wait);
        const auto limit = static_cast<long>(options_.requests_per_minute);
        if (!admitted) {
            // Real servers send both spellings: integer seconds for HTTP, milliseconds for clients that read them.
            const auto seconds =
                std::max<long>(1, static_cast<long>(std::ceil(static_cast<double>(wait.count()) / 1000.0)));
            reply = FakeReply::http_error(429, "Rate limit reached: " + std::to_string(limit) + " requests per minute.",
                                          {{"Retry-After", std::to_string(seconds)},
                                           {"retry-after-ms", std::to_string(wait.count())},
                                           {kLimitHeader, std::to_string(limit)},
                                           {"x-ratelimit-remaining-requests", "0"},
                                           {"x-ratelimit-reset-requests", milliseconds_text(wait)}});
            reply.error_code = "rate_limit_exceeded";
            entry.reply = "rate_limited";
            record(entry);
            return reply;
        }
        reply.headers[kLimitHeader] = std::to_string(limit);
        reply.headers["x-ratelimit-remaining-requests"] = std::to_string(limit - static_cast<long>(admitted_.size()));
        reply.headers["x-ratelimit-reset-requests"] = milliseconds_text(wait);
    }
    if (!options_.refuse_marker.empty() && request.body.find(options_.refuse_marker) != std::string::npos) {
        reply = FakeReply::http_error(400, "Invalid request: the fake provider refuses requests mentioning '" +
                                               options_.refuse_marker + "'.");
        reply.error_code = "invalid_request_error";
        entry.reply = "refused";
    } else if (const std::string fault = fault_for(index); !fault.empty()) {
        entry.reply = fault;
        if (fault == "503") {
            reply.kind = FakeReply::Kind::http_error;
            reply.status = 503;
            reply.error_message = "The server is overloaded (injected).";
        } else if (fault == "429") {
            reply.kind = FakeReply::Kind::http_error;
            reply.status = 429;
            reply.error_message = "Too many requests (injected).";
            reply.latency = std::chrono::milliseconds(0);
            reply.headers["Retry-After"] = "0";
            reply.headers[kLimitHeader] = "1000";
            reply.headers["x-ratelimit-remaining-requests"] = "0";
            reply.headers["x-ratelimit-reset-requests"] = "10ms";
        } else if (fault == "drop_connection") {
            reply.kind = FakeReply::Kind::drop_connection;
        } else if (fault == "stall") {
            reply.kind = FakeReply::Kind::stall;
            reply.stall_for = options_.stall_for;
        } else {
            reply.kind = FakeReply::Kind::truncated;
        }
    }
    record(entry);
    return reply;
}

} // namespace parley::testing
