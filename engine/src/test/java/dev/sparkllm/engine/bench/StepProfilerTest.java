package dev.sparkllm.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class StepProfilerTest {
    @Test
    void inlinedKvAccessorOnTopOfAnAttentionKernelCountsAsAttention() {
        assertEquals("attention", StepProfiler.part(List.of(
            "dev.sparkllm.engine.kv.KvSequence.blockBase",
            "dev.sparkllm.engine.backend.vector.AttentionKernels.values3",
            "dev.sparkllm.engine.model.LlamaForward.attend",
            "dev.sparkllm.engine.backend.WorkerPool$Job.work",
            "dev.sparkllm.engine.backend.WorkerPool.workerLoop")));
    }

    @Test
    void vectorApiFramesOnTopOfAGemmCountAsMatmul() {
        assertEquals("matmul", StepProfiler.part(List.of(
            "jdk.incubator.vector.FloatVector.fma",
            "dev.sparkllm.engine.backend.vector.F32Gemm.kernel4x4",
            "dev.sparkllm.engine.model.LlamaForward.layer")));
    }

    @Test
    void aThreadSpinningInTheWorkerPoolIsWaitingEvenInsideALayer() {
        assertEquals("waiting for other threads", StepProfiler.part(List.of(
            "java.lang.Thread.onSpinWait",
            "dev.sparkllm.engine.backend.WorkerPool.run",
            "dev.sparkllm.engine.model.LlamaForward.layer")));
    }

    @Test
    void schedulerWorkWithoutKernelsIsScheduling() {
        assertEquals("scheduling and KV blocks", StepProfiler.part(List.of(
            "dev.sparkllm.engine.kv.BlockPool.allocate",
            "dev.sparkllm.engine.sched.Scheduler.schedule",
            "dev.sparkllm.engine.runtime.EngineCore.step")));
        assertEquals("sampling", StepProfiler.part(List.of(
            "dev.sparkllm.engine.sample.Sampler.argmax",
            "dev.sparkllm.engine.runtime.EngineCore.sampleNext")));
    }

    @Test
    void framesOutsideTheEngineAreNotCharged() {
        assertNull(StepProfiler.part(List.of("java.lang.Thread.run")));
    }
}
