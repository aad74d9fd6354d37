#pragma once
// The simulation's random numbers: a small fast generator (xoshiro256**) seeded by splitmix64, so a run is the
// same on every machine and compiler for the same seed (the standard distributions are not).

#include <cmath>
#include <cstdint>

namespace parley::sim {

/// A deterministic pseudo-random generator with the draws the simulation needs.
class Random {
public:
    /// A generator whose whole sequence is fixed by `seed`.
    explicit Random(std::uint64_t seed) {
        for (auto& word : state_) {
            seed += 0x9e3779b97f4a7c15ULL;
            std::uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            word = z ^ (z >> 31);
        }
    }

    /// The next 64 random bits.
    std::uint64_t next() {
        const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
        const std::uint64_t t = state_[1] << 17;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = rotl(state_[3], 45);
        return result;
    }

    /// Uniform in (0, 1]: never 0, so its logarithm is finite.
    double uniform_open() { return (static_cast<double>(next() >> 11) + 1.0) * 0x1.0p-53; }

    /// Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

    /// Exponential with mean `mean`.
    double exponential(double mean) { return -mean * std::log(uniform_open()); }

    /// Standard normal (Marsaglia's polar method, which needs no sine or cosine; the second value of each pair is
    /// kept for the next call).
    double normal() {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        double u = 0;
        double v = 0;
        double s = 0;
        do {
            u = 2 * uniform() - 1;
            v = 2 * uniform() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        const double scale = std::sqrt(-2 * std::log(s) / s);
        spare_ = v * scale;
        has_spare_ = true;
        return u * scale;
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    std::uint64_t state_[4]{};
    double spare_ = 0;
    bool has_spare_ = false;
};

} // namespace parley::sim
