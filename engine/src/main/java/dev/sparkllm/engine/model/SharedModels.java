package dev.sparkllm.engine.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One in-memory copy of each model per JVM for callers that ask for a shared instance (every engine of a Spark
 * executor): reference counted, loaded on first acquire, dropped when the last holder releases it.
 * Keyed by the real path, size and modification time, so a replaced file is loaded afresh.
 */
public final class SharedModels {
    private record Key(Path realPath, long size, long modified) { }

    private static final class Entry {
        final Model model;
        int holders;

        Entry(Model model) { this.model = model; }
    }

    private static final Map<Key, Entry> MODELS = new HashMap<>();

    private SharedModels() { }

    /** Returns the shared instance of the model at {@code path}, loading it if no one holds it. */
    public static Model acquire(Path path) {
        Key key = key(path);
        synchronized (MODELS) {
            Entry e = MODELS.get(key);
            if (e == null) {
                // Loading under the lock keeps two threads from loading the same model at once; loads are rare.
                e = new Entry(ModelLoader.load(path));
                MODELS.put(key, e);
            }
            e.holders++;
            return e.model;
        }
    }

    /** Gives back one hold on {@code model}; the last release lets it be garbage collected. */
    public static void release(Model model) {
        synchronized (MODELS) {
            MODELS.entrySet().removeIf(en -> en.getValue().model == model && --en.getValue().holders == 0);
        }
    }

    static int holders(Path path) {
        synchronized (MODELS) {
            Entry e = MODELS.get(key(path));
            return e == null ? 0 : e.holders;
        }
    }

    private static Key key(Path path) {
        try {
            Path real = path.toRealPath();
            long size = Files.isDirectory(real) ? 0 : Files.size(real);
            long modified = Files.getLastModifiedTime(real).toMillis();
            return new Key(real, size, modified);
        } catch (IOException e) {
            throw new dev.sparkllm.engine.weights.ModelFormatException(path, "cannot open model: " + e, e);
        }
    }
}
