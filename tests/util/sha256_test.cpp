#include <catch2/catch.hpp>

#include <string>

#include "util/sha256.hpp"

using parley::util::Sha256;
using parley::util::sha256_hex;

// The vectors are those of FIPS 180-2, appendix B.

TEST_CASE("sha256 of \"abc\" is the FIPS 180-2 digest", "[util][sha256]") {
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("sha256 of the empty message is the known digest", "[util][sha256]") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("sha256 of the 448-bit two-block message is the FIPS 180-2 digest", "[util][sha256]") {
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("sha256 of a million 'a' fed in uneven pieces is the FIPS 180-2 digest", "[util][sha256]") {
    // Pieces that straddle the 64-byte block boundary exercise the hasher's buffering.
    const std::string piece(997, 'a');
    Sha256 hasher;
    std::size_t fed = 0;
    while (fed + piece.size() <= 1'000'000) {
        hasher.update(piece);
        fed += piece.size();
    }
    hasher.update(std::string(1'000'000 - fed, 'a'));
    CHECK(hasher.hex_digest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
