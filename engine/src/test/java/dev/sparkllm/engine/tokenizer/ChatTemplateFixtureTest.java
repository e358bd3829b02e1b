package dev.sparkllm.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkllm.engine.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Qwen3 template from tokenizer_config.json and from each qwen2 GGUF renders the chat records exactly. */
class ChatTemplateFixtureTest {

    static Stream<Arguments> cases() {
        return FixtureTokenizers.SOURCES.stream().filter(s -> s.model().equals("fx-qwen2-bpe"))
                .flatMap(source -> Fixtures.expected("fx-qwen2-bpe-chat").stream()
                        .map(record -> Arguments.of(source, Fixtures.id(record), record)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void rendersAndTokenizesLikeReference(FixtureTokenizers.Source source, String id, JsonNode record) {
        ChatTemplate template = source.gguf()
                ? ChatTemplate.fromGgufMetadata(Fixtures.resource(source.path()), source.metadata())
                : ChatTemplate.fromHfDirectory(Fixtures.resource(source.path()));
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode m : record.get("messages")) {
            messages.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
        }
        boolean addGenerationPrompt = record.get("template_kwargs").get("add_generation_prompt").asBoolean();
        String text = template.render(messages, addGenerationPrompt);
        assertEquals(record.get("text").asText(), text);
        assertArrayEquals(Fixtures.ints(record.get("input_ids")), source.tokenizer().encode(text, false));
    }
}
