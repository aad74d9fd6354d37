#include <catch2/catch.hpp>

#include <string>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "support/temp_dir.hpp"
#include "util/text_file.hpp"

using namespace parley;
using parley::testing::TempDir;

TEST_CASE("a FIFO with no writer is refused at once, never waited on", "[util][text_file]") {
    TempDir dir;
    const auto fifo = dir.path() / "problem.md";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    auto read = util::read_text_file(fifo, 1024);
    REQUIRE_FALSE(read);
    CHECK(read.error().kind == ErrorKind::invalid_input);
    CHECK(read.error().message == "cannot read " + fifo.string() + ": it is a FIFO (named pipe), not a regular file");
    CHECK_FALSE(util::check_input_path(fifo));
    CHECK_FALSE(util::check_output_path(fifo));
}

TEST_CASE("devices are refused, however endless", "[util][text_file]") {
    for (const char* device : {"/dev/zero", "/dev/null", "/dev/urandom"}) {
        auto read = util::read_text_file(device, 1024);
        REQUIRE_FALSE(read);
        CHECK(read.error().kind == ErrorKind::invalid_input);
        CHECK(read.error().message == std::string("cannot read ") + device + ": it is a device, not a regular file");
        CHECK_FALSE(util::check_output_path(device));
    }
}

TEST_CASE("a socket and a folder are named for what they are", "[util][text_file]") {
    TempDir dir;
    const auto path = dir.path() / "s.sock";
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::string name = path.string();
    REQUIRE(name.size() < sizeof address.sun_path);
    std::copy(name.begin(), name.end(), address.sun_path);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    auto read = util::read_text_file(path, 1024);
    ::close(fd);
    REQUIRE_FALSE(read);
    CHECK(read.error().message == "cannot read " + path.string() + ": it is a socket, not a regular file");

    auto folder = util::read_text_file(dir.path(), 1024);
    REQUIRE_FALSE(folder);
    CHECK(folder.error().message == "cannot read " + dir.path().string() + ": it is a folder");
    CHECK(util::check_input_path(dir.path(), util::InputKind::file_or_folder));
    CHECK_FALSE(util::check_input_path(dir.path(), util::InputKind::file));
}

TEST_CASE("a regular file over the limit is refused before it is read, one at the limit is read", "[util][text_file]") {
    TempDir dir;
    const auto big = dir.write("big.txt", std::string(4096, 'x'));
    auto read = util::read_text_file(big, 4095);
    REQUIRE_FALSE(read);
    CHECK(read.error().kind == ErrorKind::invalid_input);
    CHECK(read.error().message == big.string() + " is larger than the limit of 4095 bytes");
    CHECK(util::read_text_file(big, 4096).value().size() == 4096);
    // A link to a regular file is a regular file.
    const auto link = dir.path() / "link.txt";
    std::filesystem::create_symlink(big, link);
    CHECK(util::read_text_file(link, 4096).value().size() == 4096);
    CHECK(util::check_output_path(link));
    CHECK(util::check_output_path(dir.path() / "missing.txt"));
}
