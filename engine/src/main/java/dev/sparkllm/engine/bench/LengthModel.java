package dev.sparkllm.engine.bench;

import java.util.SplittableRandom;

/**
 * Request lengths from two independent log-normals (input and output), long-tailed like real chat traffic, limited
 * the way the vLLM paper's datasets are: a pair over the limits is drawn again. Rejection lowers the means, so the
 * log-normals' locations are fitted (once, deterministically) until the means of the accepted pairs hit the targets.
 */
final class LengthModel {
    /** One request's prompt and output lengths, both at least 1. */
    record Lengths(int input, int output) { }

    private static final int CALIBRATION_PAIRS = 20_000;
    private static final int CALIBRATION_ROUNDS = 40;

    private final double sigmaIn;
    private final double sigmaOut;
    private final int maxInput;
    private final int maxOutput;
    private final int maxTotal;
    private final double muIn;
    private final double muOut;

    /**
     * @param sigmaIn  spread of ln(input length); larger means a longer tail
     * @param maxTotal limit of input + output
     */
    LengthModel(double meanIn, double sigmaIn, double meanOut, double sigmaOut, int maxInput, int maxOutput, int maxTotal) {
        this.sigmaIn = sigmaIn;
        this.sigmaOut = sigmaOut;
        this.maxInput = maxInput;
        this.maxOutput = maxOutput;
        this.maxTotal = maxTotal;
        // Common random numbers: the same normal pairs in every round, so the fit converges instead of chasing noise.
        SplittableRandom rnd = new SplittableRandom(0x5eed);
        double[] z = new double[2 * CALIBRATION_PAIRS];
        for (int i = 0; i < z.length; i++) z[i] = rnd.nextGaussian();
        // Start from the untruncated log-normal's location: mean = exp(mu + sigma^2 / 2).
        double mi = Math.log(meanIn) - sigmaIn * sigmaIn / 2;
        double mo = Math.log(meanOut) - sigmaOut * sigmaOut / 2;
        for (int round = 0; round < CALIBRATION_ROUNDS; round++) {
            long sumIn = 0;
            long sumOut = 0;
            int n = 0;
            for (int i = 0; i < CALIBRATION_PAIRS; i++) {
                int in = length(mi, sigmaIn, z[2 * i]);
                int out = length(mo, sigmaOut, z[2 * i + 1]);
                if (!accepted(in, out)) continue;
                sumIn += in;
                sumOut += out;
                n++;
            }
            mi += Math.log(meanIn * n / sumIn);
            mo += Math.log(meanOut * n / sumOut);
        }
        this.muIn = mi;
        this.muOut = mo;
    }

    /** Draws one accepted pair. */
    Lengths sample(SplittableRandom rnd) {
        while (true) {
            int in = length(muIn, sigmaIn, rnd.nextGaussian());
            int out = length(muOut, sigmaOut, rnd.nextGaussian());
            if (accepted(in, out)) return new Lengths(in, out);
        }
    }

    private boolean accepted(int in, int out) {
        return in <= maxInput && out <= maxOutput && in + out <= maxTotal;
    }

    private static int length(double mu, double sigma, double z) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE / 4, Math.round(Math.exp(mu + sigma * z))));
    }
}
