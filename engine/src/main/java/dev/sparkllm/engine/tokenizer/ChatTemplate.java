package dev.sparkllm.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jinjava.javax.el.CompositeELResolver;

/**
 * A model's chat template, rendered with Jinjava configured like transformers' {@code apply_chat_template}
 * ({@code trim_blocks}, {@code lstrip_blocks}, {@code raise_exception}, Python string methods, Python-style
 * {@code tojson}). Templates are untrusted: they see only plain maps, lists and strings, cannot include files, and
 * output, strings, lists and ranges are bounded.
 */
public final class ChatTemplate {
    private static final long MAX_OUTPUT_CHARS = 16L << 20;
    private static final int MAX_RANGE = 100_000;

    private final String source;
    private final String bosToken;
    private final String eosToken;
    private final Jinjava jinjava;

    /** @param bosToken the text templates see as {@code bos_token} ("" if none), likewise {@code eosToken} */
    public ChatTemplate(String source, String bosToken, String eosToken) {
        this.source = JinjaSourceRewriter.rewrite(source);
        this.bosToken = bosToken == null ? "" : bosToken;
        this.eosToken = eosToken == null ? "" : eosToken;
        this.jinjava = newJinjava();
    }

    /** The template of {@code tokenizer_config.json} in {@code dir} (a string, or the "default" of a named list). */
    public static ChatTemplate fromHfDirectory(Path dir) {
        return findInHfDirectory(dir).orElseThrow(() -> new ChatTemplateException("no chat_template in "
            + dir.resolve("tokenizer_config.json")));
    }

    /** Like {@link #fromHfDirectory} but empty when the model has no chat template (base models often don't). */
    public static Optional<ChatTemplate> findInHfDirectory(Path dir) {
        Path file = dir.resolve("tokenizer_config.json");
        if (!Files.exists(file)) return Optional.empty();
        JsonNode config = HfTokenizerLoader.readJson(file);
        String template = HfTokenizerLoader.chatTemplate(config);
        if (template == null) return Optional.empty();
        return Optional.of(new ChatTemplate(template, tokenText(config.get("bos_token")), tokenText(config.get("eos_token"))));
    }

    /** The template of GGUF {@code tokenizer.chat_template}; BOS/EOS texts come from the token list. */
    public static ChatTemplate fromGgufMetadata(Path file, Map<String, Object> metadata) {
        return findInGgufMetadata(file, metadata).orElseThrow(() -> new ChatTemplateException("no tokenizer.chat_template in "
            + file));
    }

    /** Like {@link #fromGgufMetadata} but empty when the file has no chat template. */
    public static Optional<ChatTemplate> findInGgufMetadata(Path file, Map<String, Object> metadata) {
        if (!metadata.containsKey("tokenizer.chat_template")) return Optional.empty();
        GgufKeys keys = new GgufKeys(metadata, String.valueOf(file));
        List<Object> tokens = keys.list("tokenizer.ggml.tokens");
        int bos = keys.integer("tokenizer.ggml.bos_token_id", -1);
        int eos = keys.integer("tokenizer.ggml.eos_token_id", -1);
        return Optional.of(new ChatTemplate(keys.string("tokenizer.chat_template"),
                bos >= 0 && bos < tokens.size() ? String.valueOf(tokens.get(bos)) : "",
                eos >= 0 && eos < tokens.size() ? String.valueOf(tokens.get(eos)) : ""));
    }

    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return render(messages, addGenerationPrompt, Map.of());
    }

    /**
     * Renders with extra template variables (e.g. {@code enable_thinking}); values should be plain data (strings,
     * numbers, booleans, lists, maps).
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, Map<String, Object> variables) {
        Map<String, Object> context = new HashMap<>(variables);
        List<Map<String, Object>> data = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            data.add(m.toTemplateData());
        }
        context.put("messages", data);
        context.put("add_generation_prompt", addGenerationPrompt);
        context.put("bos_token", bosToken);
        context.put("eos_token", eosToken);
        RenderResult result;
        try {
            result = jinjava.renderForResult(source, context);
        } catch (RuntimeException e) {
            throw new ChatTemplateException("chat template failed: " + e.getMessage(), e);
        }
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new ChatTemplateException("chat template failed"
                        + (error.getLineno() > 0 ? " at line " + error.getLineno() : "") + ": "
                        + raisedMessage(error.getException()).orElse(error.getMessage()), error.getException());
            }
        }
        return result.getOutput();
    }

    /** Registered as {@code raise_exception(message)}, which HF templates call to reject a conversation. */
    public static String raiseException(String message) {
        throw new ChatTemplateException("template raised an exception: " + message);
    }

    // Jinjava reports a function's exception as "Error invoking function"; the template's own message is the cause.
    private static java.util.Optional<String> raisedMessage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ChatTemplateException) {
                return java.util.Optional.of(c.getMessage());
            }
        }
        return java.util.Optional.empty();
    }

    private static Jinjava newJinjava() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonStringMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUseTrimmingForNotesAndExpressions(true)
                        .withUseNaturalOperatorPrecedence(true)
                        .build())
                .withElResolver(resolver)
                .withMaxOutputSize(MAX_OUTPUT_CHARS)
                .withMaxStringLength(MAX_OUTPUT_CHARS)
                .withRangeLimit(MAX_RANGE)
                .withMaxListSize(MAX_RANGE)
                .withMaxMapSize(MAX_RANGE)
                .withMaxRenderDepth(10)
                .withEnableRecursiveMacroCalls(false)
                .withDisabled(Map.of(Context.Library.TAG, Set.of("include", "import", "from", "extends")))
                .build();
        Jinjava jinjava = new Jinjava(config);
        jinjava.setResourceLocator((name, encoding, interpreter) -> {
            throw new IOException("chat templates may not load other templates (" + name + ")");
        });
        jinjava.getGlobalContext().registerFilter(new PythonJson());
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception",
                ChatTemplate.class, "raiseException", String.class));
        return jinjava;
    }

    private static String tokenText(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        return node.isTextual() ? node.asText() : node.path("content").asText("");
    }
}
