package dev.sparkllm.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Builds a tokenizer from a Hugging Face directory: {@code tokenizer.json} plus {@code tokenizer_config.json}. */
final class HfTokenizerLoader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HfTokenizerLoader() {
    }

    static PipelineTokenizer load(Path dir) {
        Path file = dir.resolve("tokenizer.json");
        String where = file.toString();
        JsonNode root = readJson(file);
        JsonNode config = Files.exists(dir.resolve("tokenizer_config.json"))
                ? readJson(dir.resolve("tokenizer_config.json")) : JSON.createObjectNode();
        JsonNode model = root.path("model");
        String type = model.path("type").asText("BPE");
        if (!type.equals("BPE")) {
            throw JsonFields.unsupported("model", type, where);
        }
        if (model.hasNonNull("dropout") && model.get("dropout").asDouble() != 0) {
            throw new TokenizerException("BPE dropout is not supported (" + where + ")");
        }
        Vocabulary modelVocab = readVocab(model.path("vocab"), where);
        MergeRanks.ByList merges = new MergeRanks.ByList();
        for (JsonNode m : JsonFields.array(model.get("merges"), "model.merges", where)) {
            String[] pair = mergePair(m, where);
            merges.add(modelVocab, pair[0], pair[1], where);
        }
        boolean byteFallback = model.path("byte_fallback").asBoolean(false);
        String unk = model.path("unk_token").isTextual() ? model.get("unk_token").asText() : null;
        BpeModel bpe = new BpeModel(modelVocab, merges, byteFallback, unk == null ? -1 : modelVocab.id(unk),
                model.path("fuse_unk").asBoolean(false), model.path("ignore_merges").asBoolean(false),
                model.path("continuing_subword_prefix").asText(""), model.path("end_of_word_suffix").asText(""));

        List<AddedToken> added = readAddedTokens(root.path("added_tokens"), where);
        Vocabulary texts = withAddedTokens(modelVocab, added);
        SpecialTokenTemplate template = SpecialTokenTemplate.fromJson(root.get("post_processor"), texts, where);
        int bos = tokenId(config.get("bos_token"), texts);
        int eos = tokenId(config.get("eos_token"), texts);
        if (template == null) {
            // Without a post-processor, transformers falls back to the config's add_bos_token / add_eos_token.
            template = SpecialTokenTemplate.of(bos, config.path("add_bos_token").asBoolean(false), eos,
                    config.path("add_eos_token").asBoolean(false));
        }
        boolean[] byteTokens = new boolean[texts.size()];
        if (byteFallback) {
            for (int id : modelVocab.byteTokenIds()) {
                if (id >= 0) {
                    byteTokens[id] = true;
                }
            }
        }
        return new PipelineTokenizer(new PipelineTokenizer.Parts(texts, added,
                Normalizer.fromJson(root.get("normalizer"), where),
                PreTokenizer.fromJson(root.get("pre_tokenizer"), where), bpe,
                Decoder.fromJson(root.get("decoder"), where), template.prefix(), template.suffix(), bos,
                eos >= 0 ? List.of(eos) : List.of(), byteTokens));
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new TokenizerException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Vocabulary readVocab(JsonNode vocab, String where) {
        if (!vocab.isObject()) {
            throw new TokenizerException("model.vocab in " + where + " is not an object");
        }
        int max = -1;
        for (JsonNode id : vocab) {
            max = Math.max(max, id.asInt());
        }
        String[] texts = new String[max + 1];
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            texts[e.getValue().asInt()] = e.getKey();
        }
        return new Vocabulary(texts);
    }

    /** Merges are {@code "a b"} in older files and {@code ["a", "b"]} in newer ones. */
    private static String[] mergePair(JsonNode m, String where) {
        if (m.isArray() && m.size() == 2) {
            return new String[] {m.get(0).asText(), m.get(1).asText()};
        }
        String s = m.asText();
        int space = s.indexOf(' ', 1);
        if (!m.isTextual() || space < 0) {
            throw new TokenizerException("malformed merge " + m + " in " + where);
        }
        return new String[] {s.substring(0, space), s.substring(space + 1)};
    }

    private static List<AddedToken> readAddedTokens(JsonNode list, String where) {
        List<AddedToken> out = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return out;
        }
        for (JsonNode t : JsonFields.array(list, "added_tokens", where)) {
            out.add(new AddedToken(t.path("id").asInt(), JsonFields.text(t, "content", where),
                    t.path("special").asBoolean(false), t.path("lstrip").asBoolean(false),
                    t.path("rstrip").asBoolean(false), t.path("normalized").asBoolean(false),
                    t.path("single_word").asBoolean(false)));
        }
        return out;
    }

    private static Vocabulary withAddedTokens(Vocabulary modelVocab, List<AddedToken> added) {
        int size = modelVocab.size();
        for (AddedToken t : added) {
            size = Math.max(size, t.id() + 1);
        }
        String[] texts = new String[size];
        for (int i = 0; i < modelVocab.size(); i++) {
            texts[i] = modelVocab.text(i);
        }
        for (AddedToken t : added) {
            texts[t.id()] = t.content();
        }
        return new Vocabulary(texts);
    }

    /** {@code bos_token} and friends are a string, an AddedToken object with {@code content}, or null. */
    private static int tokenId(JsonNode node, Vocabulary texts) {
        if (node == null || node.isNull()) {
            return -1;
        }
        String content = node.isTextual() ? node.asText() : node.path("content").asText(null);
        return content == null ? -1 : texts.id(content);
    }

    /** The chat template: a string, or a list of {@code {name, template}} of which "default" is used. */
    static String chatTemplate(JsonNode config) {
        JsonNode t = config.get("chat_template");
        if (t == null || t.isNull()) {
            return null;
        }
        if (t.isTextual()) {
            return t.asText();
        }
        for (JsonNode named : t) {
            if ("default".equals(named.path("name").asText())) {
                return named.path("template").asText();
            }
        }
        return null;
    }
}
