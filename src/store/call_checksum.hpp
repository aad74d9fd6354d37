#pragma once
// The checksum a journal keeps beside every call record, so damage inside a record (a flipped byte that SQLite's own
// checks pass, an edited cell) is found when the record is read instead of reaching a debate.

#include <string>

#include "store/call_record.hpp"

namespace parley::store {

/// SHA-256 (64 lower-case hex digits) over every field of `record`, the key included, each length-prefixed so no two
/// records share an encoding. Numbers are written exactly (doubles in their shortest round-trip form).
std::string call_checksum(const CallRecord& record);

} // namespace parley::store
