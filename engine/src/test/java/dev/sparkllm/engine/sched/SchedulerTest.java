package dev.sparkllm.engine.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkllm.engine.kv.KvAllocation;
import dev.sparkllm.engine.kv.KvCacheConfig;
import dev.sparkllm.engine.kv.KvCacheManager;
import dev.sparkllm.engine.runtime.FinishReason;
import dev.sparkllm.engine.sample.SamplingParams;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Scheduling decisions without a model: budgets, admission order, chunking, preemption. */
class SchedulerTest {
    private final List<Sequence> finished = new ArrayList<>();
    private long nextId;

    private KvCacheManager kv(int blocks) {
        return new KvCacheManager(new KvCacheConfig(blocks, 16, 1, 8, true, 0));
    }

    /** A sequence with a prompt of its own (no prefix shared with any other). */
    private Sequence sequence(KvCacheManager kv, int promptLength, int maxTokens) {
        int[] prompt = new int[promptLength];
        for (int i = 0; i < promptLength; i++) prompt[i] = (int) (nextId * 1000 + i);
        return withPrompt(kv, prompt, maxTokens);
    }

    private Sequence withPrompt(KvCacheManager kv, int[] prompt, int maxTokens) {
        EngineRequest r = new EngineRequest(nextId++, prompt, SamplingParams.greedy(maxTokens), maxTokens,
            prompt.length + maxTokens, new CompletableFuture<>(), () -> null, 1);
        return r.start(kv.newSequence());
    }

    /** Marks a step's chunks as computed and appends one token to sequences that caught up, as the engine does. */
    private static void run(List<ScheduledChunk> step) {
        for (ScheduledChunk c : step) {
            c.sequence().advanceComputed(c.numNewTokens());
            if (c.sequence().numComputed() == c.sequence().numTokens()) c.sequence().append(7);
        }
    }

    private static int tokens(List<ScheduledChunk> step) {
        return step.stream().mapToInt(ScheduledChunk::numNewTokens).sum();
    }

    @Test
    void longPromptsArePrefilledInChunksUnderTheTokenBudget() {
        KvCacheManager kv = kv(100);
        Scheduler s = new Scheduler(kv, KvAllocation.PAGED, 8, 64, finished::add);
        Sequence a = sequence(kv, 150, 4);
        Sequence b = sequence(kv, 10, 4);
        s.add(a);
        s.add(b);
        List<ScheduledChunk> step1 = s.schedule();
        assertEquals(1, step1.size(), "the budget is spent on a's first chunk");
        assertEquals(64, step1.get(0).numNewTokens());
        run(step1);
        List<ScheduledChunk> step2 = s.schedule();
        assertEquals(64, tokens(step2));
        run(step2);
        List<ScheduledChunk> step3 = s.schedule();
        assertEquals(22 + 10, tokens(step3), "a's last 22 tokens, then b is admitted in the same step");
        assertEquals(2, step3.size());
        run(step3);
        List<ScheduledChunk> step4 = s.schedule();
        assertEquals(2, tokens(step4), "both decode one token");
    }

    @Test
    void maxNumSeqsCapsTheRunningSet() {
        KvCacheManager kv = kv(100);
        Scheduler s = new Scheduler(kv, KvAllocation.PAGED, 2, 1000, finished::add);
        for (int i = 0; i < 5; i++) s.add(sequence(kv, 5, 4));
        assertEquals(2, s.schedule().size());
        assertEquals(2, s.numRunning());
        assertEquals(3, s.numWaiting());
    }

    @Test
    void preemptsTheNewestWhenBlocksRunOutAndItRecomputesLater() {
        KvCacheManager kv = kv(12);   // 192 token slots
        Scheduler s = new Scheduler(kv, KvAllocation.PAGED, 8, 1000, finished::add);
        Sequence a = sequence(kv, 30, 100);
        Sequence b = sequence(kv, 30, 100);
        s.add(a);
        s.add(b);
        List<ScheduledChunk> step = s.schedule();
        assertEquals(2, step.size(), "both prompts fit with four blocks of growth to spare for each");
        for (int i = 0; i < 100 && s.preemptions() == 0; i++) {
            run(step);
            step = s.schedule();
        }
        // Both grow to 6 blocks at position 80; at position 96 a needs a seventh: b, the newest, is preempted.
        assertEquals(1, s.preemptions());
        assertEquals(1, step.size());
        assertSame(a, step.get(0).sequence());
        assertEquals(96, step.get(0).startPos());
        assertEquals(Sequence.Status.WAITING, b.status());
        assertEquals(0, b.numComputed());
        assertEquals(97, b.numTokens(), "b keeps the tokens it generated and recomputes them");
        kv.checkInvariants();
    }

    @Test
    void admissionLeavesRoomForTheRunningSequencesToGrow() {
        KvCacheManager kv = kv(8);
        Scheduler s = new Scheduler(kv, KvAllocation.PAGED, 8, 1000, finished::add);
        s.add(sequence(kv, 30, 40));
        s.add(sequence(kv, 30, 40));
        assertEquals(1, s.schedule().size(), "admitting the second would leave 4 free blocks for 3 + 3 of growth");
        assertEquals(1, s.numWaiting());
    }

    @Test
    void growthRoomStopsAtMaxTokens() {
        KvCacheManager kv = kv(4);
        Scheduler s = new Scheduler(kv, KvAllocation.PAGED, 8, 1000, finished::add);
        s.add(sequence(kv, 30, 2));
        s.add(sequence(kv, 30, 2));
        assertEquals(2, s.schedule().size(), "32 tokens each fill their 2 blocks: neither can grow, both fit");
    }

    @Test
    void aSequenceThatCannotFitAloneFinishesWithAnError() {
        KvCacheManager kv = kv(2);
        Scheduler s = new Scheduler(kv, KvAllocation.PAGED, 8, 1000, finished::add);
        Sequence big = sequence(kv, 40, 4);
        Sequence ok = sequence(kv, 5, 4);
        s.add(big);
        s.add(ok);
        List<ScheduledChunk> step = s.schedule();
        assertEquals(List.of(big), finished);
        assertEquals(FinishReason.ERROR, big.finishReason());
        assertTrue(big.error().contains("KV cache is too small"), big.error());
        assertEquals(1, step.size());
        assertSame(ok, step.get(0).sequence());
    }

    @Test
    void aPromptWaitsOneStepForAPrefixBlockThatIsBeingComputed() {
        KvCacheManager kv = kv(100);
        Scheduler s = new Scheduler(kv, KvAllocation.PAGED, 8, 1000, finished::add);
        int[] shared = new int[40];
        for (int i = 0; i < 40; i++) shared[i] = 500 + i;
        Sequence a = withPrompt(kv, shared, 4);
        Sequence b = withPrompt(kv, shared, 4);
        s.add(a);
        s.add(b);
        List<ScheduledChunk> first = s.schedule();
        assertEquals(1, first.size(), "b would compute the same blocks as a in the same step");
        run(first);
        kv.commit(a.kv(), a.tokenArray(), a.numComputed());
        List<ScheduledChunk> second = s.schedule();
        assertEquals(2, second.size());
        assertEquals(32, second.get(1).startPos(), "b starts after the two cached blocks");
        assertEquals(8, second.get(1).numNewTokens());
    }

    @Test
    void staticModeReservesTheMaximumAtAdmission() {
        KvCacheManager kv = kv(10);
        Scheduler s = new Scheduler(kv, KvAllocation.STATIC, 8, 1000, finished::add);
        s.add(sequence(kv, 10, 60));   // reserves 70 tokens = 5 blocks
        s.add(sequence(kv, 10, 60));
        s.add(sequence(kv, 10, 60));
        assertEquals(2, s.schedule().size(), "only two 5-block reservations fit in 10 blocks");
        assertEquals(10, kv.numUsedBlocks());
    }
}
