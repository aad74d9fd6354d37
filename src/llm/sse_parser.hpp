#pragma once
// Incremental Server-Sent Events parsing: bytes in, however they were chunked; whole events out.

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
    /// Feeds the next bytes and dispatches every event they complete; false when a handler asked to stop.
    bool feed(std::string_view bytes, const SseEventHandler& on_event);

private:
    bool take_line(std::string_view line, const SseEventHandler& on_event);

    std::string partial_line_;
    bool after_cr_ = false; ///< the last byte seen was CR, so a leading LF in the next chunk ends nothing
    SseEvent pending_;
    bool has_data_ = false;
};

} // namespace parley::llm
