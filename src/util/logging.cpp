#include "util/logging.hpp"

#include <cstdio>
#include <mutex>

#include <nlohmann/json.hpp>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "util/text_file.hpp"
#include "util/text_safety.hpp"
#include "util/timestamps.hpp"

namespace parley::util {

namespace {

std::mutex& console_writer_mutex() {
    static std::mutex mutex;
    return mutex;
}

ConsoleWriter& console_writer() {
    static ConsoleWriter writer;
    return writer;
}

// True when a writer took the line. The lock is held across the call, so a display that removes its writer is
// never called after it did.
bool write_to_console_writer(std::string_view line) {
    std::lock_guard lock(console_writer_mutex());
    if (!console_writer()) {
        return false;
    }
    console_writer()(line);
    return true;
}

// One JSON object per line, built with a real JSON writer so quotes, newlines and invalid UTF-8 in a
// message cannot break the file for the tools that read it.
class JsonLinesSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit JsonLinesSink(std::FILE* file) : file_(file) {}
    ~JsonLinesSink() override { std::fclose(file_); }
    JsonLinesSink(const JsonLinesSink&) = delete;
    JsonLinesSink& operator=(const JsonLinesSink&) = delete;

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        const auto level = spdlog::level::to_string_view(msg.level);
        const nlohmann::json line{{"time", format_iso8601(msg.time)},
                                  {"level", std::string(level.data(), level.size())},
                                  {"message", std::string(msg.payload.data(), msg.payload.size())}};
        const auto text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
        std::fwrite(text.data(), 1, text.size(), file_);
    }
    void flush_() override { std::fflush(file_); }

private:
    std::FILE* file_;
};

// The console sink behind a filter: log lines quote provider errors and answers, which must not drive the terminal.
class TerminalSafeSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit TerminalSafeSink(spdlog::sink_ptr console) : console_(std::move(console)) {}

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        const std::string safe = terminal_safe(std::string_view(msg.payload.data(), msg.payload.size()));
        const auto level = spdlog::level::to_string_view(msg.level);
        if (write_to_console_writer(std::string(level.data(), level.size()) + ": " + safe + "\n")) {
            return;
        }
        spdlog::details::log_msg copy = msg;
        copy.payload = spdlog::string_view_t(safe.data(), safe.size());
        console_->log(copy);
    }
    void flush_() override { console_->flush(); }

private:
    spdlog::sink_ptr console_;
};

} // namespace

void set_console_writer(ConsoleWriter writer) {
    std::lock_guard lock(console_writer_mutex());
    console_writer() = std::move(writer);
}

void write_console_line(std::string_view line) {
    if (!write_to_console_writer(line)) {
        std::fwrite(line.data(), 1, line.size(), stderr);
        std::fflush(stderr);
    }
}

Result<void> setup_logging(Verbosity verbosity, const std::string& json_log_file) {
    auto colour = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    colour->set_pattern("%^%l%$: %v");
    auto console = std::make_shared<TerminalSafeSink>(colour);
    switch (verbosity) {
    case Verbosity::quiet:
    case Verbosity::normal:
        // -q drops progress and the output paths, never warnings: a mistyped config key must still be seen.
        console->set_level(spdlog::level::warn);
        break;
    case Verbosity::verbose:
        console->set_level(spdlog::level::debug);
        break;
    }
    std::vector<spdlog::sink_ptr> sinks{console};
    if (!json_log_file.empty()) {
        // Opening a FIFO with no reader for writing would wait forever: anything but a regular file is refused.
        if (auto usable = check_output_path(json_log_file); !usable) {
            return fail(ErrorKind::invalid_input, "--log-file: " + usable.error().message);
        }
        std::FILE* file = std::fopen(json_log_file.c_str(), "a");
        if (!file) {
            return fail(ErrorKind::io, "--log-file " + json_log_file + ": cannot open for writing");
        }
        auto sink = std::make_shared<JsonLinesSink>(file);
        sink->set_level(spdlog::level::debug);
        sinks.push_back(sink);
    }
    auto logger = std::make_shared<spdlog::logger>("parley", sinks.begin(), sinks.end());
    logger->set_level(spdlog::level::debug);
    logger->flush_on(spdlog::level::debug);
    spdlog::set_default_logger(logger);
    return {};
}

} // namespace parley::util
