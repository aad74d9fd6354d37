#include <catch2/catch.hpp>

#include "report/markdown_text.hpp"

using parley::report::fenced;
using parley::report::literal;
using parley::report::nested_block;
using parley::report::one_line;

TEST_CASE("nested blocks shift headings so the highest sits at the given level", "[report]") {
    CHECK(nested_block("## Design\n\ntext\n### Detail", 5) == "##### Design\n\ntext\n###### Detail\n");
    CHECK(nested_block("# A\n#### Deep", 4) == "#### A\n###### Deep\n");
    CHECK(nested_block("#### Already deep", 3) == "#### Already deep\n");
    CHECK(nested_block("#hashtag is not a heading\n    # indented code", 5) ==
          "#hashtag is not a heading\n    # indented code\n");
    CHECK(nested_block("## Closed ##", 4) == "#### Closed ##\n");
}

TEST_CASE("nested blocks turn setext headings into ATX ones and leave rules and lists alone", "[report]") {
    CHECK(nested_block("Title\n=====\n\nPart\n---\ntext", 4) == "#### Title\n\n##### Part\ntext\n");
    CHECK(nested_block("text\n\n---\n\n- item\n---", 4) == "text\n\n---\n\n- item\n---\n");
}

TEST_CASE("nested blocks leave code alone and close what the text left open", "[report]") {
    CHECK(nested_block("```\n# not a heading\n```\n# Heading", 5) == "```\n# not a heading\n```\n##### Heading\n");
    CHECK(nested_block("````md\n```\n# still code\n", 5) == "````md\n```\n# still code\n````\n");
    CHECK(nested_block("~~~\ncode", 5) == "~~~\ncode\n~~~\n");
    CHECK(nested_block("<!-- hidden\n# inside", 5) == "&lt;!-- hidden\n##### inside\n");
    CHECK(nested_block("<!-- closed -->\n# Out", 5) == "&lt;!-- closed -->\n##### Out\n");
    CHECK(nested_block("", 5).empty());
}

TEST_CASE("fenced blocks use a fence longer than any backtick run inside", "[report]") {
    CHECK(fenced("plain", "text") == "```text\nplain\n```\n");
    CHECK(fenced("a ```` b\n", "") == "`````\na ```` b\n`````\n");
    CHECK(fenced("", "text") == "```text\n```\n");
}

TEST_CASE("one-line text cannot start a block and keeps inline formatting", "[report]") {
    CHECK(one_line("# not a heading") == "\\# not a heading");
    CHECK(one_line("1. not a list") == "1\\. not a list");
    CHECK(one_line("```") == "\\```");
    CHECK(one_line("  **bold**\nsecond line\r\n") == "**bold** second line");
    CHECK(one_line("2024 was fine") == "2024 was fine");
    CHECK(one_line("- dash") == "\\- dash");
    CHECK(one_line("***") == "\\***");
}

TEST_CASE("literal text escapes every Markdown special character", "[report]") {
    CHECK(literal("a|b_c*d`e") == "a\\|b\\_c\\*d\\`e");
    CHECK(literal("two\nlines") == "two lines");
}

TEST_CASE("raw HTML in model text shows as text and opens no HTML block", "[report][hostile]") {
    using parley::report::nested_block;
    CHECK(nested_block("<script>\nalert(1)\n# Heading", 5) == "&lt;script>\nalert(1)\n##### Heading\n");
    CHECK(nested_block("<img src=x onerror=alert(1)> and a < b", 5) ==
          "&lt;img src=x onerror=alert(1)> and a &lt; b\n");
    CHECK(nested_block("<b>x</b>\n---", 5) == "##### &lt;b>x&lt;/b>\n");
    // Inside code the text is literal already and stays as written.
    CHECK(nested_block("use `<br>` here, ``a ` <b>`` too", 5) == "use `<br>` here, ``a ` <b>`` too\n");
    CHECK(nested_block("an unclosed ` <b>", 5) == "an unclosed ` &lt;b>\n");
    CHECK(nested_block("```html\n<script>\n```", 5) == "```html\n<script>\n```\n");
}

TEST_CASE("links to script URLs in model text lose their link syntax", "[report][hostile]") {
    using parley::report::nested_block;
    using parley::report::one_line;
    CHECK(nested_block("[click](javascript:alert(1))", 5) == "[click]\\(javascript:alert(1))\n");
    CHECK(nested_block("[click]( <JavaScript:alert(1)>)", 5) == "[click]\\( &lt;JavaScript:alert(1)>)\n");
    CHECK(nested_block("[x]: vbscript:msgbox", 5) == "\\[x]: vbscript:msgbox\n");
    CHECK(nested_block("[docs](https://example.com)", 5) == "[docs](https://example.com)\n");
    CHECK(one_line("see [x](data:text/html,hi)") == "see [x]\\(data:text/html,hi)");
}

TEST_CASE("link destinations are judged as CommonMark decodes them: entities and escapes spell no scheme",
          "[report][hostile][links]") {
    using parley::report::nested_block;
    using parley::report::one_line;
    for (const std::string dest : {"&#106;avascript:alert(1)", "javascript&colon;alert(1)", "jav&#x09;ascript:alert(1)",
                                   "&#x6A;avascript:x", "java\\script:x", "j&#97;vascript:x", "javascript&#58;x",
                                   "&Tab;javascript:x", "data&colon;text/html,x", "vbscript:x", "file:///etc/passwd",
                                   "relative/path.md", "//evil.example/x", "&#0;javascript:x", "\\javascript:x"}) {
        INFO(dest);
        CHECK(one_line("[a](" + dest + ")") == "[a]\\(" + dest + ")");
        CHECK(nested_block("[a]: " + dest, 5) == "\\[a]: " + dest + "\n");
    }
    // A destination on the next line is not seen here, so the link goes.
    CHECK(nested_block("[a](\njavascript:alert(1))", 5) == "[a]\\(\njavascript:alert(1))\n");
    for (const std::string dest : {"https://example.com/x?a=1&b=2", "HTTP://example.com", "mailto:a@example.com",
                                   "#section-2", "", "https&#58;//example.com", "&#104;ttps://example.com"}) {
        INFO(dest);
        CHECK(one_line("[a](" + dest + ")") == "[a](" + dest + ")");
    }
}

TEST_CASE("model text cannot open or close the report's folds", "[report]") {
    using parley::report::nested_block;
    using parley::report::one_line;
    CHECK(nested_block("done</details>\n<DETAILS open><summary>x</summary>", 5) ==
          "done&lt;/details>\n&lt;DETAILS open>&lt;summary>x&lt;/summary>\n");
    CHECK(nested_block("# </details>", 5) == "##### &lt;/details>\n");
    // Inside a code fence the tag is code, shown as written.
    CHECK(nested_block("```\n</details>\n```", 5) == "```\n</details>\n```\n");
    CHECK(one_line("a </summary> b") == "a &lt;/summary> b");
}

TEST_CASE("table cells keep pipes and line breaks from splitting the row", "[report]") {
    using parley::report::table_cell;
    CHECK(table_cell("a | b\nc") == "a \\| b c");
    CHECK(table_cell("# not a heading") == "\\# not a heading");
}
