package dev.sparkllm.engine.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
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
 * samples of the engine's threads during the measured run. Each sample is charged to the first frame (from the top of
 * its stack) that belongs to a known part of the step, so the shares add up to 100% of the sampled engine time.
 */
final class StepProfiler implements AutoCloseable {
    /** Parts of a step, matched by the declaring class (and method) of a stack frame; first match wins. */
    private static final List<String[]> PARTS = List.of(
        new String[] {"matmul", "F32Gemm", "Int8PanelGemm", "HalfGemm", "DecodedPanelGemm", "VectorTensorOps", "BlockKernels", "KQuantKernels", "HalfKernels"},
        new String[] {"attention", "AttentionKernels", "LlamaForward.attend"},
        new String[] {"waiting for other threads", "WorkerPool"},
        new String[] {"norms, RoPE, SiLU, residuals", "LlamaForward", "RopeTable", "VectorMath"},
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
                    String part = part(e.getStackTrace().getFrames());
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

    private static String part(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            if (f.getMethod() == null) continue;
            String where = f.getMethod().getType().getName() + "." + f.getMethod().getName();
            for (String[] part : PARTS) {
                for (int i = 1; i < part.length; i++) {
                    if (where.contains(part[i])) return part[0];
                }
            }
        }
        return null;
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
