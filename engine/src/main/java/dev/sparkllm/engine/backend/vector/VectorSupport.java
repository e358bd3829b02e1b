package dev.sparkllm.engine.backend.vector;

/**
 * Whether the Vector API kernels can be used. This class deliberately does not touch {@code jdk.incubator.vector}:
 * callers ask it first and only then load {@link VectorMath} or {@link VectorTensorOps}, whose class initialisation
 * fails with NoClassDefFoundError when the JVM was started without {@code --add-modules jdk.incubator.vector}.
 */
public final class VectorSupport {
    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorSupport() { }

    public static boolean isAvailable() {
        return AVAILABLE;
    }
}
