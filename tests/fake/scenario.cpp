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

// Whether the request asks an evaluator for scores, or for a comparison of two designs.
bool asks_for_scores(const json& request) {
    return last_message(request).find("\"overall_summary\"") != std::string::npos;
}
bool asks_for_comparison(const json& request) {
    return last_message(request).find("\"comparison\"") != std::string::npos;
}

// An evaluator's scores, each from the digest, without quotes (so none is checked against the document).
std::string scores_answer(const std::string& digest) {
    auto item = [&](std::size_t at) {
        return json{{"score", digest_number(digest, at) % 10 + 1}, {"reasoning", "Scored from " + digest + "."}};
    };
    return json{
        {"evaluation",
         {{"functional_completeness", item(0)},
          {"non_functional",
           {{"performance_scalability", item(1)},
            {"security", item(2)},
            {"maintainability_evolvability", item(3)},
            {"regulatory_compliance", item(4)},
            {"testability", item(5)}}}}},
        {"overall_summary",
         {{"strengths", "Clear."}, {"weaknesses", "Thin."}, {"overall_score", digest_number(digest, 6) % 10 + 1}}}}
        .dump();
}

std::string comparison_answer(const std::string& digest) {
    json items = json::object();
    for (const char* key : {"functional_completeness", "performance_scalability", "security",
                            "maintainability_evolvability", "regulatory_compliance", "testability", "overall"}) {
        items[key] = {{"winner", digest_number(digest, 0) % 2 == 0 ? "A" : "B"}, {"reasoning", digest}};
    }
    return json{{"comparison", items}}.dump();
}

// The prompt's answer template as it stands: its ```json block, else its JSON shape, else its <...> lines.
std::string template_of(const std::string& prompt) {
    if (const auto fence = prompt.find("```json"); fence != std::string::npos) {
        const auto start = prompt.find('\n', fence);
        const auto end = prompt.find("```", start);
        return "```json" + prompt.substr(start, end - start) + "```";
    }
    if (const auto open = prompt.find("\n{\n"); open != std::string::npos) {
        const auto close = prompt.find("\n}", open);
        return prompt.substr(open + 1, close - open + 1);
    }
    std::string out;
    std::size_t begin = 0;
    while (begin < prompt.size()) {
        auto end = prompt.find('\n', begin);
        end = end == std::string::npos ? prompt.size() : end;
        const auto line = prompt.substr(begin, end - begin);
        if (line.find('<') != std::string::npos && line.find('>') != std::string::npos) {
            out += line + "\n";
        }
        begin = end + 1;
    }
    return out;
}

// Filler words drawn from the digest, so two requests ramble differently: a model that goes on and on, not one that
// repeats what it was sent (the answer check would call that an echo).
std::string rambling(std::size_t words, const std::string& digest) {
    static const std::array<const char*, 32> kWords{
        "queue",  "lease",  "worker",  "shard",     "retry",     "latency",  "the",      "design",
        "broker", "topic",  "offset",  "commit",    "quorum",    "leader",   "follower", "replica",
        "batch",  "window", "backoff", "jitter",    "deadline",  "token",    "bucket",   "ledger",
        "cursor", "epoch",  "fence",   "heartbeat", "partition", "consumer", "producer", "throughput"};
    std::string out = "Rambling " + digest + ":";
    std::uint64_t state = std::stoull(digest, nullptr, 16);
    for (std::size_t i = 0; i < words; ++i) {
        state = mix(state);
        out += ' ';
        out += kWords[state % kWords.size()];
    }
    return out;
}

// A short Markdown answer quoting `digest`; for a synthesis, a rationale and the solution's JSON block.
std::string deterministic_answer(const json& request, const std::string& digest) {
    const unsigned a = digest_number(digest, 0);
    const unsigned b = digest_number(digest, 4);
    if (asks_for_scores(request)) {
        return scores_answer(digest);
    }
    if (asks_for_comparison(request)) {
        return comparison_answer(digest);
    }
    if (asks_for_synthesis(request)) {
        json solution{
            {"description", "A partitioned queue with leased tasks and idempotent workers (synthesis " + digest + ")."},
            {"implementation", "- Producers append to " + std::to_string(a % 16 + 2) +
                                   " partitions.\n- Workers lease tasks for " + std::to_string(b % 50 + 10) +
                                   " s and ack by idempotency key."},
            {"tradeoffs", json::array({"At-least-once delivery over exactly-once, for simplicity."})},
            {"recommendations", json::array({"Load-test the lease renewal path (" + digest.substr(0, 6) + ")."})},
            {"confidence", 40 + a % 50},
            {"unfulfilledMajorRequirements", json::array()},
            {"openQuestions", json::array({"How long must dead letters be kept?"})}};
        if (last_message(request).find("\"decision\"") != std::string::npos) {
            // A design review (`--design`): the decision and the changes besides the design as it should ship.
            solution["decision"] = "accept with changes";
            solution["reasons"] = json::array({"The lease renewal path is untested (" + digest.substr(0, 6) + ")."});
            solution["changes"] = json::array({{{"change", "Renew leases every " + std::to_string(b % 10 + 5) + " s"},
                                                {"why", "long tasks"},
                                                {"priority", "must"}}});
        }
        return "## Rationale\nThe proposals agree on partitioning; the judge kept the simplest lease "
               "scheme.\n\n```json\n" +
               solution.dump(2) + "\n```\n";
    }
    return "### Answer " + digest + "\n\n- Partitions: " + std::to_string(a % 16 + 2) +
           ", each with one leader.\n- Throughput: " + std::to_string(b % 900 + 100) + " tasks/s at p99 " +
           std::to_string(a % 200 + 20) + " ms.\n- Risk: lease expiry during long tasks.\n";
}

// The answer of one misbehaviour to `request`.
std::string misbehaving_answer(Misbehaviour kind, const json& request, const std::string& digest, std::size_t words) {
    const bool synthesis = asks_for_synthesis(request);
    switch (kind) {
    case Misbehaviour::echo:
        return last_message(request);
    case Misbehaviour::placeholders:
        return template_of(last_message(request));
    case Misbehaviour::prose:
        return "I have read the designs carefully. Overall the approach is sound and balanced, with good ideas on "
               "partitioning and leases, though some details could be improved (" +
               digest + ").";
    case Misbehaviour::broken_json:
        return synthesis ? "```json\n{\"description\": \"A queue with leases\", \"confidence\": 7"
                         : "{\"evaluation\": {\"functional_completeness\": {\"score\": 7, \"reasoning\": \"cut";
    case Misbehaviour::wrong_shape:
        return synthesis
                   ? R"({"description": ["a list"], "confidence": "high", "unfulfilledMajorRequirements": "none"})"
                   : R"({"evaluation": [1, 2, 3], "overall_summary": "good"})";
    case Misbehaviour::rambling:
        return rambling(words, digest);
    case Misbehaviour::none:
        break;
    }
    return {};
}

} // namespace

Misbehaviour misbehaviour_named(std::string_view name) {
    if (name == "echo") {
        return Misbehaviour::echo;
    }
    if (name == "placeholders") {
        return Misbehaviour::placeholders;
    }
    if (name == "prose") {
        return Misbehaviour::prose;
    }
    if (name == "broken-json") {
        return Misbehaviour::broken_json;
    }
    if (name == "wrong-shape") {
        return Misbehaviour::wrong_shape;
    }
    if (name == "rambling") {
        return Misbehaviour::rambling;
    }
    return Misbehaviour::none;
}

std::string Scenario::answer_for(const json& body, const std::string& digest) {
    const bool structured = asks_for_synthesis(body) || asks_for_scores(body) || asks_for_comparison(body);
    if (options_.misbehave != Misbehaviour::none && (structured || !options_.misbehave_structured_only)) {
        std::lock_guard lock(mutex_);
        if (misbehaved_ < options_.misbehave_times) {
            ++misbehaved_;
            return misbehaving_answer(options_.misbehave, body, digest, options_.ramble_words);
        }
    }
    return deterministic_answer(body, digest);
}

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
    if ((options_.deterministic || options_.misbehave != Misbehaviour::none) && body.is_object()) {
        reply.content = answer_for(body, entry.digest);
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
