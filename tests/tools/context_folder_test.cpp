#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include "support/temp_dir.hpp"
#include "tools/context_folder.hpp"

namespace fs = std::filesystem;
using parley::testing::TempDir;
using parley::tools::ContextFolder;

namespace {

// A context folder with one document, beside a secret that lies outside it.
struct Fixture {
    TempDir temp;
    fs::path folder = temp.path() / "context";
    ContextFolder open() const { return *ContextFolder::open(folder); }

    Fixture() {
        fs::create_directories(folder / "docs");
        temp.write("context/docs/capacity.md", "peak: 1200 jobs/s\n");
        temp.write("outside.txt", "OUTSIDE SECRET\n");
    }
};

void require_refused(const ContextFolder& folder, const std::string& path, const std::string& why) {
    INFO(path);
    const auto read = folder.read(path);
    REQUIRE_FALSE(read.has_value());
    REQUIRE_THAT(read.error().message, Catch::Contains(why));
    REQUIRE(read.error().message.find("OUTSIDE") == std::string::npos);
}

} // namespace

TEST_CASE("a file inside the context folder is read with its hash", "[tools][folder]") {
    Fixture f;
    const auto read = f.open().read("docs/capacity.md");
    REQUIRE(read.has_value());
    REQUIRE(read->text == "peak: 1200 jobs/s\n");
    REQUIRE(read->path == "docs/capacity.md");
    REQUIRE(read->sha256.size() == 64);
    REQUIRE(f.open().read("./docs//capacity.md").has_value());
}

TEST_CASE("dot-dot, absolute paths and empty paths never leave the folder", "[tools][folder]") {
    Fixture f;
    const auto folder = f.open();
    require_refused(folder, "../outside.txt", "`..`");
    require_refused(folder, "docs/../../outside.txt", "`..`");
    require_refused(folder, "docs/..", "`..`");
    require_refused(folder, (f.temp.path() / "outside.txt").string(), "absolute");
    require_refused(folder, "/etc/passwd", "absolute");
    require_refused(folder, "", "relative");
    require_refused(folder, std::string("docs\0x", 6), "NUL");
}

TEST_CASE("links are resolved before the containment check", "[tools][folder]") {
    Fixture f;
    fs::create_symlink(f.temp.path() / "outside.txt", f.folder / "file-link.md");
    fs::create_symlink(f.temp.path(), f.folder / "dir-link");
    fs::create_symlink("docs/../../outside.txt", f.folder / "relative-link.md");
    fs::create_symlink("file-link.md", f.folder / "chain.md");
    fs::create_symlink("/etc/passwd", f.folder / "passwd");
    const auto folder = f.open();
    require_refused(folder, "file-link.md", "outside");
    require_refused(folder, "dir-link/outside.txt", "outside");
    require_refused(folder, "relative-link.md", "outside");
    require_refused(folder, "chain.md", "outside");
    require_refused(folder, "passwd", "outside");
    // A link that stays inside is followed.
    fs::create_symlink("docs/capacity.md", f.folder / "inside-link.md");
    REQUIRE(folder.read("inside-link.md").has_value());
}

TEST_CASE("a link to a secret file inside the folder is refused by its target's name", "[tools][folder]") {
    Fixture f;
    f.temp.write("context/.env", "OPENAI_API_KEY=sk-live-0123456789abcdefghijkl\n");
    fs::create_symlink(".env", f.folder / "notes.md");
    const auto folder = f.open();
    require_refused(folder, ".env", "environment file");
    require_refused(folder, "notes.md", "environment file");
}

TEST_CASE("a context folder opened through a link is checked by its real path", "[tools][folder]") {
    Fixture f;
    fs::create_symlink(f.folder, f.temp.path() / "alias");
    const auto folder = *ContextFolder::open(f.temp.path() / "alias");
    REQUIRE(folder.read("docs/capacity.md").has_value());
    require_refused(folder, "../outside.txt", "`..`");
}

TEST_CASE("FIFOs, sockets and devices are never opened", "[tools][folder]") {
    Fixture f;
    REQUIRE(::mkfifo((f.folder / "pipe").c_str(), 0600) == 0);
    const auto folder = f.open();
    require_refused(folder, "pipe", "FIFO");
    require_refused(folder, "docs", "folder");

    const int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
    REQUIRE(sock >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::string socket_path = (f.folder / "s").string();
    REQUIRE(socket_path.size() < sizeof address.sun_path);
    std::copy(socket_path.begin(), socket_path.end(), address.sun_path);
    REQUIRE(::bind(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    require_refused(folder, "s", "socket");
    ::close(sock);

    // A device node needs privileges to make; where it can be made, it is refused like the others.
    if (::mknod((f.folder / "null").c_str(), S_IFCHR | 0600, makedev(1, 3)) == 0) {
        require_refused(folder, "null", "device");
    }
    fs::create_symlink("/dev/zero", f.folder / "zero");
    require_refused(folder, "zero", "outside");
}

TEST_CASE("binary and oversized files are refused", "[tools][folder]") {
    Fixture f;
    f.temp.write("context/image.png", std::string("\x89PNG\r\n\x1a\n\0\0", 10));
    f.temp.write("context/latin1.txt", "caf\xe9\n");
    f.temp.write("context/big.log", std::string(parley::tools::kMaxFileBytes + 1, 'a'));
    const auto folder = f.open();
    require_refused(folder, "image.png", "binary");
    require_refused(folder, "latin1.txt", "binary");
    require_refused(folder, "big.log", "cap");
}

TEST_CASE("a listing withholds secret files, .git and links leading outside", "[tools][folder]") {
    Fixture f;
    f.temp.write("context/.env", "KEY=1\n");
    f.temp.write("context/.git/config", "[remote]\n");
    f.temp.write("context/deploy/id_rsa", "key\n");
    f.temp.write("context/deep/a/b/c/d.md", "deep\n");
    fs::create_symlink(f.temp.path() / "outside.txt", f.folder / "escape.md");
    const auto listing = f.open().list("", 3);
    REQUIRE(listing.has_value());
    std::vector<std::string> paths;
    for (const auto& entry : listing->files) {
        paths.push_back(entry.path);
    }
    REQUIRE(paths == std::vector<std::string>{"docs/capacity.md"});
    REQUIRE(listing->withheld == 4); // .env, .git/, id_rsa, escape.md
    REQUIRE(f.open().list("deep", 16)->files.size() == 1);
    REQUIRE_FALSE(f.open().list("..", 3).has_value());
}

TEST_CASE("a folder that is not there or is a file is refused when opened", "[tools][folder]") {
    Fixture f;
    REQUIRE_FALSE(ContextFolder::open(f.temp.path() / "missing").has_value());
    REQUIRE_FALSE(ContextFolder::open(f.temp.path() / "outside.txt").has_value());
}
