#pragma once
// Streaming percentiles: a log-linear histogram (as HdrHistogram buckets values) whose memory is fixed by its
// range and precision, never by how many values it counted.

#include <cstdint>
#include <cstring>
#include <vector>

namespace parley::sim {

/// Counts non-negative durations in seconds, 2^kSubBits buckets per power of two, between 2^kMinExp and
/// 2^kMaxExp seconds; a quantile is read back within 2^-(kSubBits+1) of the value (relative), values under
/// 2^kMinExp read as 0 and values over 2^kMaxExp as 2^kMaxExp. A bucket counts to 2^32 - 1: a run counts at most
/// kMaxExpectedJobs (5×10⁸) values, and half the bytes keep more of the histograms in cache.
template <int kSubBits, int kMinExp, int kMaxExp> class LogHistogram {
public:
    static constexpr int kBuckets = 1 + (kMaxExp - kMinExp) * (1 << kSubBits);

    LogHistogram() : counts_(kBuckets, 0) {}

    /// Counts one value.
    void add(double seconds) { ++counts_[index(seconds)]; }

    /// Adds every count of `other`.
    void merge(const LogHistogram& other) {
        for (int i = 0; i < kBuckets; ++i) {
            counts_[static_cast<std::size_t>(i)] += other.counts_[static_cast<std::size_t>(i)];
        }
    }

    /// How many values were counted.
    std::uint64_t count() const {
        std::uint64_t total = 0;
        for (auto c : counts_) {
            total += c;
        }
        return total;
    }

    /// The `q` quantile (0 < q <= 1) of the counted values (the middle of its bucket); 0 when none were counted.
    double quantile(double q) const {
        const std::uint64_t total = count();
        if (total == 0) {
            return 0;
        }
        auto rank = static_cast<std::uint64_t>(q * static_cast<double>(total) + 0.999999);
        rank = rank < 1 ? 1 : (rank > total ? total : rank);
        std::uint64_t seen = 0;
        for (int i = 0; i < kBuckets; ++i) {
            seen += counts_[static_cast<std::size_t>(i)];
            if (seen >= rank) {
                return middle(i);
            }
        }
        return middle(kBuckets - 1);
    }

private:
    static constexpr std::uint64_t kMinBits = static_cast<std::uint64_t>(1023 + kMinExp) << 52;

    // The bucket of a value: the exponent and the top kSubBits of the mantissa of the double, read as one integer.
    static int index(double seconds) {
        if (!(seconds >= 0x1.0p0 / static_cast<double>(1ULL << -kMinExp))) {
            return 0;
        }
        std::uint64_t bits = 0;
        std::memcpy(&bits, &seconds, sizeof bits);
        const auto i = static_cast<std::int64_t>((bits - kMinBits) >> (52 - kSubBits)) + 1;
        return i >= kBuckets ? kBuckets - 1 : static_cast<int>(i);
    }

    static double lower(int i) {
        const std::uint64_t bits = kMinBits + (static_cast<std::uint64_t>(i - 1) << (52 - kSubBits));
        double value = 0;
        std::memcpy(&value, &bits, sizeof value);
        return value;
    }

    static double middle(int i) {
        return i == 0 ? 0.0 : (i == kBuckets - 1 ? lower(i) : (lower(i) + lower(i + 1)) / 2);
    }

    std::vector<std::uint32_t> counts_;
};

/// The whole run's waits and latencies: 0.4% precision from 1 µs to 136 years.
using FineHistogram = LogHistogram<7, -20, 32>;

/// One time bucket's waits and latencies: 3% precision from 0.25 ms to 8.5 years.
using CoarseHistogram = LogHistogram<4, -12, 28>;

} // namespace parley::sim
