#include "debate/call_events.hpp"

namespace parley::debate {

const char* to_string(CallEvent::Kind kind) {
    switch (kind) {
    case CallEvent::Kind::queued:
        return "queued";
    case CallEvent::Kind::started:
        return "started";
    case CallEvent::Kind::streaming:
        return "streaming";
    case CallEvent::Kind::retrying:
        return "retrying";
    case CallEvent::Kind::succeeded:
        return "succeeded";
    case CallEvent::Kind::failed:
        return "failed";
    case CallEvent::Kind::cancelled:
        return "cancelled";
    }
    return "queued";
}

} // namespace parley::debate
