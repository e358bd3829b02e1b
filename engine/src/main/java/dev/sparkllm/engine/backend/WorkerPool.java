package dev.sparkllm.engine.backend;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of worker threads that stay alive for the engine's lifetime and share each parallel operation with the
 * calling thread. A forward step runs a few hundred short operations (tens of microseconds each at decode time), so
 * handing them to an executor service — a task object, a queue and a future per piece — costs as much as the work.
 * Here a job is published through one volatile reference; workers spin briefly on it (the next operation of a step
 * usually follows within microseconds) and then park until the next job unparks them.
 *
 * <p>A job's units are cut into contiguous chunks that the participants claim from a shared counter, so a thread
 * slowed by the machine (a busy host, a Spark task thread) does not hold the others back. Which thread computes a
 * chunk never changes what it computes: callers keep each unit's arithmetic independent of the split.
 */
public final class WorkerPool implements AutoCloseable {
    /** Spin iterations before a worker parks: about the gap between two operations of one step. */
    private static final int SPIN_LIMIT = 1 << 14;

    private final Thread[] workers;
    private final Object submitLock = new Object();
    /** The latest job; workers compare it by identity with the last one they ran. */
    private volatile Job current;
    private volatile boolean closed;

    /** One parallel operation. Published whole through {@link #current}, so a worker never mixes two jobs' fields. */
    private static final class Job {
        final Backend.Range range;
        final int units;
        final int chunks;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(Backend.Range range, int units, int chunks) {
            this.range = range;
            this.units = units;
            this.chunks = chunks;
        }

        /** Claims and runs chunks until none is left. */
        void work() {
            for (int i = next.getAndIncrement(); i < chunks; i = next.getAndIncrement()) {
                try {
                    if (failure == null) range.run((int) ((long) units * i / chunks), (int) ((long) units * (i + 1) / chunks));
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    /** A pool that runs jobs on {@code threads} threads: the caller and {@code threads - 1} workers. */
    public WorkerPool(int threads, String name) {
        workers = new Thread[Math.max(0, threads - 1)];
        for (int i = 0; i < workers.length; i++) {
            Thread t = new Thread(this::workerLoop, name + "-" + (i + 1));
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    /**
     * Runs {@code range} over units [0, units) cut into at most {@code maxChunks} contiguous chunks, and returns when
     * all are done. Jobs from several threads take turns; a job started from a worker runs inline, since that worker
     * is needed to finish the outer job.
     */
    public void run(int units, int maxChunks, Backend.Range range) {
        if (workers.length == 0 || units < 2 || isWorker(Thread.currentThread())) {
            range.run(0, units);
            return;
        }
        synchronized (submitLock) {
            if (closed) throw new IllegalStateException("the CPU worker pool is closed");
            Job job = new Job(range, units, Math.max(1, Math.min(units, maxChunks)));
            current = job;
            for (Thread w : workers) LockSupport.unpark(w);
            job.work();
            for (int spins = 0; job.done.get() < job.chunks; spins++) {
                if (spins < SPIN_LIMIT) Thread.onSpinWait(); else Thread.yield();
            }
            Throwable f = job.failure;
            if (f instanceof RuntimeException re) throw re;
            if (f instanceof Error err) throw err;
            if (f != null) throw new IllegalStateException(f);
        }
    }

    private void workerLoop() {
        Job seen = null;
        while (!closed) {
            Job j = current;
            if (j != seen) {
                seen = j;
                j.work();
                continue;
            }
            int spins = 0;
            while (current == seen && !closed) {
                if (spins++ < SPIN_LIMIT) Thread.onSpinWait(); else LockSupport.park(this);
            }
        }
    }

    private boolean isWorker(Thread t) {
        for (Thread w : workers) if (w == t) return true;
        return false;
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) LockSupport.unpark(w);
    }
}
