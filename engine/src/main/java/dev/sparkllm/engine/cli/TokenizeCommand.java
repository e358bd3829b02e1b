package dev.sparkllm.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkllm.engine.model.ModelLoader;
import dev.sparkllm.engine.tokenizer.Tokenizer;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkllm tokenize}: text to token ids with the model's own tokenizer. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
    description = "Tokenize text. Output lines: {\"id\":…, \"token_ids\":[…]}, one per input line, in order.")
final class TokenizeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Hugging Face model directory or .gguf file")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--text", description = "one text to tokenize") String text;
        @Option(names = "--input", description = "JSON lines {\"id\":…, \"text\":\"…\"}") Path file;
    }

    @Option(names = "--output", description = "write JSON lines here instead of standard output")
    Path output;

    @Option(names = "--add-special-tokens", description = "add BOS/EOS as the model's files say (default: no)")
    boolean addSpecialTokens;

    @Override
    public Integer call() throws Exception {
        Tokenizer tokenizer = ModelLoader.loadTokenizer(model);
        List<JsonLines.Line> lines = input.file != null ? JsonLines.read(input.file)
            : List.of(new JsonLines.Line(1, JsonLines.JSON.createObjectNode().put("text", input.text), null));
        try (Writer w = JsonLines.open(output)) {
            for (JsonLines.Line line : lines) {
                ObjectNode out = JsonLines.JSON.createObjectNode();
                out.set("id", input.file != null ? JsonLines.id(line) : JsonLines.JSON.getNodeFactory().nullNode());
                JsonNode text = line.node() == null ? null : line.node().get("text");
                if (line.error() != null) {
                    out.put("error", line.error());
                } else if (text == null || !text.isTextual()) {
                    out.put("error", "line " + line.number() + ": \"text\" must be a string");
                } else {
                    ArrayNode ids = out.putArray("token_ids");
                    for (int id : tokenizer.encode(text.asText(), addSpecialTokens)) ids.add(id);
                }
                JsonLines.write(w, out);
            }
        }
        return 0;
    }
}
