#pragma once
// Scenarios for the fake provider: answers derived from each request, injected transient faults, a server-side
// request limit and latency, combined in one responder that logs what it answered.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fake/fake_provider.hpp"

namespace parley::testing {

/// How a scenario's answers go wrong on purpose, as small local models' answers do.
enum class Misbehaviour {
    none,
    echo,         ///< the request's last message, sent back
    placeholders, ///< the prompt's answer template as it stands (its ```json block, or its <...> lines)
    prose,        ///< a paragraph of prose without any JSON
    broken_json,  ///< a JSON block cut off in the middle
    wrong_shape,  ///< JSON whose fields have the wrong types
    rambling,     ///< `ramble_words` words of filler
};

/// "none", "echo", "placeholders", "prose", "broken-json", "wrong-shape" or "rambling"; none for anything else.
Misbehaviour misbehaviour_named(std::string_view name);

/// How a scenario answers; every part is off unless set.
struct ScenarioOptions {
    FakeReply base;                              ///< what answers copy: model, piece size, usage, latency, content
    bool deterministic = false;                  ///< answers built from the request instead of `base.content`
    double failure_rate = 0;                     ///< share of requests that fail transiently
    std::uint64_t seed = 0;                      ///< picks which requests fail and how, with their arrival index
    std::chrono::milliseconds stall_for{1000};   ///< an injected stall; must outlast the client's idle timeout
    double requests_per_minute = 0;              ///< most requests admitted in any 60 s; 0: no limit
    std::string refuse_marker;                   ///< a request whose body holds it gets a permanent 400; "": none
    std::filesystem::path log_file;              ///< one JSON line per request when set
    Misbehaviour misbehave = Misbehaviour::none; ///< how answers go wrong
    bool misbehave_structured_only = true;       ///< only answers asked as JSON (synthesis, scores, comparison)
    std::size_t misbehave_times = SIZE_MAX;      ///< how many answers go wrong; later ones are deterministic
    std::size_t ramble_words = 100'000;          ///< the length of a rambling answer
};

/// What a scenario did with one request.
struct ScenarioEntry {
    std::size_t index = 0; ///< arrival order, from 0
    double at_ms = 0;      ///< arrival, in ms since the scenario began
    std::string digest;    ///< request_digest of the body
    std::string reply;     ///< "answer", an injected fault, "rate_limited" or "refused" (see Scenario::reply_to)
};

/// A responder for FakeOptions::responder that keeps a log. Thread-safe; must outlive the server using it.
class Scenario {
public:
    /// Starts the clock of the log and opens its file; throws std::runtime_error when the file cannot be written.
    explicit Scenario(ScenarioOptions options);

    /// The reply to one request, logged: "rate_limited" (over the limit), else "refused" (the marker), else an
    /// injected fault ("503", "429", "drop_connection", "stall", "truncated"), else "answer".
    FakeReply reply_to(const RecordedRequest& request, std::size_t index);

    /// A responder calling reply_to on this scenario.
    FakeResponder responder();

    /// Changes the share of requests that fail from now on, so one server can serve clean and faulty runs alike.
    void set_failure_rate(double rate);

    /// Every request so far, in arrival order.
    std::vector<ScenarioEntry> log() const;

private:
    std::string fault_for(std::size_t index) const;
    bool admit(std::chrono::steady_clock::time_point now, std::chrono::milliseconds& wait);
    void record(const ScenarioEntry& entry);

    std::string answer_for(const nlohmann::json& body, const std::string& digest);

    ScenarioOptions options_;
    std::size_t misbehaved_ = 0;
    const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    mutable std::mutex mutex_;
    std::deque<std::chrono::steady_clock::time_point> admitted_; ///< admissions of the last 60 s, oldest first
    std::vector<ScenarioEntry> log_;
    std::ofstream log_stream_;
};

/// The 16 hex digits naming a request body: equal bodies (a call and its retries) share it, different calls do not.
std::string request_digest(std::string_view body);

} // namespace parley::testing
