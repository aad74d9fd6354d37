#include "queue/metrics.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace parley::queue {

namespace {

double to_ms(Duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

} // namespace

// Values below 2^kSubBits get a bucket each; above, each power of two is split into kSubCount equal parts.
std::size_t Histogram::bucket_of(std::uint64_t value) {
    if (value < kSubCount) {
        return static_cast<std::size_t>(value);
    }
    const int top = static_cast<int>(std::bit_width(value)) - 1;
    const int shift = top - kSubBits;
    const std::uint64_t sub = (value >> shift) & (kSubCount - 1);
    return static_cast<std::size_t>((static_cast<std::uint64_t>(shift + 1) << kSubBits) + sub);
}

// The middle of a bucket's range, so the reported value is within half a bucket of every value in it.
std::uint64_t Histogram::bucket_value(std::size_t bucket) {
    if (bucket < kSubCount) {
        return bucket;
    }
    const int shift = static_cast<int>(bucket >> kSubBits) - 1;
    const std::uint64_t sub = bucket & (kSubCount - 1);
    const std::uint64_t low = (kSubCount + sub) << shift;
    return low + ((std::uint64_t{1} << shift) >> 1);
}

void Histogram::record(Duration value) {
    const auto ns = static_cast<std::uint64_t>(std::max<Duration::rep>(value.count(), 0));
    ++buckets_[bucket_of(ns)];
    ++count_;
    max_ = std::max(max_, Duration{static_cast<Duration::rep>(ns)});
}

void Histogram::merge(const Histogram& other) {
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
        buckets_[i] += other.buckets_[i];
    }
    count_ += other.count_;
    max_ = std::max(max_, other.max_);
}

Duration Histogram::percentile(double q) const {
    if (count_ == 0) {
        return Duration::zero();
    }
    const auto rank = static_cast<std::uint64_t>(std::ceil(std::clamp(q, 0.0, 1.0) * static_cast<double>(count_)));
    if (rank >= count_) {
        return max_;
    }
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
        seen += buckets_[i];
        if (seen >= std::max<std::uint64_t>(rank, 1)) {
            return std::min(max_, Duration{static_cast<Duration::rep>(bucket_value(i))});
        }
    }
    return max_;
}

nlohmann::json Histogram::to_json() const {
    return {{"count", count_},
            {"p50_ms", to_ms(percentile(0.50))},
            {"p95_ms", to_ms(percentile(0.95))},
            {"p99_ms", to_ms(percentile(0.99))},
            {"max_ms", to_ms(max_)}};
}

void Counters::merge(const Counters& other) {
    submitted += other.submitted;
    started += other.started;
    succeeded += other.succeeded;
    retried += other.retried;
    failed += other.failed;
    dead_lettered += other.dead_lettered;
    cancelled += other.cancelled;
    rejected += other.rejected;
    coalesced += other.coalesced;
    cache_hits += other.cache_hits;
    store_errors += other.store_errors;
}

nlohmann::json Counters::to_json() const {
    return {{"submitted", submitted},
            {"started", started},
            {"succeeded", succeeded},
            {"retried", retried},
            {"failed", failed},
            {"dead_lettered", dead_lettered},
            {"cancelled", cancelled},
            {"rejected", rejected},
            {"coalesced", coalesced},
            {"cache_hits", cache_hits},
            {"store_errors", store_errors}};
}

void LaneMetrics::merge(const LaneMetrics& other) {
    counters.merge(other.counters);
    depth += other.depth;
    running += other.running;
    wait.merge(other.wait);
    run.merge(other.run);
}

nlohmann::json LaneMetrics::to_json() const {
    nlohmann::json out = counters.to_json();
    out["depth"] = depth;
    out["running"] = running;
    out["wait"] = wait.to_json();
    out["run"] = run.to_json();
    return out;
}

nlohmann::json MetricsSnapshot::to_json() const {
    nlohmann::json lanes_json = nlohmann::json::object();
    for (const auto& [name, lane] : lanes) {
        nlohmann::json entry = lane.to_json();
        if (auto it = breakers.find(name); it != breakers.end()) {
            entry["breaker"] = it->second;
        }
        lanes_json[name] = std::move(entry);
    }
    return {{"total", total.to_json()}, {"lanes", std::move(lanes_json)}};
}

} // namespace parley::queue
