package dev.sparkllm.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkllm.engine.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatTemplateTest {
    private static final List<ChatMessage> CHAT = List.of(new ChatMessage("system", "Be brief."),
            new ChatMessage("user", "Hi"), new ChatMessage("assistant", "<think>\nhmm\n</think>\n\nHello"),
            new ChatMessage("user", "Bye"));

    private static String render(String template) {
        return new ChatTemplate(template, "<s>", "</s>").render(CHAT, true);
    }

    @Test
    void raiseExceptionCarriesTheTemplateMessage() {
        ChatTemplateException e = assertThrows(ChatTemplateException.class,
                () -> render("{% if messages[0].role == 'system' %}{{ raise_exception('no system role') }}{% endif %}"));
        assertTrue(e.getMessage().contains("no system role"), e.getMessage());
        assertTrue(e.getMessage().startsWith("chat template failed"), e.getMessage());
    }

    @Test
    void syntaxErrorsSayTheTemplateFailed() {
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> render("{{ messages[0].role.nosuchmethod() }}"));
        assertTrue(e.getMessage().startsWith("chat template failed"), e.getMessage());
    }

    @Test
    void pythonStringMethods() {
        assertEquals("True|False|Hello|hmm|a-b|x,y",
                render("{{ messages[1].content.startswith('H') }}|{{ messages[1].content.endswith('x') }}|"
                        + "{{ messages[2].content.split('</think>')[-1].lstrip('\\n') }}|"
                        + "{{ messages[2].content.split('</think>')[0].rstrip('\\n').split('<think>')[-1].strip() }}|"
                        + "{{ '--a-b--'.strip('-') }}|{{ ' x  y '.split()|join(',') }}")
                        .replace("true", "True").replace("false", "False"));
    }

    @Test
    void namespaceReversedLoopAndBosEos() {
        String out = render("{% set ns = namespace(last=messages|length - 1, seen=false) %}"
                + "{% for m in messages[::-1] %}{% if not ns.seen and m.role == 'user' %}"
                + "{% set ns.seen = true %}{% set ns.last = (messages|length - 1) - loop.index0 %}{% endif %}"
                + "{% endfor %}{{ bos_token }}{{ ns.last }}{{ eos_token }}");
        assertEquals("<s>3</s>", out);
    }

    @Test
    void toJsonUsesPythonSeparators() {
        ChatTemplate t = new ChatTemplate("{{ tools[0] | tojson }}", "", "");
        Map<String, Object> tool = new java.util.LinkedHashMap<>();
        tool.put("name", "f");
        tool.put("args", List.of(1, "ü\"x"));
        assertEquals("{\"name\": \"f\", \"args\": [1, \"ü\\\"x\"]}", t.render(CHAT, false, Map.of("tools", List.of(tool))));
    }

    @Test
    void trimBlocksAndTrailingNewlineLikeJinja() {
        assertEquals("  a\nb\nc", new ChatTemplate("{% if true %}\n  a\n{% endif %}\nb\n  {% if true %}\nc {%- endif %}\n",
                "", "").render(CHAT, false));
        assertEquals("x", new ChatTemplate("{%- if true %}\n    {{- 'x' }}\n{%- endif %}\n", "", "")
                .render(CHAT, false));
    }

    @Test
    void templatesCannotIncludeFilesOrCallJavaMethods() {
        assertThrows(ChatTemplateException.class, () -> render("{% include 'fixtures/README.md' %}"));
        assertThrows(ChatTemplateException.class, () -> render("{{ messages[0].getClass() }}"));
        assertThrows(ChatTemplateException.class, () -> render("{{ messages[0].role.getClass().getName() }}"));
    }

    @Test
    void outputIsBounded() {
        assertThrows(ChatTemplateException.class,
                () -> render("{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxx{% endfor %}{% endfor %}"));
    }

    @Test
    void missingTemplateIsAClearError() {
        ChatTemplateException e = assertThrows(ChatTemplateException.class,
                () -> ChatTemplate.fromHfDirectory(Fixtures.resource("fixtures/models/fx-llama-spm/hf-f32")));
        assertTrue(e.getMessage().contains("no chat_template"), e.getMessage());
    }
}
