// libFuzzer entry point for the debate JSON loader; see tests/fuzz/CMakeLists.txt.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>

#include "support/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // One scratch file per fuzzing process, as load_debate reads a file.
    static const auto scratch =
        std::filesystem::temp_directory_path() / ("parley-fuzz-debate-" + std::to_string(::getpid()) + ".json");
    const auto broken =
        parley::testing::fuzz_debate_json(std::string_view(reinterpret_cast<const char*>(data), size), scratch);
    if (broken) {
        std::fprintf(stderr, "invariant broken: %s\n", broken->c_str());
        std::abort();
    }
    return 0;
}
