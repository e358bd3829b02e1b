package dev.sparkllm.kernels;

import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;

/**
 * Whether a CUDA device is usable from this JVM, asked once. Without a driver the first JCuda call throws
 * UnsatisfiedLinkError and every later one NoClassDefFoundError, so the answer (and why) is cached.
 */
public final class CudaProbe {
    /** The probe's answer: how many devices, or why none can be used. */
    public record Result(int deviceCount, String reason) {
        public boolean available() { return deviceCount > 0; }
    }

    private static volatile Result cached;

    private CudaProbe() { }

    public static Result probe() {
        Result r = cached;
        if (r == null) {
            synchronized (CudaProbe.class) {
                if (cached == null) cached = run();
                r = cached;
            }
        }
        return r;
    }

    private static Result run() {
        try {
            JCudaDriver.setExceptionsEnabled(true);
            JCudaDriver.cuInit(0);
            int[] count = new int[1];
            JCudaDriver.cuDeviceGetCount(count);
            if (count[0] == 0) return new Result(0, "the CUDA driver reports no devices");
            CUdevice dev = new CUdevice();
            JCudaDriver.cuDeviceGet(dev, 0);
            return new Result(count[0], count[0] + " CUDA device(s)");
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return new Result(0, "no CUDA driver (libcuda.so.1) on this machine: " + e.getMessage());
        } catch (RuntimeException e) {
            return new Result(0, "CUDA initialisation failed: " + e.getMessage());
        }
    }
}
