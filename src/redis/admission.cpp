#include "redis/admission.hpp"

#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <random>

#include <spdlog/spdlog.h>

namespace parley::sweep {

namespace {

// Buckets are kept in microseconds of the Redis server's clock, so machines with skewed clocks still agree.
// Numbers are written with %.17g: Lua's own tostring keeps only 14 digits, which would round the time.
constexpr std::string_view kBucketLua = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local function num(x) return string.format('%.17g', x) end
local function load(p, rate, cap)
  local level = tonumber(redis.call('HGET', KEYS[1], p .. 'l'))
  local at = tonumber(redis.call('HGET', KEYS[1], p .. 'a'))
  if not level or not at then level = cap; at = now end
  if now > at then level = math.min(cap, level + (now - at) * rate); at = now end
  return level, at
end
local function store(p, level, at) redis.call('HSET', KEYS[1], p .. 'l', num(level), p .. 'a', num(at)) end
)lua";

constexpr std::string_view kAcquireBody = R"lua(
local rr, rc, tr, tc = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local cost, cap, slot, lease = tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[7], tonumber(ARGV[8])
local ready = now
local rl, ra, tl, ta
local function wait_for(level, at, want, rate)
  if level >= want and now >= at then return now end
  return math.max(now, at) + math.max(0, want - level) / rate
end
if rr > 0 then
  rl, ra = load('r', rr, rc)
  ready = math.max(ready, wait_for(rl, ra, math.min(1, rc), rr))
end
if tr > 0 then
  tl, ta = load('t', tr, tc)
  ready = math.max(ready, wait_for(tl, ta, math.min(cost, tc), tr))
end
if ready > now then return {0, math.ceil(ready - now)} end
if cap > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', num(now))
  if redis.call('ZCARD', KEYS[2]) >= cap then
    local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
    local until_free = 25000
    if #first == 2 then until_free = math.min(until_free, math.max(1000, tonumber(first[2]) - now)) end
    return {0, math.ceil(until_free)}
  end
  redis.call('ZADD', KEYS[2], num(now + lease), slot)
end
if rr > 0 then store('r', rl - 1, ra) end
if tr > 0 then store('t', tl - cost, ta) end
return {1, 0}
)lua";

constexpr std::string_view kReleaseBody = R"lua(
if ARGV[6] ~= '' then redis.call('ZREM', KEYS[2], ARGV[6]) end
local tr, tc = tonumber(ARGV[1]), tonumber(ARGV[2])
if tr > 0 and ARGV[4] ~= '' then
  local estimated, actual = tonumber(ARGV[3]), tonumber(ARGV[4])
  local level, at = load('t', tr, tc)
  if actual < estimated then level = math.min(tc, level + estimated - actual) else level = level - (actual - estimated) end
  store('t', level, at)
end
return 1
)lua";

constexpr std::string_view kReportBody = R"lua(
local function tighten(p, rate, cap, remaining, reset)
  local level, at = load(p, rate, cap)
  level = math.min(level, remaining)
  if remaining < 1 and reset then
    level = math.min(level, 0)
    local reset_at = now + reset
    at = math.max(at, reset_at - (1 - level) / rate)
  end
  store(p, level, at)
end
if tonumber(ARGV[1]) > 0 and ARGV[3] ~= '' then
  tighten('r', tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]))
end
if tonumber(ARGV[5]) > 0 and ARGV[7] ~= '' then
  tighten('t', tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8]))
end
return 1
)lua";

constexpr std::string_view kRenewSlotsBody = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', string.format('%.17g', now + tonumber(ARGV[1])), ARGV[i]) end
return 1
)lua";

const std::string kAcquireScript = std::string(kBucketLua) + std::string(kAcquireBody);
const std::string kReleaseScript = std::string(kBucketLua) + std::string(kReleaseBody);
const std::string kReportScript = std::string(kBucketLua) + std::string(kReportBody);

constexpr double kMicrosPerMinute = 60e6;

// The same bucket size the local limiter uses: the burst, or one second's worth, never below 1.
double bucket_size(const queue::RateLimit& limit) {
    return std::max(1.0, limit.burst > 0 ? limit.burst : limit.per_minute / 60);
}

std::string number(double value) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    return buffer;
}

std::string rate_per_us(const std::optional<queue::RateLimit>& limit) {
    return limit ? number(limit->per_minute / kMicrosPerMinute) : "0";
}

std::string capacity(const std::optional<queue::RateLimit>& limit) {
    return limit ? number(bucket_size(*limit)) : "0";
}

std::string micros(const std::optional<queue::Duration>& duration) {
    if (!duration) {
        return "";
    }
    return number(static_cast<double>(std::chrono::duration_cast<std::chrono::microseconds>(*duration).count()));
}

std::string instance_id() {
    std::random_device device;
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%08x%08x", device(), device());
    return buffer;
}

} // namespace

RedisAdmission::RedisAdmission(std::shared_ptr<RedisConnection> connection, std::string lane, SharedLaneLimits limits,
                               std::string prefix)
    : connection_(std::move(connection)), lane_(std::move(lane)), limits_(limits),
      bucket_key_(prefix + ":rate:" + lane_), slots_key_(prefix + ":slots:" + lane_), instance_(instance_id()) {
    if (limits_.max_in_flight) {
        renewer_ = std::jthread([this](std::stop_token stop) { renew_slots(std::move(stop)); });
    }
}

RedisAdmission::~RedisAdmission() = default;

void RedisAdmission::warn_unreachable(const Error& error) {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (now - last_warning_ >= std::chrono::seconds(10)) {
        last_warning_ = now;
        spdlog::warn("shared rate limit of lane '{}' not reachable, admitting nothing until it is: {}", lane_,
                     error.message);
    }
}

std::optional<queue::TimePoint> RedisAdmission::try_acquire(double cost, queue::TimePoint now) {
    std::string slot;
    if (limits_.max_in_flight) {
        std::lock_guard lock(mutex_);
        slot = instance_ + ":" + std::to_string(next_slot_++);
    }
    auto reply = connection_->eval(
        RedisScript{"rate limit", kAcquireScript}, {bucket_key_, slots_key_},
        {rate_per_us(limits_.requests), capacity(limits_.requests), rate_per_us(limits_.tokens),
         capacity(limits_.tokens), number(std::max(0.0, cost)), std::to_string(limits_.max_in_flight.value_or(0)), slot,
         std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(limits_.slot_lease).count())});
    if (!reply) {
        warn_unreachable(reply.error());
        return now + std::chrono::seconds(1);
    }
    if (reply->elements.size() < 2) {
        warn_unreachable(fail(ErrorKind::io, "unexpected reply from the rate-limit script").value());
        return now + std::chrono::seconds(1);
    }
    if (reply->elements[0].integer == 0) {
        return now + std::chrono::microseconds(std::max<long long>(reply->elements[1].integer, 1));
    }
    if (!slot.empty()) {
        std::lock_guard lock(mutex_);
        held_.push_back(std::move(slot));
    }
    return std::nullopt;
}

void RedisAdmission::release(double estimated_cost, std::optional<double> actual_cost) {
    std::string slot;
    {
        std::lock_guard lock(mutex_);
        if (!held_.empty()) {
            slot = std::move(held_.front());
            held_.pop_front();
        }
    }
    if (slot.empty() && (!actual_cost || !limits_.tokens)) {
        return;
    }
    auto reply = connection_->eval(RedisScript{"rate limit release", kReleaseScript}, {bucket_key_, slots_key_},
                                   {rate_per_us(limits_.tokens), capacity(limits_.tokens), number(estimated_cost),
                                    actual_cost ? number(*actual_cost) : "", "", slot});
    if (!reply) {
        // The slot lapses by itself after its lease; an unsettled estimate only errs on the safe side.
        warn_unreachable(reply.error());
    }
}

void RedisAdmission::report(const queue::RateSignals& signals, queue::TimePoint) {
    const bool requests = limits_.requests && signals.remaining_requests;
    const bool tokens = limits_.tokens && signals.remaining_tokens;
    if (!requests && !tokens) {
        return;
    }
    auto reply = connection_->eval(RedisScript{"rate limit report", kReportScript}, {bucket_key_},
                                   {rate_per_us(limits_.requests), capacity(limits_.requests),
                                    requests ? number(*signals.remaining_requests) : "", micros(signals.reset_requests),
                                    rate_per_us(limits_.tokens), capacity(limits_.tokens),
                                    tokens ? number(*signals.remaining_tokens) : "", micros(signals.reset_tokens)});
    if (!reply) {
        warn_unreachable(reply.error());
    }
}

std::size_t RedisAdmission::slots_held() const {
    std::lock_guard lock(mutex_);
    return held_.size();
}

void RedisAdmission::renew_slots(std::stop_token stop) {
    std::mutex sleep_mutex;
    std::condition_variable_any sleeper;
    const auto every = std::max(limits_.slot_lease / 3, std::chrono::milliseconds(1));
    for (;;) {
        {
            std::unique_lock sleep_lock(sleep_mutex);
            if (sleeper.wait_for(sleep_lock, stop, every, [] { return false; }) || stop.stop_requested()) {
                return;
            }
        }
        std::vector<std::string> args{
            std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(limits_.slot_lease).count())};
        {
            std::lock_guard lock(mutex_);
            args.insert(args.end(), held_.begin(), held_.end());
        }
        if (args.size() == 1) {
            continue;
        }
        auto reply = connection_->eval(RedisScript{"slot renewal", kRenewSlotsBody}, {slots_key_}, args);
        if (!reply) {
            warn_unreachable(reply.error());
        }
    }
}

} // namespace parley::sweep
