#include "fake/fake_provider.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>
#include <string_view>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "llm/openai_provider.hpp"

namespace parley::testing {

namespace {

using nlohmann::json;

// Parallel-call tests run more clients at once than httplib's default pool of eight workers.
constexpr std::size_t kWorkerThreads = 32;
constexpr std::size_t kMaxRequestsPerConnection = 100'000;
constexpr auto kStartupLimit = std::chrono::seconds(5);

std::string dump(const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string event(const json& value) {
    return "data: " + dump(value) + "\n\n";
}

// Cuts `text` into pieces of about `bytes` bytes without splitting a UTF-8 character.
std::vector<std::string> pieces_of(std::string_view text, std::size_t bytes) {
    std::vector<std::string> pieces;
    while (!text.empty()) {
        std::size_t n = std::min(std::max<std::size_t>(bytes, 1), text.size());
        while (n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) {
            ++n;
        }
        pieces.emplace_back(text.substr(0, n));
        text.remove_prefix(n);
    }
    return pieces;
}

json usage_json(const std::string& request_body, std::size_t completion_tokens) {
    const auto prompt = static_cast<long>(request_body.size() / 4);
    const auto completion = static_cast<long>(completion_tokens);
    return {{"prompt_tokens", prompt}, {"completion_tokens", completion}, {"total_tokens", prompt + completion}};
}

json error_json(const FakeReply& reply) {
    json error{{"message", reply.error_message}, {"type", "fake_error"}, {"param", nullptr}, {"code", nullptr}};
    if (!reply.error_code.empty()) {
        error["code"] = reply.error_code;
    }
    return {{"error", std::move(error)}};
}

json chunk(const FakeReply& reply, json delta, const json& finish_reason) {
    return {{"id", "chatcmpl-fake"},
            {"object", "chat.completion.chunk"},
            {"created", 0},
            {"model", reply.model},
            {"choices", json::array({{{"index", 0}, {"delta", std::move(delta)}, {"finish_reason", finish_reason}}})}};
}

std::string call_id(std::size_t index) {
    return "call_fake_" + std::to_string(index);
}

// A streamed tool call's pieces: its id and name first, then its arguments in two halves.
void add_tool_call_events(const FakeReply& reply, std::vector<std::string>& events) {
    for (std::size_t i = 0; i < reply.tool_calls.size(); ++i) {
        const auto& [name, arguments] = reply.tool_calls[i];
        const std::size_t half = arguments.size() / 2;
        events.push_back(event(chunk(
            reply,
            {{"tool_calls", json::array({{{"index", i},
                                          {"id", call_id(i)},
                                          {"type", "function"},
                                          {"function", {{"name", name}, {"arguments", arguments.substr(0, half)}}}}})}},
            nullptr)));
        events.push_back(event(chunk(
            reply,
            {{"tool_calls", json::array({{{"index", i}, {"function", {{"arguments", arguments.substr(half)}}}}})}},
            nullptr)));
    }
}

// The whole SSE body of a streamed answer, one string per event.
std::vector<std::string> stream_events(const FakeReply& reply, const json& request, const std::string& body) {
    if (!reply.raw_stream.empty()) {
        return {reply.raw_stream};
    }
    const auto pieces = pieces_of(reply.content, reply.piece_bytes);
    std::vector<std::string> events;
    events.push_back(event(chunk(reply, {{"role", "assistant"}, {"content", ""}}, nullptr)));
    if (!reply.tool_calls.empty()) {
        add_tool_call_events(reply, events);
    } else {
        for (const auto& piece : pieces) {
            events.push_back(event(chunk(reply, {{"content", piece}}, nullptr)));
        }
    }
    events.push_back(event(chunk(reply, json::object(), reply.tool_calls.empty() ? "stop" : "tool_calls")));
    const bool wants_usage = request.contains("stream_options") && request["stream_options"].is_object() &&
                             request["stream_options"].value("include_usage", false);
    if (reply.send_usage && wants_usage) {
        events.push_back(event({{"id", "chatcmpl-fake"},
                                {"object", "chat.completion.chunk"},
                                {"model", reply.model},
                                {"choices", json::array()},
                                {"usage", usage_json(body, pieces.size())}}));
    }
    events.push_back("data: [DONE]\n\n");
    return events;
}

std::string completion_body(const FakeReply& reply, const std::string& body) {
    json message{{"role", "assistant"}, {"content", reply.content}};
    if (!reply.tool_calls.empty()) {
        json calls = json::array();
        for (std::size_t i = 0; i < reply.tool_calls.size(); ++i) {
            calls.push_back(
                {{"id", call_id(i)},
                 {"type", "function"},
                 {"function", {{"name", reply.tool_calls[i].first}, {"arguments", reply.tool_calls[i].second}}}});
        }
        message = {{"role", "assistant"}, {"content", nullptr}, {"tool_calls", std::move(calls)}};
    }
    json completion{{"id", "chatcmpl-fake"},
                    {"object", "chat.completion"},
                    {"created", 0},
                    {"model", reply.model},
                    {"choices", json::array({{{"index", 0},
                                              {"message", std::move(message)},
                                              {"finish_reason", reply.tool_calls.empty() ? "stop" : "tool_calls"}}})}};
    if (reply.send_usage) {
        completion["usage"] = usage_json(body, pieces_of(reply.content, reply.piece_bytes).size());
    }
    return dump(completion);
}

bool write_in_chunks(httplib::DataSink& sink, std::string_view bytes, std::size_t chunk_bytes) {
    while (!bytes.empty()) {
        const std::size_t n = chunk_bytes == 0 ? bytes.size() : std::min(chunk_bytes, bytes.size());
        if (!sink.write(bytes.data(), n)) {
            return false;
        }
        bytes.remove_prefix(n);
    }
    return true;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

} // namespace

FakeReply FakeReply::answer(std::string text) {
    FakeReply reply;
    reply.content = std::move(text);
    return reply;
}

FakeReply FakeReply::http_error(int status, std::string message, std::map<std::string, std::string> headers) {
    FakeReply reply;
    reply.kind = Kind::http_error;
    reply.status = status;
    reply.error_message = std::move(message);
    reply.headers = std::move(headers);
    return reply;
}

FakeReply FakeReply::tool_call(std::string name, std::string arguments) {
    FakeReply reply;
    reply.content.clear();
    reply.tool_calls.emplace_back(std::move(name), std::move(arguments));
    return reply;
}

FakeResponder tool_script_responder(std::vector<ToolStep> steps, FakeResponder otherwise) {
    return [steps = std::move(steps), otherwise = std::move(otherwise)](const RecordedRequest& request,
                                                                        std::size_t index) {
        const json body = json::parse(request.body, nullptr, false);
        std::size_t results = 0;
        if (body.is_object() && body.contains("messages") && body["messages"].is_array()) {
            for (const auto& message : body["messages"]) {
                results += message.is_object() && message.value("role", "") == "tool" ? 1 : 0;
            }
        }
        const bool may_call = body.is_object() && body.contains("tools") && body.value("tool_choice", "") != "none";
        for (const auto& step : steps) {
            if (may_call && step.after_results == results && request.body.find(step.marker) != std::string::npos) {
                return FakeReply::tool_call(step.name, step.arguments);
            }
        }
        return otherwise ? otherwise(request, index) : FakeReply{};
    };
}

FakeReply FakeReply::of(Kind kind) {
    FakeReply reply;
    reply.kind = kind;
    return reply;
}

FakeReply FakeReply::raw(std::string body) {
    FakeReply reply;
    reply.kind = Kind::raw_body;
    reply.raw_body = std::move(body);
    return reply;
}

FakeResponder usable_verdict_responder() {
    return [](const RecordedRequest& request, std::size_t) {
        if (request.body.find("unfulfilledMajorRequirements") == std::string::npos) {
            return FakeReply{};
        }
        return FakeReply::answer("A queue with leases.\n\n```json\n" +
                                 json{{"description", "A queue with leased tasks."},
                                      {"confidence", 50},
                                      {"unfulfilledMajorRequirements", json::array()},
                                      {"openQuestions", json::array()}}
                                     .dump() +
                                 "\n```\n");
    };
}

FakeProvider::FakeProvider(FakeOptions options)
    : options_(std::move(options)), server_(std::make_unique<httplib::Server>()) {
    server_->new_task_queue = [] {
        return new httplib::ThreadPool(kWorkerThreads);
    };
    // Small writes must leave at once: Nagle's algorithm would hold each SSE event back for an ACK.
    server_->set_tcp_nodelay(true);
    server_->set_keep_alive_timeout(options_.keep_alive_seconds);
    // httplib closes a connection after five requests by default, which would hide whether clients reuse them.
    server_->set_keep_alive_max_count(kMaxRequestsPerConnection);
    server_->Post("/v1/chat/completions", [this](const httplib::Request& request, httplib::Response& response) {
        handle_chat(request, response);
    });
    server_->Get("/v1/models", [this](const httplib::Request& request, httplib::Response& response) {
        if (!options_.serve_models) {
            response.status = 404;
            response.set_content(R"({"error":"not found"})", "application/json");
            return;
        }
        if (!options_.api_key.empty() && request.get_header_value("Authorization") != "Bearer " + options_.api_key) {
            FakeReply refusal = FakeReply::http_error(401, "Incorrect API key provided.");
            refusal.error_code = "invalid_api_key";
            response.status = 401;
            response.set_content(dump(error_json(refusal)), "application/json");
            return;
        }
        const json models{{"object", "list"},
                          {"data", json::array({{{"id", options_.default_reply.model},
                                                 {"object", "model"},
                                                 {"owned_by", "parley-fake-provider"}}})}};
        response.set_content(dump(models), "application/json");
    });
    if (options_.port == 0) {
        port_ = server_->bind_to_any_port("127.0.0.1");
    } else if (server_->bind_to_port("127.0.0.1", options_.port)) {
        port_ = options_.port;
    }
    if (port_ <= 0) {
        throw std::runtime_error("fake provider: cannot listen on 127.0.0.1:" + std::to_string(options_.port));
    }
    thread_ = std::jthread([this] { server_->listen_after_bind(); });
    // httplib 0.11 has no wait_until_ready().
    const auto give_up = std::chrono::steady_clock::now() + kStartupLimit;
    while (!server_->is_running()) {
        if (std::chrono::steady_clock::now() > give_up) {
            stop();
            throw std::runtime_error("fake provider: the server did not start");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

FakeProvider::~FakeProvider() {
    stop();
}

std::string FakeProvider::base_url() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/v1";
}

void FakeProvider::script(FakeReply reply) {
    std::lock_guard lock(mutex_);
    script_.push_back(std::move(reply));
}

std::vector<RecordedRequest> FakeProvider::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

std::vector<RecordedRequest> FakeProvider::check_requests() const {
    std::lock_guard lock(mutex_);
    return check_requests_;
}

std::size_t FakeProvider::connection_count() const {
    std::lock_guard lock(mutex_);
    std::set<int> ports;
    for (const auto& request : requests_) {
        ports.insert(request.remote_port);
    }
    return ports.size();
}

void FakeProvider::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    stopping_cv_.notify_all();
    server_->stop();
    if (thread_.joinable()) {
        thread_.join();
    }
}

std::size_t FakeProvider::endless_bytes_sent() const {
    std::lock_guard lock(mutex_);
    return endless_bytes_;
}

bool FakeProvider::write_endless(const FakeReply& reply, httplib::DataSink& sink) {
    const bool one_line = reply.kind == FakeReply::Kind::endless_line;
    const std::string piece = one_line
                                  ? std::string(4096, 'x')
                                  : event(chunk(reply, {{"content", std::string(reply.piece_bytes, 'x')}}, nullptr));
    if (one_line && !sink.write("data: ", 6)) {
        return false;
    }
    // Ends only when the client hangs up (a write fails) or the server stops.
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) {
                return false;
            }
            endless_bytes_ += piece.size();
        }
        if (!sink.write(piece.data(), piece.size())) {
            return false;
        }
    }
}

FakeReply FakeProvider::next_reply(const RecordedRequest& request, std::size_t index) {
    std::unique_lock lock(mutex_);
    if (script_.empty()) {
        lock.unlock();
        return options_.responder ? options_.responder(request, index) : options_.default_reply;
    }
    FakeReply reply = std::move(script_.front());
    script_.pop_front();
    return reply;
}

bool FakeProvider::sleep_unless_stopped(std::chrono::milliseconds duration) {
    std::unique_lock lock(mutex_);
    return !stopping_cv_.wait_for(lock, duration, [this] { return stopping_; });
}

void FakeProvider::handle_chat(const httplib::Request& request, httplib::Response& response) {
    RecordedRequest record{request.method, request.path, request.body, {}, request.remote_port};
    for (const auto& [name, value] : request.headers) {
        record.headers[lower(name)] = value;
    }
    const bool check = request.body.find(llm::kChatCheckMessage) != std::string::npos;
    std::size_t index = 0;
    {
        std::lock_guard lock(mutex_);
        if (check) {
            check_requests_.push_back(record);
        } else {
            index = requests_.size();
            requests_.push_back(record);
        }
    }
    if (!options_.api_key.empty()) {
        const std::string sent = request.get_header_value("Authorization");
        if (sent != "Bearer " + options_.api_key) {
            // Echo what came, as careless gateways do, so tests can prove parley never repeats a key.
            FakeReply refusal = FakeReply::http_error(
                401, "Incorrect API key provided: " + sent.substr(std::min<std::size_t>(7, sent.size())) + ".");
            refusal.error_code = "invalid_api_key";
            response.status = 401;
            response.set_content(dump(error_json(refusal)), "application/json");
            return;
        }
    }
    const FakeReply reply = check ? options_.check_reply.value_or(options_.default_reply) : next_reply(record, index);
    if (reply.latency.count() > 0 && !sleep_unless_stopped(reply.latency)) {
        response.status = 503;
        return;
    }
    for (const auto& [name, value] : reply.headers) {
        response.set_header(name, value);
    }
    if (reply.kind == FakeReply::Kind::http_error) {
        response.status = reply.status;
        response.set_content(dump(error_json(reply)), "application/json");
        return;
    }
    if (reply.kind == FakeReply::Kind::raw_body) {
        response.set_content(reply.raw_body, "application/json");
        return;
    }
    if (reply.kind == FakeReply::Kind::endless_stream || reply.kind == FakeReply::Kind::endless_line) {
        response.set_chunked_content_provider("text/event-stream", [this, reply](std::size_t, httplib::DataSink& sink) {
            return write_endless(reply, sink);
        });
        return;
    }
    const json body = json::parse(request.body, nullptr, false);
    const bool stream = body.is_object() && body.value("stream", false);

    std::vector<std::string> parts;
    if (stream) {
        parts = stream_events(reply, body, request.body);
        if (reply.kind == FakeReply::Kind::malformed_json) {
            parts.insert(parts.begin() + 1, "data: {\"choices\": [not json\n\n");
        } else if (reply.kind == FakeReply::Kind::stream_error) {
            parts.insert(parts.begin() + static_cast<long>(parts.size() / 2), event(error_json(reply)));
        }
    } else if (reply.kind == FakeReply::Kind::malformed_json) {
        parts = {"{\"choices\": [not json"};
    } else if (reply.kind == FakeReply::Kind::stream_error) {
        parts = {dump(error_json(reply))};
    } else {
        // Split in two so the kinds that cut an answer in half work on plain bodies too.
        const std::string whole = completion_body(reply, request.body);
        parts = {whole.substr(0, whole.size() / 2), whole.substr(whole.size() / 2)};
    }
    const std::size_t half = std::max<std::size_t>(parts.size() / 2, 1);
    // A plain body has a Content-Length, so cutting it short is all "truncated" can mean there.
    auto writer = [this, reply, parts, half, stream](httplib::DataSink& sink) {
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (i == half) {
                switch (reply.kind) {
                case FakeReply::Kind::drop_connection:
                    return false;
                case FakeReply::Kind::truncated:
                    if (stream) {
                        sink.done();
                    }
                    return stream;
                case FakeReply::Kind::stall:
                    if (!sleep_unless_stopped(reply.stall_for)) {
                        return false;
                    }
                    break;
                default:
                    break;
                }
            }
            if (!write_in_chunks(sink, parts[i], reply.chunk_bytes)) {
                return false;
            }
        }
        if (stream) {
            sink.done();
        }
        return true;
    };
    if (stream) {
        response.set_chunked_content_provider("text/event-stream",
                                              [writer](std::size_t, httplib::DataSink& sink) { return writer(sink); });
    } else {
        std::size_t length = 0;
        for (const auto& part : parts) {
            length += part.size();
        }
        response.set_content_provider(
            length, "application/json",
            [writer](std::size_t, std::size_t, httplib::DataSink& sink) { return writer(sink); });
    }
}

} // namespace parley::testing
