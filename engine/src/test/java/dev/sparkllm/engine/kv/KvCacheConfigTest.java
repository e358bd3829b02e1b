package dev.sparkllm.engine.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KvCacheConfigTest {

    @Test
    void bytesPerBlockCountsKeysAndValuesInEveryLayer() {
        assertEquals(2L * 4 * 16 * 32 * 1024, KvCacheConfig.bytesPerBlock(16, 32, 1024, KvCacheDtype.F32));
        assertEquals(2L * 2 * 16 * 32 * 1024, KvCacheConfig.bytesPerBlock(16, 32, 1024, KvCacheDtype.F16));
        assertEquals(2L * 2 * 16 * 32 * 1024, KvCacheConfig.bytesPerBlock(16, 32, 1024, KvCacheDtype.BF16));
    }

    @Test
    void sixteenBitValuesFitTwiceTheBlocksInTheSameMemory() {
        long bytes = 100L << 20;
        KvCacheConfig f32 = KvCacheConfig.fromMemory(bytes, 16, 30, 192, true, 0, KvCacheDtype.F32);
        KvCacheConfig f16 = KvCacheConfig.fromMemory(bytes, 16, 30, 192, true, 0, KvCacheDtype.F16);
        assertEquals(KvCacheDtype.F16, f16.dtype());
        assertTrue(f16.numBlocks() == 2 * f32.numBlocks() || f16.numBlocks() == 2 * f32.numBlocks() + 1,
            f32.numBlocks() + " vs " + f16.numBlocks());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> KvCacheConfig.fromMemory(1000, 16, 2, 8, false, 0, KvCacheDtype.BF16));
        assertTrue(e.getMessage().contains("2 x 2 x blockSize 16"), e.getMessage());
    }

    @Test
    void fromMemoryFitsWholeBlocks() {
        long perBlock = KvCacheConfig.bytesPerBlock(16, 2, 8, KvCacheDtype.F32);
        KvCacheConfig c = KvCacheConfig.fromMemory(10 * perBlock + perBlock - 1, 16, 2, 8, true, 7L);
        assertEquals(new KvCacheConfig(10, 16, 2, 8, true, 7L), c);
        assertEquals(perBlock, c.bytesPerBlock());
    }

    @Test
    void fromMemoryRejectsLessThanOneBlock() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KvCacheConfig.fromMemory(1000, 16, 2, 8, false, 0));
        assertTrue(e.getMessage().contains("1000 bytes") && e.getMessage().contains("2048 bytes"), e.getMessage());
    }

    @Test
    void fromMemoryRejectsPoolsBeyondAJavaArrayAndNamesTheMaximum() {
        // 16 x 1024 floats per block and layer: at most 131071 blocks per pool; 1 TiB asks for far more.
        long maxBlocks = (Integer.MAX_VALUE - 8L) / (16 * 1024);
        long maxBytes = maxBlocks * KvCacheConfig.bytesPerBlock(16, 1, 1024, KvCacheDtype.F32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KvCacheConfig.fromMemory(1L << 40, 16, 1, 1024, true, 0));
        assertTrue(e.getMessage().contains(maxBytes + " bytes"), e.getMessage());
        assertEquals(maxBlocks, KvCacheConfig.fromMemory(maxBytes, 16, 1, 1024, true, 0).numBlocks());
        assertThrows(IllegalArgumentException.class, () -> new KvCacheConfig((int) maxBlocks + 1, 16, 1, 1024, true, 0));
    }

    @Test
    void blockSizeMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new KvCacheConfig(4, 12, 1, 8, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new KvCacheConfig(0, 16, 1, 8, false, 0));
    }
}
