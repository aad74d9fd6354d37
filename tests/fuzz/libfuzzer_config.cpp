// libFuzzer entry point for the config loader; see tests/fuzz/CMakeLists.txt.

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "support/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto broken = parley::testing::fuzz_config(std::string_view(reinterpret_cast<const char*>(data), size));
    if (broken) {
        std::fprintf(stderr, "invariant broken: %s\n", broken->c_str());
        std::abort();
    }
    return 0;
}
