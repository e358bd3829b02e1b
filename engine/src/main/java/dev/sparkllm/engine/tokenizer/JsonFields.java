package dev.sparkllm.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

/** Field access for {@code tokenizer.json} with errors that name the component and the file. */
final class JsonFields {
    private JsonFields() {
    }

    static String type(JsonNode node, String component, String where) {
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            throw new TokenizerException(component + " without a \"type\" in " + where + ": " + node);
        }
        return type.asText();
    }

    static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new TokenizerException("missing string field \"" + field + "\" in " + node.path("type").asText()
                    + " component of " + where);
        }
        return v.asText();
    }

    static JsonNode array(JsonNode node, String field, String where) {
        if (node == null || !node.isArray()) {
            throw new TokenizerException("missing array \"" + field + "\" in " + where);
        }
        return node;
    }

    static TokenizerException unsupported(String component, String type, String where) {
        return new TokenizerException("unsupported " + component + " type \"" + type + "\" in " + where);
    }
}
