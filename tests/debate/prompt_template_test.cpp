#include <catch2/catch.hpp>

#include "debate/prompt_template.hpp"
#include "util/builtin_files.hpp"

using namespace parley::debate;

TEST_CASE("placeholders are substituted and odd braces left alone", "[debate][prompt]") {
    CHECK(render_template("Hi {{ agent_name }}, {{problem}}! {x} {{not a name}}",
                          {{"agent_name", "A"}, {"problem", "P"}}) == "Hi A, P! {x} {{not a name}}");
    CHECK(placeholders_in("{{a}} {{b}} {{a}}") == std::vector<std::string>{"a", "b"});
}

TEST_CASE("every built-in prompt uses only the placeholders of its kind", "[debate][prompt]") {
    const std::pair<const char*, PromptKind> kinds[] = {
        {"system.md", PromptKind::system},         {"clarify.md", PromptKind::clarify},
        {"proposal.md", PromptKind::proposal},     {"critique.md", PromptKind::critique},
        {"refinement.md", PromptKind::refinement}, {"summary.md", PromptKind::summary},
        {"synthesis.md", PromptKind::synthesis}};
    int checked = 0;
    for (const auto& [path, text] : parley::util::builtin_files()) {
        if (path.substr(0, 8) != "prompts/") {
            continue;
        }
        // The design-review prompts are named by their own file, whatever their name ends with.
        bool design = false;
        for (const auto kind : {PromptKind::design_critique, PromptKind::design_review}) {
            if (path == design_prompt_file(kind)) {
                INFO(path);
                for (const auto& placeholder : placeholders_in(text)) {
                    CHECK(allowed_placeholders(kind).count(placeholder) == 1);
                }
                design = true;
                ++checked;
            }
        }
        for (const auto& [file, kind] : kinds) {
            if (design) {
                break;
            }
            const std::string_view name = file;
            if (path.size() > name.size() && path.substr(path.size() - name.size()) == name) {
                INFO(path);
                for (const auto& placeholder : placeholders_in(text)) {
                    CHECK(allowed_placeholders(kind).count(placeholder) == 1);
                }
                ++checked;
            }
        }
    }
    CHECK(checked >= 6 * 6 + 3 + 2);
}
