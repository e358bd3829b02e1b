package dev.sparkllm.ci.jupyter;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Runs notebook cells through one JShell session. The "local" execution engine runs snippets in this JVM, loaded by
 * a class loader whose parent is the application class loader: cells use the JVM's classpath (Spark, the connector)
 * directly and share static state with it, as a notebook user expects. Any rejected snippet or exception fails the
 * cell, which is what lets CI fail on a broken notebook.
 */
final class JShellCells implements AutoCloseable {
    private JShell shell;

    void start() {
        shell = JShell.builder().executionEngine("local").build();
        shell.addToClasspath(System.getProperty("java.class.path"));   // what javac inside JShell compiles against
        eval("import static " + Display.class.getName() + ".display;");
    }

    /** Evaluates every snippet of {@code code} in order; returns the last snippet's value if it is an expression. */
    String eval(String code) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String rest = code;
        String value = null;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (!info.completeness().isComplete()) {
                throw new CellException("incomplete Java source: " + rest.strip(), null);
            }
            value = evalSnippet(info.source());
            rest = info.remaining();
        }
        return value;
    }

    boolean isComplete(String code) {
        return shell.sourceCodeAnalysis().analyzeCompletion(code).completeness().isComplete();
    }

    private String evalSnippet(String source) {
        String value = null;
        for (SnippetEvent e : shell.eval(source)) {
            if (e.causeSnippet() != null) {   // an earlier declaration re-checked because this source changed
                if (!e.status().isDefined()) {   // e.g. "import java.awt.*" makes an earlier List<...> ambiguous
                    System.err.println("warning: this cell made an earlier declaration invalid: "
                        + e.snippet().source().strip());
                }
                continue;
            }
            if (e.exception() != null) throw failure(e.exception());
            Snippet.Status status = e.status();
            if (status == Snippet.Status.REJECTED || status == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                throw new CellException(diagnostics(e.snippet(), source), null);
            }
            boolean expression = e.snippet().kind() == Snippet.Kind.EXPRESSION
                || e.snippet().subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
            value = expression ? e.value() : null;
        }
        return value;
    }

    private String diagnostics(Snippet snippet, String source) {
        List<Diag> diags = shell.diagnostics(snippet).collect(Collectors.toList());
        if (diags.isEmpty()) return "snippet not defined (unresolved references):\n" + source.strip();
        return diags.stream().map(d -> d.getMessage(Locale.ROOT)).collect(Collectors.joining("\n"))
            + "\nin:\n" + source.strip();
    }

    private static CellException failure(Exception e) {
        String type = e instanceof EvalException ee ? ee.getExceptionClassName() : e.getClass().getName();
        return new CellException(type + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        if (shell != null) shell.close();
    }

    /** A cell that failed to compile or threw; unchecked because BaseKernel.evalRaw declares nothing. */
    static final class CellException extends RuntimeException {
        CellException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
