package dev.sparkllm.engine.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @Test
    void everyUnitRunsExactlyOncePerJob() {
        try (WorkerPool pool = new WorkerPool(3, "test")) {
            for (int units : new int[] {1, 2, 5, 12, 1000}) {
                for (int job = 0; job < 200; job++) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(units);
                    pool.run(units, 12, (from, to) -> {
                        for (int u = from; u < to; u++) hits.incrementAndGet(u);
                    });
                    for (int u = 0; u < units; u++) assertEquals(1, hits.get(u), "units " + units + ", unit " + u);
                }
            }
        }
    }

    @Test
    void workersTakePartInJobs() {
        try (WorkerPool pool = new WorkerPool(2, "test")) {
            AtomicReference<String> other = new AtomicReference<>();
            String caller = Thread.currentThread().getName();
            for (int i = 0; i < 1000 && other.get() == null; i++) {
                pool.run(64, 64, (from, to) -> {
                    String n = Thread.currentThread().getName();
                    if (!n.equals(caller)) other.set(n);
                    busy(20_000);
                });
            }
            assertTrue(other.get() != null && other.get().startsWith("test-"), "a worker ran a chunk: " + other.get());
        }
    }

    @Test
    void aFailingChunkFailsTheCallerAndThePoolStaysUsable() {
        try (WorkerPool pool = new WorkerPool(2, "test")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(8, 8, (from, to) -> {
                if (from <= 5 && 5 < to) throw new IllegalStateException("unit 5 broke");
            }));
            assertEquals("unit 5 broke", e.getMessage());
            AtomicIntegerArray hits = new AtomicIntegerArray(8);
            pool.run(8, 8, (from, to) -> {
                for (int u = from; u < to; u++) hits.incrementAndGet(u);
            });
            for (int u = 0; u < 8; u++) assertEquals(1, hits.get(u));
        }
    }

    @Test
    void jobsFromInsideAJobAndFromSeveralThreadsComplete() throws Exception {
        try (WorkerPool pool = new WorkerPool(2, "test")) {
            AtomicIntegerArray inner = new AtomicIntegerArray(4 * 10);
            pool.run(4, 4, (from, to) -> {
                for (int u = from; u < to; u++) {
                    int outer = u;
                    pool.run(10, 4, (f, t) -> {
                        for (int v = f; v < t; v++) inner.incrementAndGet(outer * 10 + v);
                    });
                }
            });
            for (int i = 0; i < 40; i++) assertEquals(1, inner.get(i), "inner unit " + i);

            ExecutorService callers = Executors.newFixedThreadPool(4);
            List<Future<Integer>> sums = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                sums.add(callers.submit(() -> {
                    int total = 0;
                    for (int job = 0; job < 100; job++) {
                        AtomicIntegerArray hits = new AtomicIntegerArray(16);
                        pool.run(16, 8, (f, t) -> {
                            for (int u = f; u < t; u++) hits.incrementAndGet(u);
                        });
                        for (int u = 0; u < 16; u++) total += hits.get(u);
                    }
                    return total;
                }));
            }
            for (Future<Integer> s : sums) assertEquals(1600, s.get());
            callers.shutdown();
        }
    }

    @Test
    void aClosedPoolRefusesJobs() {
        WorkerPool pool = new WorkerPool(2, "test");
        pool.close();
        assertThrows(IllegalStateException.class, () -> pool.run(4, 4, (f, t) -> { }));
    }

    private static void busy(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) Thread.onSpinWait();
    }
}
