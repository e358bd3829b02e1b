package dev.sparkllm.spark.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * PySpark cannot be installed on the build machines, so the PySpark notebook is kept honest this way: every
 * {@code spark.sql("...")} statement and {@code expr("...")} expression in its code cells is extracted and run here,
 * in notebook order, through Spark's Java API. A statement the notebook expects to fail ({@code on_error = 'fail'})
 * must fail; every other must run.
 */
class PySparkNotebookSqlTest extends DocsSession {
    static final String NOTEBOOK = "notebooks/sparkllm-pyspark.ipynb";
    /** spark.sql("""...""") or spark.sql("..."): plain literals only, so what runs here is what the notebook runs. */
    static final Pattern SQL = Pattern.compile("spark\\.sql\\(\\s*(?:\"\"\"(.*?)\"\"\"|\"([^\"\\n]*)\")\\s*\\)", Pattern.DOTALL);
    static final Pattern EXPR = Pattern.compile("\\bexpr\\(\\s*\"([^\"\\n]*)\"\\s*\\)");

    /** The code cells' Python source, in order. */
    static String pythonSource(String notebook) throws IOException {
        JsonNode nb = new ObjectMapper().readTree(DocsSession.repoRoot().resolve(notebook).toFile());
        StringBuilder code = new StringBuilder();
        for (JsonNode cell : nb.get("cells")) {
            if (!cell.get("cell_type").asText().equals("code")) continue;
            JsonNode source = cell.get("source");
            if (source.isArray()) source.forEach(line -> code.append(line.asText()));
            else code.append(source.asText());
            code.append('\n');
        }
        return code.toString();
    }

    static List<String> matches(Pattern p, String source) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(source);
        while (m.find()) out.add(m.group(1) != null ? m.group(1) : m.group(2));
        return out;
    }

    static int occurrences(String needle, String source) {
        return source.split(Pattern.quote(needle), -1).length - 1;
    }

    @Test
    void everySqlStatementOfThePySparkNotebookRuns() throws IOException {
        String python = pythonSource(NOTEBOOK);
        List<String> statements = matches(SQL, python);
        // An f-string or a variable passed to spark.sql() would escape this test: fail instead of skipping it.
        assertEquals(occurrences("spark.sql(", python), statements.size(), "spark.sql() calls without a plain literal");
        assertTrue(statements.size() >= 6, "statements found: " + statements.size());
        int failedAsExpected = 0;
        for (String sql : statements) {
            if (sql.contains("'on_error', 'fail'")) {
                assertThrows(Exception.class, () -> spark.sql(sql).collect(), sql);
                failedAsExpected++;
            } else {
                List<Row> rows = spark.sql(sql).collectAsList();
                if (sql.contains("generate(")) assertTrue(!rows.isEmpty(), "no rows from\n" + sql);
            }
        }
        assertEquals(1, failedAsExpected);
    }

    @Test
    void everyExprOfThePySparkNotebookRunsOverThePromptTable() throws IOException {
        String python = pythonSource(NOTEBOOK);
        List<String> expressions = matches(EXPR, python);
        assertEquals(occurrences("expr(", python), expressions.size(),
            "expr() calls without a plain literal");
        assertTrue(!expressions.isEmpty());
        for (String e : expressions) {
            // the notebook applies them to spark.table("prompts"), which its first statement creates
            List<Row> rows = spark.table("prompts").select(functions.expr(e).as("r")).collectAsList();
            assertEquals(spark.table("prompts").count(), rows.size());
            for (Row r : rows) assertNull(r.getStruct(0).getAs("error"), e);
        }
    }
}
