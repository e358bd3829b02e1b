package dev.sparkllm.engine.model;

/**
 * Rotary position embedding in Hugging Face's rotate-half form: within each head, dimension i pairs with i + d/2.
 * Angles are computed in double and rounded once, so a position's rotation does not depend on how it was reached.
 */
public final class RopeTable {
    private final int headDim;
    private final double[] invFreq;

    public RopeTable(ModelConfig cfg, float[] freqFactors) {
        this.headDim = cfg.headDim();
        int half = headDim / 2;
        invFreq = new double[half];
        for (int i = 0; i < half; i++) {
            double f = 1.0 / Math.pow(cfg.ropeTheta(), (2.0 * i) / headDim);
            invFreq[i] = scale(f, cfg.ropeScaling());
            if (freqFactors != null) invFreq[i] /= freqFactors[i];
        }
    }

    /** Llama 3.1's band-wise rescaling (transformers' {@code _compute_llama3_parameters}) and linear scaling. */
    private static double scale(double f, ModelConfig.RopeScaling s) {
        if (s == null) return f;
        if ("linear".equals(s.type())) return f / s.factor();
        double lowWavelen = s.originalMaxPositionEmbeddings() / s.lowFreqFactor();
        double highWavelen = s.originalMaxPositionEmbeddings() / s.highFreqFactor();
        double wavelen = 2 * Math.PI / f;
        if (wavelen < highWavelen) return f;
        if (wavelen > lowWavelen) return f / s.factor();
        double smooth = (s.originalMaxPositionEmbeddings() / wavelen - s.lowFreqFactor())
            / (s.highFreqFactor() - s.lowFreqFactor());
        return (1 - smooth) * f / s.factor() + smooth * f;
    }

    /** Floats {@link #rotation} writes per position: a cosine and a sine per dimension pair. */
    public int rotationSize() {
        return headDim;
    }

    /**
     * The rotation of position {@code pos} into {@code r[off ..]}: cosines of the {@code headDim / 2} pair angles, then
     * their sines. A step computes it once per token and every layer reuses it.
     */
    public void rotation(int pos, float[] r, int off) {
        int half = headDim / 2;
        for (int i = 0; i < half; i++) {
            double angle = pos * invFreq[i];
            r[off + i] = (float) Math.cos(angle);
            r[off + half + i] = (float) Math.sin(angle);
        }
    }

    /** Rotates {@code heads} consecutive heads of {@code v} starting at {@code off} by a {@link #rotation}. */
    public void apply(float[] v, int off, int heads, float[] r, int rOff) {
        int half = headDim / 2;
        for (int h = 0; h < heads; h++) {
            int base = off + h * headDim;
            for (int i = 0; i < half; i++) {
                float cos = r[rOff + i];
                float sin = r[rOff + half + i];
                float x = v[base + i];
                float y = v[base + half + i];
                v[base + i] = x * cos - y * sin;
                v[base + half + i] = y * cos + x * sin;
            }
        }
    }

    /** Rotates {@code heads} consecutive heads of {@code v} starting at {@code off}, for position {@code pos}. */
    public void apply(float[] v, int off, int heads, int pos) {
        float[] r = new float[headDim];
        rotation(pos, r, 0);
        apply(v, off, heads, r, 0);
    }
}
