package dev.sparkllm.spark.docs;

import java.util.stream.Collectors;
import jdk.jshell.JShell;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Runs the Java blocks of one docs page in a JShell of their own, in this JVM ("local" execution: the snippets see
 * the running Spark session as {@code spark}), with the variables the docs assume: {@code df} (the prompt table) and
 * {@code promptsDir} (the page's prompt files). A snippet that does not compile or throws fails the page.
 */
final class JavaSnippets implements AutoCloseable {
    private final JShell shell = JShell.builder().executionEngine("local").build();

    JavaSnippets(String promptsDir) {
        // surefire runs tests from a manifest-only jar; the real classpath is in this property
        shell.addToClasspath(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        run("import java.util.*; import org.apache.spark.sql.*; import static org.apache.spark.sql.functions.*;"
            + " import org.apache.spark.sql.execution.SparkPlan; import dev.sparkllm.spark.SparkLlm;"
            + " SparkSession spark = SparkSession.active(); Dataset<Row> df = spark.table(\"prompts\");"
            + " String promptsDir = \"" + promptsDir + "\";");
    }

    void run(String code) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        for (String rest = code; !rest.isBlank(); ) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (!info.completeness().isComplete()) throw new AssertionError("incomplete Java: " + rest);
            for (SnippetEvent e : shell.eval(info.source())) {
                if (e.causeSnippet() != null) continue;
                if (e.exception() != null) throw new AssertionError("snippet threw: " + info.source(), e.exception());
                if (!e.status().isDefined()) {
                    String diags = shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).collect(Collectors.joining("\n"));
                    throw new AssertionError("snippet rejected (" + e.status() + "): " + diags + "\n" + info.source());
                }
            }
            rest = info.remaining();
        }
    }

    @Override
    public void close() {
        shell.close();
    }
}
