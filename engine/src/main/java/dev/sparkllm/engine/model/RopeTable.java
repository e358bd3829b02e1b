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

    /** Rotates {@code heads} consecutive heads of {@code v} starting at {@code off}, for position {@code pos}. */
    public void apply(float[] v, int off, int heads, int pos) {
        int half = headDim / 2;
        for (int i = 0; i < half; i++) {
            double angle = pos * invFreq[i];
            float cos = (float) Math.cos(angle);
            float sin = (float) Math.sin(angle);
            for (int h = 0; h < heads; h++) {
                int base = off + h * headDim;
                float x = v[base + i];
                float y = v[base + half + i];
                v[base + i] = x * cos - y * sin;
                v[base + half + i] = y * cos + x * sin;
            }
        }
    }
}
