import static jcuda.driver.JCudaDriver.*;

import dev.sparkllm.kernels.CudaProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.*;

/** JCuda on a real GPU: the project's probe, then a PTX kernel loaded, launched and checked through the driver API. */
public class GpuSmoke {
    public static void main(String[] args) throws Exception {
        CudaProbe.Result r = CudaProbe.probe();
        System.out.println("probe: available=" + r.available() + ", devices=" + r.deviceCount() + ", " + r.reason());
        if (!r.available()) System.exit(1);
        CUdevice dev = new CUdevice();
        cuDeviceGet(dev, 0);
        byte[] name = new byte[256];
        cuDeviceGetName(name, name.length, dev);
        int[] major = {0}, minor = {0}, sms = {0};
        cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev);
        cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev);
        cuDeviceGetAttribute(sms, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, dev);
        long[] mem = {0};
        cuDeviceTotalMem(mem, dev);
        int[] driver = {0};
        cuDriverGetVersion(driver);
        System.out.printf("device: %s, compute %d.%d, %d SMs, %.1f GiB, driver API %d%n",
            new String(name).trim(), major[0], minor[0], sms[0], mem[0] / 1073741824.0, driver[0]);
        CUcontext ctx = new CUcontext();
        cuCtxCreate(ctx, 0, dev);
        CUmodule module = new CUmodule();
        byte[] ptx = Files.readAllBytes(Path.of(args[0]));
        byte[] z = java.util.Arrays.copyOf(ptx, ptx.length + 1);
        cuModuleLoadData(module, z);
        CUfunction add = new CUfunction();
        cuModuleGetFunction(add, module, "add");
        int n = 1 << 24;
        float[] a = new float[n], b = new float[n], c = new float[n];
        for (int i = 0; i < n; i++) { a[i] = i * 0.5f; b[i] = 1f - i; }
        CUdeviceptr da = new CUdeviceptr(), db = new CUdeviceptr(), dc = new CUdeviceptr();
        cuMemAlloc(da, (long) n * Sizeof.FLOAT);
        cuMemAlloc(db, (long) n * Sizeof.FLOAT);
        cuMemAlloc(dc, (long) n * Sizeof.FLOAT);
        long t0 = System.nanoTime();
        cuMemcpyHtoD(da, Pointer.to(a), (long) n * Sizeof.FLOAT);
        cuMemcpyHtoD(db, Pointer.to(b), (long) n * Sizeof.FLOAT);
        long t1 = System.nanoTime();
        Pointer params = Pointer.to(Pointer.to(new int[] {n}), Pointer.to(da), Pointer.to(db), Pointer.to(dc));
        int block = 256;
        cuLaunchKernel(add, (n + block - 1) / block, 1, 1, block, 1, 1, 0, null, params, null);
        cuCtxSynchronize();
        CUevent e0 = new CUevent(), e1 = new CUevent();
        cuEventCreate(e0, 0);
        cuEventCreate(e1, 0);
        cuEventRecord(e0, null);
        for (int i = 0; i < 20; i++) cuLaunchKernel(add, (n + block - 1) / block, 1, 1, block, 1, 1, 0, null, params, null);
        cuEventRecord(e1, null);
        cuEventSynchronize(e1);
        float[] ms = {0};
        cuEventElapsedTime(ms, e0, e1);
        cuMemcpyDtoH(Pointer.to(c), dc, (long) n * Sizeof.FLOAT);
        int bad = 0;
        for (int i = 0; i < n; i++) if (c[i] != a[i] + b[i]) bad++;
        System.out.printf("add of %d floats: %d mismatches; host-to-device %.1f GB/s; kernel %.3f ms (%.0f GB/s read+write)%n",
            n, bad, 2.0 * n * 4 / ((t1 - t0) / 1e9) / 1e9, ms[0] / 20, 3.0 * n * 4 / (ms[0] / 20 / 1e3) / 1e9);
        cuMemFree(da); cuMemFree(db); cuMemFree(dc);
        cuCtxDestroy(ctx);
        System.exit(bad == 0 ? 0 : 2);
    }
}
