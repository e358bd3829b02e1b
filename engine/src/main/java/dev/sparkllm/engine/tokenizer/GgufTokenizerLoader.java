package dev.sparkllm.engine.tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a tokenizer from GGUF {@code tokenizer.ggml.*} metadata the way llama.cpp reads it. GGUF carries no
 * normalizer, so a model whose {@code tokenizer.json} had NFC (Qwen) tokenizes like llama.cpp, not like HF, on
 * non-NFC input.
 */
final class GgufTokenizerLoader {
    private static final int TYPE_NORMAL = 1;
    private static final int TYPE_UNKNOWN = 2;
    private static final int TYPE_CONTROL = 3;
    private static final int TYPE_USER_DEFINED = 4;
    private static final int TYPE_BYTE = 6;

    private GgufTokenizerLoader() {
    }

    static PipelineTokenizer load(Path file, Map<String, Object> meta) {
        String where = String.valueOf(file);
        GgufKeys keys = new GgufKeys(meta, where);
        String modelName = keys.string("tokenizer.ggml.model");
        List<Object> tokenList = keys.list("tokenizer.ggml.tokens");
        String[] texts = new String[tokenList.size()];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = String.valueOf(tokenList.get(i));
        }
        Vocabulary vocab = new Vocabulary(texts);
        int[] types = keys.intArray("tokenizer.ggml.token_type", texts.length, TYPE_NORMAL);
        List<AddedToken> added = new ArrayList<>();
        boolean[] byteTokens = new boolean[texts.length];
        for (int id = 0; id < texts.length; id++) {
            switch (types[id]) {
                case TYPE_CONTROL, TYPE_UNKNOWN -> added.add(AddedToken.plain(id, texts[id], true));
                case TYPE_USER_DEFINED -> added.add(AddedToken.plain(id, texts[id], false));
                case TYPE_BYTE -> byteTokens[id] = true;
                default -> {
                }
            }
        }
        int bos = keys.integer("tokenizer.ggml.bos_token_id", -1);
        int eos = keys.integer("tokenizer.ggml.eos_token_id", -1);
        int eot = keys.integer("tokenizer.ggml.eot_token_id", -1);
        List<Integer> eosIds = new ArrayList<>();
        for (int id : new int[] {eos, eot}) {
            if (id >= 0 && !eosIds.contains(id)) {
                eosIds.add(id);
            }
        }
        int unk = keys.integer("tokenizer.ggml.unknown_token_id", -1);
        boolean spm = switch (modelName) {
            case "llama" -> true;
            case "gpt2" -> false;
            default -> throw new TokenizerException("unsupported tokenizer.ggml.model \"" + modelName + "\" in "
                    + where + " (supported: llama, gpt2)");
        };
        SpecialTokenTemplate template = SpecialTokenTemplate.of(bos, keys.bool("tokenizer.ggml.add_bos_token", spm),
                eos, keys.bool("tokenizer.ggml.add_eos_token", false));
        Normalizer normalizer;
        PreTokenizer preTokenizer;
        Decoder decoder;
        BpeModel model;
        if (spm) {
            boolean spacePrefix = keys.bool("tokenizer.ggml.add_space_prefix", true);
            // llama.cpp prefixes a space to every text fragment that follows a special token (or starts the input)
            // and escapes spaces as U+2581: HF's Prepend + Replace normalizer pair does the same.
            normalizer = s -> (spacePrefix && !s.isEmpty() ? "\u2581" : "") + s.replace(' ', '\u2581');
            preTokenizer = PreTokenizer.NONE;
            float[] scores = keys.floatArray("tokenizer.ggml.scores", texts.length);
            model = new BpeModel(vocab, new MergeRanks.ByScore(vocab, scores), true, unk, false, false, "", "");
            List<Decoder> steps = new ArrayList<>(List.of(tokens -> tokens.stream()
                    .map(t -> t.replace('\u2581', ' ')).toList(), Decoder.byteFallback(),
                    tokens -> List.of(String.join("", tokens))));
            if (spacePrefix) {
                steps.add(Decoder.strip(" ", 1, 0));
            }
            decoder = Decoder.sequence(steps);
        } else {
            String pre = keys.string("tokenizer.ggml.pre", "default");
            normalizer = Normalizer.IDENTITY;
            preTokenizer = GgufPreTokenizers.forName(pre, where);
            MergeRanks.ByList merges = new MergeRanks.ByList();
            for (Object m : keys.list("tokenizer.ggml.merges")) {
                String s = String.valueOf(m);
                int space = s.indexOf(' ', 1);
                if (space < 0) {
                    throw new TokenizerException("malformed merge \"" + s + "\" in tokenizer.ggml.merges of " + where);
                }
                merges.add(vocab, s.substring(0, space), s.substring(space + 1), where);
            }
            model = new BpeModel(vocab, merges, false, unk, false, GgufPreTokenizers.ignoresMerges(pre), "", "");
            decoder = Decoder.byteLevel();
        }
        return new PipelineTokenizer(new PipelineTokenizer.Parts(vocab, added, normalizer, preTokenizer, model,
                decoder, template.prefix(), template.suffix(), bos, List.copyOf(eosIds), byteTokens));
    }
}
