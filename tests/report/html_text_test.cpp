#include <catch2/catch.hpp>

#include "report/html_text.hpp"

using parley::report::html_anchor;
using parley::report::html_escape;

TEST_CASE("html escaping turns markup and quotes into text for content and attributes alike", "[report][html]") {
    CHECK(html_escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;");
    CHECK(html_escape("<img src=x onerror=\"alert('x')\">") ==
          "&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;");
    CHECK(html_escape("a & b &amp;") == "a &amp; b &amp;amp;");
    CHECK(html_escape("plain text, é and 漢字") == "plain text, é and 漢字");
}

TEST_CASE("html escaping replaces invalid UTF-8 and control characters but keeps tabs and line breaks",
          "[report][html]") {
    CHECK(html_escape(std::string("a\xff"
                                  "b")) == "a\xEF\xBF\xBD"
                                           "b");
    CHECK(html_escape(std::string("nul\0x", 5)) == "nul\xEF\xBF\xBDx");
    CHECK(html_escape("esc\x1b[31m") == "esc\xEF\xBF\xBD[31m");
    CHECK(html_escape("a\tb\nc\r\nd") == "a\tb\nc\nd");
    CHECK(html_escape("c1 \xC2\x85 control") == "c1 \xEF\xBF\xBD control");
}

TEST_CASE("html escaping shows bidirectional overrides instead of letting them reorder the text", "[report][html]") {
    CHECK(html_escape("safe\xE2\x80\xAEtxt.exe") == "safe[U+202E]txt.exe");
    CHECK(html_escape("\xE2\x81\xA6isolate\xE2\x81\xA9") == "[U+2066]isolate[U+2069]");
    // Marks that only hint a direction reorder nothing around them and are kept.
    CHECK(html_escape("\xE2\x80\x8F") == "\xE2\x80\x8F");
}

TEST_CASE("html anchors keep safe characters and encode the rest without collisions", "[report][html]") {
    CHECK(html_anchor("agent-architect_1") == "agent-architect_1");
    CHECK(html_anchor("a b\"<") == "a.20b.22.3c");
    CHECK(html_anchor("a.b") != html_anchor("a b"));
    CHECK(html_anchor("") == "");
}
