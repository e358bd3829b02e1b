package dev.sparkllm.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} arguments of an example job. Unknown names and missing values are errors that list what
 * the job accepts, so a typo fails at once instead of after a Spark session has started.
 */
final class JobArgs {
    private final Map<String, String> values = new LinkedHashMap<>();

    private JobArgs() { }

    /** Parses {@code args}; {@code usage} is the job's one-line synopsis, shown with every error. */
    static JobArgs parse(String[] args, Set<String> known, String usage) {
        JobArgs parsed = new JobArgs();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) throw new UsageException(usage);
            if (!a.startsWith("--") || !known.contains(a.substring(2))) {
                throw new UsageException("unknown argument \"" + a + "\"\nusage: " + usage);
            }
            if (i + 1 == args.length) throw new UsageException(a + " needs a value\nusage: " + usage);
            parsed.values.put(a.substring(2), args[++i]);
        }
        return parsed;
    }

    /** Runs a job's main body; a bad command line ends the JVM with status 2 and the message, without a trace. */
    static void runMain(Runnable job) {
        try {
            job.run();
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    String get(String name, String dflt) {
        return values.getOrDefault(name, dflt);
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null) throw new UsageException("--" + name + " is required");
        return v;
    }

    int positiveInt(String name, int dflt) {
        String v = values.get(name);
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v);
            if (n > 0) return n;
        } catch (NumberFormatException e) {
            // reported below, with the name
        }
        throw new UsageException("--" + name + " must be a positive integer, got \"" + v + "\"");
    }

    /** A file the job reads: the argument if given, else {@link #inCheckout(String) fallback in the checkout}. */
    Path existingPath(String name, String fallback) {
        String v = values.get(name);
        if (v == null) return inCheckout(fallback);
        Path p = Paths.get(v).toAbsolutePath().normalize();
        if (!Files.exists(p)) throw new UsageException("--" + name + ": " + p + " does not exist");
        return p;
    }

    /**
     * A file of the sparkllm checkout ({@code -Dsparkllm.home}, which bin/sparkllm-spark sets, else the working
     * directory), such as the demo model or the sample prompts. A missing file fails here, naming the path.
     */
    static Path inCheckout(String relative) {
        Path p = Paths.get(System.getProperty("sparkllm.home", ".")).resolve(relative).toAbsolutePath().normalize();
        if (!Files.exists(p)) throw new UsageException(p + " does not exist (is -Dsparkllm.home the sparkllm checkout?)");
        return p;
    }

    /** A bad command line: the message is for the user, no stack trace needed. */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message);
        }
    }
}
