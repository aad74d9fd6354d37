#pragma once
// The fuzz targets: one untrusted-input loader each, run on arbitrary bytes. Shared by the seeded mutation loop in
// the test suite and the optional libFuzzer binaries (PARLEY_LIBFUZZER).

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::testing {

/// Runs the config loader on `data`; returns what broke an invariant (a message spanning lines or carrying raw
/// control characters, or one longer than a screen), or nothing. An escaping exception is a failure too.
std::optional<std::string> fuzz_config(std::string_view data);

/// Runs the debate JSON loader on `data` (written to `scratch` first, as a user's file would be) and, when it
/// loads, saves it and loads it back; returns what broke an invariant, or nothing.
std::optional<std::string> fuzz_debate_json(std::string_view data, const std::filesystem::path& scratch);

/// Runs the review's sentence splitter and the whole review on `data`; returns what broke an invariant (a span
/// outside the text, a one-line sentence whose text is not what its span covers, sentences out of order, evidence
/// with an impossible span), or nothing.
std::optional<std::string> fuzz_sentences(std::string_view data);

/// Runs the quantity reader (with statistics) on every line of `data`; returns what broke an invariant
/// (overlapping spans, a value that is not finite), or nothing.
std::optional<std::string> fuzz_quantities(std::string_view data);

/// The seed inputs of a target: every file in tests/fuzz/corpus/<target>/.
std::vector<std::string> fuzz_corpus(const std::filesystem::path& source_dir, const std::string& target);

/// A mutation of `input` in the manner of libFuzzer's: bytes flipped, inserted, erased, duplicated, JSON tokens and
/// boundary numbers spliced in, or a part of `other` crossed over. Deterministic for a given `random` state.
std::string mutate(const std::string& input, const std::string& other, unsigned long long& random);

} // namespace parley::testing
