#include "llm/sse_parser.hpp"

namespace parley::llm {

bool SseParser::within_bound(std::size_t more) {
    if (partial_line_.size() + pending_.data.size() + more > max_event_bytes_) {
        overflowed_ = true;
        partial_line_.clear();
        pending_.data.clear();
    }
    return !overflowed_;
}

bool SseParser::feed(std::string_view bytes, const SseEventHandler& on_event) {
    if (overflowed_) {
        return false;
    }
    if (after_cr_ && !bytes.empty() && bytes.front() == '\n') {
        bytes.remove_prefix(1);
    }
    after_cr_ = false;
    while (!bytes.empty()) {
        const auto end = bytes.find_first_of("\r\n");
        if (end == std::string_view::npos) {
            if (!within_bound(bytes.size())) {
                return false;
            }
            partial_line_.append(bytes);
            return true;
        }
        if (!within_bound(end)) {
            return false;
        }
        bool keep_going = true;
        if (partial_line_.empty()) {
            keep_going = take_line(bytes.substr(0, end), on_event);
        } else {
            partial_line_.append(bytes.substr(0, end));
            const std::string line = std::move(partial_line_);
            partial_line_.clear();
            keep_going = take_line(line, on_event);
        }
        if (bytes[end] == '\r') {
            if (end + 1 == bytes.size()) {
                after_cr_ = true;
            } else if (bytes[end + 1] == '\n') {
                bytes.remove_prefix(1);
            }
        }
        bytes.remove_prefix(end + 1);
        if (!keep_going) {
            return false;
        }
    }
    return true;
}

bool SseParser::take_line(std::string_view line, const SseEventHandler& on_event) {
    if (line.empty()) {
        bool keep_going = true;
        if (has_data_) {
            keep_going = on_event(pending_);
        }
        pending_.type.clear();
        pending_.data.clear();
        has_data_ = false;
        return keep_going;
    }
    if (line.front() == ':') {
        return true;
    }
    const auto colon = line.find(':');
    const std::string_view field = line.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') {
        value.remove_prefix(1);
    }
    if (field == "data") {
        if (has_data_) {
            pending_.data.push_back('\n');
        }
        pending_.data.append(value);
        has_data_ = true;
    } else if (field == "event") {
        pending_.type.assign(value);
    }
    // "id" and "retry" serve EventSource reconnection; a chat completion is never resumed, so they are dropped.
    return true;
}

} // namespace parley::llm
