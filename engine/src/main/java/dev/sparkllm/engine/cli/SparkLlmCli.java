package dev.sparkllm.engine.cli;

import dev.sparkllm.engine.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/sparkllm}: run the engine on a model from the command line, without Spark. */
@Command(name = "sparkllm", mixinStandardHelpOptions = true, version = "sparkllm 0.1.0",
    description = "Batch LLM inference engine (the engine of the sparkllm Spark plugin), from the command line.",
    subcommands = {TokenizeCommand.class, GenerateCommand.class, BenchCommand.class})
public final class SparkLlmCli implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns the exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new SparkLlmCli());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("sparkllm: " + ex.getMessage());
            if (System.getenv("SPARKLLM_DEBUG") != null) ex.printStackTrace(cmd.getErr());
            return 1;
        });
        return cli.execute(args);
    }
}
