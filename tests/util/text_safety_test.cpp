#include <catch2/catch.hpp>

#include "util/text_safety.hpp"

using namespace parley::util;

namespace {

// True when `text` holds no byte a terminal acts on: no C0 control but newline and tab, no DEL, no C1 control
// (UTF-8 C2 80..C2 9F), no bidi override.
bool inert(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
            return false;
        }
        if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
            return false;
        }
        if (text.substr(i, 2) == "\xe2\x80" && i + 2 < text.size()) {
            const auto third = static_cast<unsigned char>(text[i + 2]);
            if (third >= 0xAA && third <= 0xAE) {
                return false;
            }
        }
    }
    return true;
}

} // namespace

TEST_CASE("escape sequences print as inert text", "[util][terminal]") {
    CHECK(terminal_safe("\x1b]0;pwned\x07title") == "\\x1b]0;pwned\\x07title");
    CHECK(terminal_safe("\x1b[2Jclear") == "\\x1b[2Jclear");
    CHECK(terminal_safe("a\x1b\\b") == "a\\x1b\\b");
}

TEST_CASE("C1 controls and DEL are shown escaped", "[util][terminal]") {
    CHECK(terminal_safe("x\xc2\x9b"
                        "31my") == "x\\u009b31my");
    CHECK(terminal_safe("x\xc2\x85y\x7f") == "x\\u0085y\\x7f");
    CHECK(terminal_safe(std::string_view("\x00z", 2)) == "\\x00z");
}

TEST_CASE("invalid UTF-8 becomes U+FFFD", "[util][terminal]") {
    CHECK(terminal_safe("ab\xff"
                        "c") == "ab\xef\xbf\xbd"
                                "c");
    CHECK(terminal_safe("\xc0\xaf") == "\xef\xbf\xbd");
    CHECK(terminal_safe("end\xe2\x82") == "end\xef\xbf\xbd");
}

TEST_CASE("bidi overrides and isolates are shown escaped", "[util][terminal]") {
    CHECK(terminal_safe("a\xe2\x80\xae"
                        "b") == "a\\u202eb");
    CHECK(terminal_safe("\xe2\x81\xa6x\xe2\x81\xa9") == "\\u2066x\\u2069");
    CHECK(terminal_safe("\xe2\x80\x8fy") == "\\u200fy");
}

TEST_CASE("line breaks stay in multi-line text, a lone CR does not", "[util][terminal]") {
    CHECK(terminal_safe("one\r\ntwo\n\tthree") == "one\ntwo\n\tthree");
    CHECK(terminal_safe("fake\rover") == "fake\\x0dover");
}

TEST_CASE("one-line text joins blanks into single spaces", "[util][terminal]") {
    CHECK(terminal_safe("  a\nb\t\tc \r\n", LineBreaks::join) == "a b c");
    CHECK(terminal_safe("x\x1b[1my", LineBreaks::join) == "x\\x1b[1my");
}

TEST_CASE("valid text of any script passes unchanged", "[util][terminal]") {
    const std::string text = "h\xc3\xa9llo \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 [x](y) \\ \"q\"";
    CHECK(terminal_safe(text) == text);
}

TEST_CASE("every byte string comes out inert", "[util][terminal]") {
    std::string all;
    for (int a = 0; a < 256; ++a) {
        all.push_back(static_cast<char>(a));
        all.push_back('\xc2');
        all.push_back(static_cast<char>(a));
        all += "\xe2\x80";
        all.push_back(static_cast<char>(a));
    }
    CHECK(inert(terminal_safe(all)));
    CHECK(inert(terminal_safe(all, LineBreaks::join)));
}

// --- message quoting ---

TEST_CASE("a short value is quoted whole", "[util][quote]") {
    CHECK(quote_value("abc") == "\"abc\"");
    CHECK(quote_value("") == "\"\"");
    CHECK(quote_value("café") == "\"café\"");
}

TEST_CASE("a quoted value escapes line breaks, quotes and control characters", "[util][quote]") {
    CHECK(quote_value("a\nb") == "\"a\\nb\"");
    CHECK(quote_value("say \"hi\"\\") == "\"say \\\"hi\\\"\\\\\"");
    CHECK(quote_value("\x1b]0;owned\x07") == "\"\\x1B]0;owned\\x07\"");
    CHECK(quote_value("\xc2\x9b"
                      "2J") == "\"\\u009B2J\"");
    CHECK(quote_value("bad \xff\xfe byte") == "\"bad \\xFF\\xFE byte\"");
}

TEST_CASE("a long value is cut with an ellipsis and its full size", "[util][quote]") {
    const std::string big(3 * 1024 * 1024, 'x');
    const auto quoted = quote_value(big);
    CHECK(quoted == "\"" + std::string(80, 'x') + "…\" (3.0 MB)");
    CHECK(quote_value("abcdef", 3) == "\"abc…\" (6 bytes)");
    CHECK(quote_value("abc", 3) == "\"abc\"");
}

TEST_CASE("sizes read as a person says them", "[util][quote]") {
    CHECK(human_size(1) == "1 byte");
    CHECK(human_size(512) == "512 bytes");
    CHECK(human_size(2048) == "2.0 KB");
}

TEST_CASE("escaping a parser's message keeps its quotes and escapes raw bytes", "[util][quote]") {
    CHECK(escape_controls("last read: '\x7f\"'") == "last read: '\\x7F\"'");
    CHECK(escape_controls("a\nb\xff") == "a\\nb\\xFF");
}

// --- Markdown table cells ---

TEST_CASE("a Markdown cell stays in its cell and shows HTML as text", "[util][markdown]") {
    CHECK(markdown_cell("a | b") == "a \\| b");
    CHECK(markdown_cell("line\nbreak\r\ttab") == "line break  tab");
    CHECK(markdown_cell("<b>bold</b> & **kept**") == "&lt;b>bold&lt;/b> & **kept**");
}

TEST_CASE("a Markdown cell replaces controls, invalid UTF-8 and bidi overrides", "[util][markdown]") {
    CHECK(markdown_cell("\x1b[31mred\xc2\x9b") == " [31mred ");
    CHECK(markdown_cell("bad \xff byte") == "bad \xEF\xBF\xBD byte");
    CHECK(markdown_cell("abc\xE2\x80\xAE"
                        "def") == "abc[U+202E]def");
    CHECK(markdown_cell("café") == "café");
}
