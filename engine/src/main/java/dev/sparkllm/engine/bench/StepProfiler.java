package dev.sparkllm.engine.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * {@code sparkllm bench --profile}: where an engine step's CPU time goes, from the JDK Flight Recorder's execution
 * samples of the engine's threads during the measured run. A sample whose innermost engine frame is the worker pool
 * is a thread waiting for the others; any other sample is charged to the first part (in {@link #PARTS} order) that has
 * a frame anywhere on its stack, so the shares add up to 100% of the sampled engine time. Matching the whole stack
 * rather than the top frame matters: small accessors inlined into a kernel (a KV block table lookup inside the
 * attention loop) own the sampled instruction, and would otherwise take the kernel's time to their own part.
 */
final class StepProfiler implements AutoCloseable {
    private static final String WAITING = "waiting for other threads";
    private static final String WORKER_POOL = "dev.sparkllm.engine.backend.WorkerPool";

    /** Parts of a step, matched by the declaring class (and method) of a stack frame; the first part that matches wins. */
    private static final List<String[]> PARTS = List.of(
        new String[] {"matmul", "F32Gemm", "Int8PanelGemm", "HalfGemm", "DecodedPanelGemm", "VectorTensorOps", "BlockKernels", "KQuantKernels", "HalfKernels"},
        new String[] {"attention", "AttentionKernels", "LlamaForward.attend"},
        new String[] {WAITING},
        new String[] {"norms, RoPE, SiLU, residuals", "LlamaForward", "RopeTable", "VectorMath", "VectorActivations"},
        new String[] {"sampling", "dev.sparkllm.engine.sample."},
        new String[] {"scheduling and KV blocks", "dev.sparkllm.engine.sched.", "dev.sparkllm.engine.kv."},
        new String[] {"engine loop, other", "dev.sparkllm.engine."});

    private final Recording recording;

    StepProfiler() {
        try {
            recording = new Recording(Configuration.getConfiguration("profile"));
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("cannot read the JDK's 'profile' Flight Recorder settings: " + e.getMessage(), e);
        }
        recording.start();
    }

    /** Stops recording and returns samples per part (engine threads only), in {@link #PARTS} order. */
    Map<String, Integer> stop() {
        recording.stop();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String[] part : PARTS) counts.put(part[0], 0);
        try {
            Path file = Files.createTempFile("sparkllm-profile", ".jfr");
            try {
                recording.dump(file);
                for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                    if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) continue;
                    RecordedThread thread = e.getThread("sampledThread");
                    if (thread == null || thread.getJavaName() == null || !thread.getJavaName().startsWith("sparkllm-")) continue;
                    String part = part(names(e.getStackTrace().getFrames()));
                    if (part != null) counts.merge(part, 1, Integer::sum);
                }
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the profile recording", e);
        }
        return counts;
    }

    static String part(List<String> frames) {
        for (String where : frames) {
            if (!where.startsWith("dev.sparkllm.")) continue;
            if (where.startsWith(WORKER_POOL)) return WAITING;
            break;
        }
        for (String[] part : PARTS) {
            for (String where : frames) {
                for (int i = 1; i < part.length; i++) {
                    if (where.contains(part[i])) return part[0];
                }
            }
        }
        return null;
    }

    /** The stack as "class.method" strings, innermost first. */
    private static List<String> names(List<RecordedFrame> frames) {
        List<String> names = new ArrayList<>(frames.size());
        for (RecordedFrame f : frames) {
            if (f.getMethod() != null) names.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
        }
        return names;
    }

    /** The breakdown as a table: part, samples, share. */
    static String table(Map<String, Integer> counts) {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-30s %8s %7s%n", "step time (sampled)", "samples", "share"));
        counts.forEach((part, n) -> sb.append(String.format(Locale.ROOT, "%-30s %8d %6.1f%%%n", part, n,
            total == 0 ? 0 : 100.0 * n / total)));
        return sb.toString();
    }

    @Override
    public void close() {
        recording.close();
    }
}
