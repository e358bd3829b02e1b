package dev.sparkllm.spark.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkllm.spark.SparkLlmConf;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.deploy.SparkSubmitArguments;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Checks the settings the docs show, as Spark and the plugin would: {@code spark.sparkllm.*} keys must be ones the
 * connector reads and their values must parse; every class named ({@code spark.plugins}, metrics sinks) must load;
 * {@code spark-submit} command lines go through Spark's own argument parser first.
 */
final class ConfSnippets {
    private ConfSnippets() { }

    /** A spark-defaults.conf block: "key value" or "key=value" lines. */
    static void checkProperties(String text) {
        Map<String, String> conf = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            String[] kv = l.split("\\s*[=\\s]\\s*", 2);
            assertTrue(kv.length == 2, "not a key and value: " + l);
            conf.put(kv[0], kv[1]);
        }
        check(conf);
    }

    /** One {@code spark-submit ...} line (continuations joined), parsed by Spark's SparkSubmitArguments. */
    static void checkSparkSubmit(String command) {
        List<String> words = words(command);
        assertTrue(words.get(0).equals("spark-submit"), command);
        var args = new SparkSubmitArguments(CollectionConverters.asScala(words.subList(1, words.size())).toSeq(),
            scala.collection.immutable.Map$.MODULE$.<String, String>empty());   // empty env: not this machine's spark-defaults
        check(CollectionConverters.asJava(args.sparkProperties()));
    }

    static void check(Map<String, String> conf) {
        Set<String> known = sparkLlmKeys();
        for (Map.Entry<String, String> e : conf.entrySet()) {
            String k = e.getKey();
            if (k.startsWith(SparkLlmConf.PREFIX)) assertTrue(known.contains(k), "unknown key " + k + "; known: " + known);
            if (k.equals("spark.plugins") || k.endsWith(".class")) {
                for (String c : e.getValue().split(",")) loads(c.strip());
            }
        }
        assertTrue(conf.getOrDefault("spark.plugins", "").contains("dev.sparkllm.spark.SparkLlmPlugin")
            || conf.keySet().stream().noneMatch(k -> k.startsWith(SparkLlmConf.PREFIX)), "sparkllm settings without the plugin: " + conf);
        SparkLlmConf.engineSettings(conf, 0);   // throws, naming the key, on a bad value
        SparkLlmConf.rowsInFlight(conf.get(SparkLlmConf.ROWS_IN_FLIGHT), 1);
        SparkLlmConf.seed(conf.get(SparkLlmConf.SEED));
    }

    /** The keys SparkLlmConf declares. */
    static Set<String> sparkLlmKeys() {
        Set<String> keys = new HashSet<>();
        for (Field f : SparkLlmConf.class.getFields()) {
            try {
                if (Modifier.isStatic(f.getModifiers()) && f.get(null) instanceof String s && s.startsWith(SparkLlmConf.PREFIX)
                        && !s.equals(SparkLlmConf.PREFIX)) {
                    keys.add(s);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return keys;
    }

    private static void loads(String className) {
        try {
            Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("class " + className + " does not load", e);
        }
    }

    /** Shell words: whitespace-separated, single or double quotes grouping (enough for the docs' command lines). */
    static List<String> words(String command) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char c : command.toCharArray()) {
            if (quote != 0) {
                if (c == quote) quote = 0; else w.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) out.add(w.toString());
                w.setLength(0);
                inWord = false;
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) out.add(w.toString());
        return out;
    }
}
