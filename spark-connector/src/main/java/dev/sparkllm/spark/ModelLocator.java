package dev.sparkllm.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkEnv;
import org.apache.spark.deploy.SparkHadoopUtil;

/**
 * Turns a model location into a local path the engine can memory-map. Local paths (no scheme or {@code file:}) are
 * used in place; anything else (hdfs:, s3a:, abfs:, …) is copied once per JVM through Hadoop's FileSystem into a
 * temporary folder that is deleted when the JVM exits.
 */
final class ModelLocator {
    private static final Map<String, Path> COPIES = new ConcurrentHashMap<>();

    private ModelLocator() { }

    static Path localize(String model) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("no model: set " + SparkLlmConf.MODEL + " or the generate() option 'model'");
        }
        URI uri = uri(model);
        if (uri == null || uri.getScheme() == null || uri.getScheme().length() == 1) return checkLocal(model, Paths.get(model));
        if (uri.getScheme().equals("file")) return checkLocal(model, Paths.get(uri));
        return COPIES.computeIfAbsent(model, ModelLocator::copy);
    }

    private static URI uri(String model) {
        try {
            return new URI(model);
        } catch (URISyntaxException e) {
            return null;   // not a URI (e.g. spaces in a plain path): treat it as a local path
        }
    }

    private static Path checkLocal(String model, Path p) {
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("sparkllm model " + model + " does not exist on executor host "
                + hostName() + " (local paths must exist on every executor; use an hdfs:// or s3a:// URI to have it copied)");
        }
        return p;
    }

    private static Path copy(String model) {
        org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(model);
        try {
            FileSystem fs = src.getFileSystem(hadoopConf());
            if (!fs.exists(src)) throw new IllegalArgumentException("sparkllm model " + model + " does not exist");
            Path dir = Files.createTempDirectory("sparkllm-model-");
            deleteOnExit(dir);
            Path dst = dir.resolve(src.getName().isEmpty() ? "model" : src.getName());
            fs.copyToLocalFile(false, src, new org.apache.hadoop.fs.Path(dst.toUri()), true);
            return dst;
        } catch (IOException e) {
            throw new UncheckedIOException("sparkllm cannot copy the model " + model + " to local disk: " + e.getMessage(), e);
        }
    }

    private static Configuration hadoopConf() {
        SparkEnv env = SparkEnv.get();
        return env == null ? new Configuration() : SparkHadoopUtil.get().newConfiguration(env.conf());
    }

    private static void deleteOnExit(Path dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort: the folder is under java.io.tmpdir
            }
        }, "sparkllm-model-cleanup"));
    }

    private static String hostName() {
        SparkEnv env = SparkEnv.get();
        return env == null ? "localhost" : env.blockManager().blockManagerId().host();
    }
}
