package dev.sparkllm.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

/** The ids {@code add_special_tokens=true} puts around a single sequence (HF post-processor, GGUF add_bos/add_eos). */
record SpecialTokenTemplate(int[] prefix, int[] suffix) {
    static final SpecialTokenTemplate NONE = new SpecialTokenTemplate(new int[0], new int[0]);

    static SpecialTokenTemplate of(int bosId, boolean addBos, int eosId, boolean addEos) {
        return new SpecialTokenTemplate(addBos && bosId >= 0 ? new int[] {bosId} : new int[0],
                addEos && eosId >= 0 ? new int[] {eosId} : new int[0]);
    }

    /** Reads a {@code tokenizer.json} post-processor; returns {@code null} when there is none. */
    static SpecialTokenTemplate fromJson(JsonNode node, Vocabulary texts, String where) {
        if (node == null || node.isNull()) {
            return null;
        }
        String type = JsonFields.type(node, "post_processor", where);
        return switch (type) {
            case "ByteLevel" -> NONE;
            case "TemplateProcessing" -> template(node, where);
            case "BertProcessing", "RobertaProcessing" -> new SpecialTokenTemplate(
                    new int[] {node.path("cls").path(1).asInt()}, new int[] {node.path("sep").path(1).asInt()});
            case "Sequence" -> {
                SpecialTokenTemplate result = NONE;
                for (JsonNode n : JsonFields.array(node.get("processors"), "processors", where)) {
                    SpecialTokenTemplate t = fromJson(n, texts, where);
                    if (t != null && (t.prefix.length > 0 || t.suffix.length > 0)) {
                        result = t;
                    }
                }
                yield result;
            }
            default -> throw JsonFields.unsupported("post_processor", type, where);
        };
    }

    private static SpecialTokenTemplate template(JsonNode node, String where) {
        IntList prefix = new IntList();
        IntList suffix = new IntList();
        boolean seenSequence = false;
        for (JsonNode item : JsonFields.array(node.get("single"), "single", where)) {
            if (item.has("Sequence")) {
                seenSequence = true;
                continue;
            }
            String name = item.path("SpecialToken").path("id").asText();
            JsonNode ids = node.path("special_tokens").path(name).path("ids");
            if (!ids.isArray() || ids.isEmpty()) {
                throw new TokenizerException("TemplateProcessing in " + where + " uses special token \"" + name
                        + "\" without ids in special_tokens");
            }
            for (JsonNode id : ids) {
                (seenSequence ? suffix : prefix).add(id.asInt());
            }
        }
        return new SpecialTokenTemplate(prefix.toArray(), suffix.toArray());
    }
}
