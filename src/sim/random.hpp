#pragma once
// The simulation's random numbers: a small fast generator (xoshiro256**) seeded by splitmix64, so a run is the
// same on every machine and compiler for the same seed (the standard distributions are not).

#include <cmath>
#include <cstddef>
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
    double uniform_open() { return (fraction(next()) + 1.0) * 0x1.0p-53; }

    /// Uniform in [0, 1).
    double uniform() { return fraction(next()) * 0x1.0p-53; }

    /// Exponential with mean `mean`, by the ziggurat (Marsaglia and Tsang 2000; 256 layers): nearly every draw is
    /// one random word, a table look-up and a multiplication, with no logarithm.
    double exponential(double mean) { return mean * standard_exponential(); }

    /// Standard normal, by the ziggurat (128 layers). The layer and the sign come from the low byte of a word, the
    /// position in the layer from its top 32 bits, so the two are independent.
    double normal() {
        const auto& t = tables();
        const std::uint64_t bits = next();
        const auto i = static_cast<std::size_t>(bits & 0x7f);
        const auto u = static_cast<std::uint32_t>(bits >> 32);
        if (u < t.normal_k[i]) {
            const double x = static_cast<double>(u) * t.normal_w[i];
            return (bits & 0x80) != 0 ? -x : x;
        }
        return normal_beyond(bits);
    }

private:
    static constexpr double kNormalR = 3.442619855899;      ///< the edge of the normal ziggurat's base layer
    static constexpr double kNormalV = 9.91256303526217e-3; ///< the area of each normal layer
    static constexpr double kExpR = 7.697117470131487;      ///< the edge of the exponential ziggurat's base layer
    static constexpr double kExpV = 3.949659822581572e-3;   ///< the area of each exponential layer
    static constexpr double kTwo32 = 4294967296.0;

    /// The ziggurats' layers: k the bound under which a draw is inside the layer's rectangle, w the scale from
    /// 32 random bits to x, f the density at the layer's edge.
    struct Tables {
        std::uint32_t normal_k[128];
        double normal_w[128];
        double normal_f[128];
        std::uint32_t exp_k[256];
        double exp_w[256];
        double exp_f[256];

        Tables() {
            double d = kNormalR;
            double previous = d;
            const double q = kNormalV / std::exp(-0.5 * d * d);
            normal_k[0] = static_cast<std::uint32_t>(d / q * kTwo32);
            normal_k[1] = 0;
            normal_w[0] = q / kTwo32;
            normal_w[127] = d / kTwo32;
            normal_f[0] = 1;
            normal_f[127] = std::exp(-0.5 * d * d);
            for (int i = 126; i >= 1; --i) {
                d = std::sqrt(-2 * std::log(kNormalV / d + std::exp(-0.5 * d * d)));
                normal_k[i + 1] = static_cast<std::uint32_t>(d / previous * kTwo32);
                previous = d;
                normal_f[i] = std::exp(-0.5 * d * d);
                normal_w[i] = d / kTwo32;
            }
            d = kExpR;
            previous = d;
            const double qe = kExpV / std::exp(-d);
            exp_k[0] = static_cast<std::uint32_t>(d / qe * kTwo32);
            exp_k[1] = 0;
            exp_w[0] = qe / kTwo32;
            exp_w[255] = d / kTwo32;
            exp_f[0] = 1;
            exp_f[255] = std::exp(-d);
            for (int i = 254; i >= 1; --i) {
                d = -std::log(kExpV / d + std::exp(-d));
                exp_k[i + 1] = static_cast<std::uint32_t>(d / previous * kTwo32);
                previous = d;
                exp_f[i] = std::exp(-d);
                exp_w[i] = d / kTwo32;
            }
        }
    };

    static const Tables& tables() {
        static const Tables t;
        return t;
    }

    double standard_exponential() {
        const auto& t = tables();
        const std::uint64_t bits = next();
        const auto i = static_cast<std::size_t>(bits & 0xff);
        const auto u = static_cast<std::uint32_t>(bits >> 32);
        if (u < t.exp_k[i]) {
            return static_cast<double>(u) * t.exp_w[i];
        }
        return exponential_beyond(bits);
    }

    // A draw outside its layer's rectangle (about 1 in 100): the tail, a draw under the density's curve, or another
    // try. Kept out of line so that the common case inlines.
    [[gnu::noinline]] double normal_beyond(std::uint64_t bits) {
        const auto& t = tables();
        while (true) {
            const auto i = static_cast<std::size_t>(bits & 0x7f);
            const double sign = (bits & 0x80) != 0 ? -1.0 : 1.0;
            const auto u = static_cast<std::uint32_t>(bits >> 32);
            const double x = static_cast<double>(u) * t.normal_w[i];
            if (u < t.normal_k[i]) {
                return sign * x;
            }
            if (i == 0) {
                // The tail beyond the base layer's edge r: Marsaglia's method.
                double tail = 0;
                double y = 0;
                do {
                    tail = -std::log(uniform_open()) / kNormalR;
                    y = -std::log(uniform_open());
                } while (y + y < tail * tail);
                return sign * (kNormalR + tail);
            }
            if (t.normal_f[i] + uniform() * (t.normal_f[i - 1] - t.normal_f[i]) < std::exp(-0.5 * x * x)) {
                return sign * x;
            }
            bits = next();
        }
    }

    [[gnu::noinline]] double exponential_beyond(std::uint64_t bits) {
        const auto& t = tables();
        while (true) {
            const auto i = static_cast<std::size_t>(bits & 0xff);
            const auto u = static_cast<std::uint32_t>(bits >> 32);
            const double x = static_cast<double>(u) * t.exp_w[i];
            if (u < t.exp_k[i]) {
                return x;
            }
            if (i == 0) {
                return kExpR - std::log(uniform_open()); // the tail past r is r plus an exponential
            }
            if (t.exp_f[i] + uniform() * (t.exp_f[i - 1] - t.exp_f[i]) < std::exp(-x)) {
                return x;
            }
            bits = next();
        }
    }

    // The top 53 bits as a double: through a signed integer, one instruction (an unsigned conversion is several).
    static double fraction(std::uint64_t bits) { return static_cast<double>(static_cast<std::int64_t>(bits >> 11)); }

    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    std::uint64_t state_[4]{};
};

} // namespace parley::sim
