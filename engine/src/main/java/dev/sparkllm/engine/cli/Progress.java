package dev.sparkllm.engine.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr for long inputs; nothing at all for short ones, which finish before it would help. */
final class Progress implements AutoCloseable {
    private static final int MIN_REQUESTS = 20;
    private final ProgressBar bar;
    private long tokens;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    static Progress forRequests(int requests) {
        if (requests < MIN_REQUESTS) return new Progress(null);
        return new Progress(new ProgressBarBuilder().setTaskName("generate").setInitialMax(requests)
            .setStyle(ProgressBarStyle.ASCII).setUnit(" req", 1).showSpeed()
            .setConsumer(new ConsoleProgressBarConsumer(System.err)).build());
    }

    void step(int generatedTokens) {
        if (bar == null) return;
        tokens += generatedTokens;
        bar.step();
        bar.setExtraMessage(tokens + " tokens");
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
