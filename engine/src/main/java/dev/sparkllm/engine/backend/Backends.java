package dev.sparkllm.engine.backend;

import dev.sparkllm.engine.backend.vector.VectorSupport;

/**
 * Chooses the fastest CPU backend this JVM can run. The Vector API backend needs the incubator module
 * {@code jdk.incubator.vector}; without it the engine still works on the scalar backend, and says once, loudly,
 * how to turn the fast path on.
 */
public final class Backends {
    public static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static volatile boolean warned;

    private Backends() { }

    public static boolean vectorApiAvailable() {
        return VectorSupport.isAvailable();
    }

    /** The best CPU backend using {@code threads} threads (0 = all available processors). */
    public static Backend cpu(int threads) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        if (!vectorApiAvailable()) {
            warnOnce();
            return new ScalarBackend();
        }
        try {
            // Loaded by name so that a JVM without the module never links a class that imports it.
            return (Backend) Class.forName("dev.sparkllm.engine.backend.vector.VectorBackend")
                .getConstructor(int.class).newInstance(n);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot start the Vector API backend: " + e, e);
        }
    }

    private static void warnOnce() {
        if (warned) return;
        warned = true;
        System.err.println("sparkllm WARNING: the Java Vector API is not enabled, so the engine runs on its scalar "
            + "backend (several times slower). Start the JVM with --add-modules=" + VECTOR_MODULE
            + " (for Spark: spark.driver.extraJavaOptions and spark.executor.extraJavaOptions; for other JVMs: "
            + "JAVA_TOOL_OPTIONS or the launcher's options).");
    }
}
