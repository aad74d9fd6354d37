#pragma once
// Incremental Server-Sent Events parsing: bytes in, however they were chunked; whole events out.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace parley::llm {

/// One dispatched SSE event.
struct SseEvent {
    std::string type; ///< the "event:" field; empty means the default "message"
    std::string data; ///< the "data:" lines joined with '\n'
};

/// Called for each complete event; returning false stops the parse.
using SseEventHandler = std::function<bool(const SseEvent& event)>;

/// Turns a byte stream into SSE events by the WHATWG rules. A chunk may end anywhere, even between the CR and
/// LF of one line ending, so the parser carries the partial line and the pending event between calls.
class SseParser {
public:
    /// A parser holding at most `max_event_bytes` of one unfinished line or event (a server's line that never
    /// ends must not grow memory without bound).
    explicit SseParser(std::size_t max_event_bytes = kDefaultMaxEventBytes) : max_event_bytes_(max_event_bytes) {}

    /// The bound of a default-built parser.
    static constexpr std::size_t kDefaultMaxEventBytes = std::size_t{4} << 20;

    /// Feeds the next bytes and dispatches every event they complete; false when a handler asked to stop or a
    /// line or event grew past the bound (then overflowed() is true and nothing more is parsed).
    bool feed(std::string_view bytes, const SseEventHandler& on_event);

    /// True once a line or an event was longer than the bound.
    bool overflowed() const { return overflowed_; }

private:
    bool take_line(std::string_view line, const SseEventHandler& on_event);
    bool within_bound(std::size_t more);

    std::size_t max_event_bytes_;
    bool overflowed_ = false;
    std::string partial_line_;
    bool after_cr_ = false; ///< the last byte seen was CR, so a leading LF in the next chunk ends nothing
    SseEvent pending_;
    bool has_data_ = false;
};

} // namespace parley::llm
