package dev.sparkllm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class JobArgsTest {
    private static final Set<String> KNOWN = Set.of("input", "max-tokens");

    @Test
    void readsValuesAndDefaults() {
        JobArgs args = JobArgs.parse(new String[] {"--input", "p.jsonl", "--max-tokens", "8"}, KNOWN, "usage");
        assertEquals("p.jsonl", args.required("input"));
        assertEquals(8, args.positiveInt("max-tokens", 32));
        assertEquals("x", args.get("output", "x"));
    }

    @Test
    void anUnknownArgumentNamesItselfAndTheUsage() {
        var e = assertThrows(JobArgs.UsageException.class,
            () -> JobArgs.parse(new String[] {"--inptu", "p.jsonl"}, KNOWN, "job --input PATH"));
        assertTrue(e.getMessage().contains("--inptu") && e.getMessage().contains("job --input PATH"), e.getMessage());
    }

    @Test
    void badValuesAreUsageErrors() {
        assertThrows(JobArgs.UsageException.class, () -> JobArgs.parse(new String[] {"--input"}, KNOWN, "u"));
        JobArgs args = JobArgs.parse(new String[] {"--max-tokens", "0"}, KNOWN, "u");
        assertThrows(JobArgs.UsageException.class, () -> args.positiveInt("max-tokens", 32));
        assertThrows(JobArgs.UsageException.class, () -> args.required("input"));
        assertThrows(JobArgs.UsageException.class, () -> args.existingPath("input", "no/such/file"));
    }
}
