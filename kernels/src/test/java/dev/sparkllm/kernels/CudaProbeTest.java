package dev.sparkllm.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CudaProbeTest {

    @Test
    void answersOnceAndExplains() {
        CudaProbe.Result first = CudaProbe.probe();
        assertSame(first, CudaProbe.probe(), "the probe must be cached: a failed JCuda init cannot be retried");
        assertFalse(first.reason().isBlank());
        assertEquals(first.available(), first.deviceCount() > 0);
    }

    @Test
    void reportsNoDeviceWithoutADriver() {
        boolean driverPresent = new java.io.File("/usr/lib/x86_64-linux-gnu/libcuda.so.1").exists()
            || System.getenv("CUDA_VISIBLE_DEVICES") != null;
        org.junit.jupiter.api.Assumptions.assumeFalse(driverPresent, "a CUDA driver is installed here");
        CudaProbe.Result r = CudaProbe.probe();
        assertFalse(r.available());
        assertTrue(r.reason().contains("driver") || r.reason().contains("devices"), r.reason());
    }
}
