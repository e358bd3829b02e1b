package dev.sparkllm.spark.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every code block of docs/*.md runs here (docs/README.md says how each kind is run). A model path under /models/
 * stands for the demo model. A block of a kind this test cannot run fails it, so no snippet goes unchecked.
 */
class DocsSnippetsTest extends DocsSession {
    static Stream<String> pages() throws IOException {
        try (Stream<Path> files = Files.list(DocsSession.repoRoot().resolve("docs"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("pages")
    void everySnippetRuns(String page, @TempDir Path promptsDir) throws Exception {
        List<CodeBlock> blocks = CodeBlock.parse(Files.readString(DocsSession.repoRoot().resolve("docs").resolve(page)));
        // prompt files first: the page's SQL and Java read them through the data source
        for (CodeBlock b : blocks) if (b.lang().equals("jsonl")) checkPromptFile(b, promptsDir);
        spark.conf().set("promptsDir", promptsDir.toString());   // ${promptsDir} in the page's SQL
        try (JavaSnippets java = new JavaSnippets(promptsDir.toString())) {
            for (CodeBlock b : blocks) {
                String code = withDemoModel(b.text());
                switch (b.lang()) {
                    case "sql" -> new CodeBlock("sql", code, b.line()).statements().forEach(s -> spark.sql(s).collectAsList());
                    case "java" -> java.run(code);
                    case "python" -> runPythonSql(code);
                    case "properties" -> ConfSnippets.checkProperties(b.text());
                    case "bash" -> b.commands().forEach(DocsSnippetsTest::runCommand);
                    case "jsonl", "text" -> { }
                    default -> fail(page + " line " + b.line() + ": no way to run a '" + b.lang() + "' block");
                }
            }
        }
    }

    static String withDemoModel(String code) {
        return withModel(code, DocsSession.model());
    }

    static String withModel(String code, String model) {
        return code.replaceAll("(hdfs://)?/models/[A-Za-z0-9._-]+", model);
    }

    /** The SQL and expr() strings of a Python block, as the PySpark notebook's are checked. */
    static void runPythonSql(String python) {
        for (String sql : PySparkNotebookSqlTest.matches(PySparkNotebookSqlTest.SQL, python)) spark.sql(sql).collectAsList();
        List<String> exprs = PySparkNotebookSqlTest.matches(PySparkNotebookSqlTest.EXPR, python);
        assertEquals(PySparkNotebookSqlTest.occurrences("expr(", python), exprs.size(), python);
        for (String e : exprs) spark.table("prompts").select(functions.expr(e)).collectAsList();
    }

    static void runCommand(String command) {
        if (command.startsWith("spark-submit ")) {
            ConfSnippets.checkSparkSubmit(command);
        } else if (command.startsWith("bin/sparkllm ")) {
            run(withModel(command, "models/demo-qwen2"));   // the repository's copy: its context fits a benchmark
        } else {
            fail("no way to run: " + command);
        }
    }

    private static void run(String command) {
        try {
            Process p = new ProcessBuilder("bash", "-c", command).directory(DocsSession.repoRoot().toFile())
                .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(5, TimeUnit.MINUTES), command);
            assertEquals(0, p.exitValue(), command + "\n" + out);
        } catch (IOException e) {
            throw new AssertionError(command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(command, e);
        }
    }

    /** A JSON-lines block is a prompt file: the data source reads one row per line, none with an error. */
    private static void checkPromptFile(CodeBlock b, Path dir) throws IOException {
        Path file = dir.resolve("block-" + b.line() + ".jsonl");
        Files.writeString(file, b.text());
        List<Row> rows = spark.read().format("sparkllm").option("max_tokens", "2").load(file.toString()).collectAsList();
        assertEquals(b.text().lines().filter(l -> !l.isBlank()).count(), rows.size());
        for (Row r : rows) assertNull(r.getAs("error"), r.toString());
    }
}
