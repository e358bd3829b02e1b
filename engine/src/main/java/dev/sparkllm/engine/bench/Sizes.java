package dev.sparkllm.engine.bench;

import java.util.Locale;
import picocli.CommandLine;

/** Byte sizes as people write them on command lines: {@code 1073741824}, {@code 512m}, {@code 2g}, {@code 1.5GiB}. */
public final class Sizes implements CommandLine.ITypeConverter<Long> {

    /** Parses a size; suffixes k, m, g, t (optionally followed by b or ib) are powers of 1024. */
    public static long parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("ib")) s = s.substring(0, s.length() - 2);
        else if (s.endsWith("b")) s = s.substring(0, s.length() - 1);
        int shift = 0;
        if (!s.isEmpty()) {
            int i = "kmgt".indexOf(s.charAt(s.length() - 1));
            if (i >= 0) {
                shift = 10 * (i + 1);
                s = s.substring(0, s.length() - 1);
            }
        }
        // Digits with an optional fraction only: Double.parseDouble alone would also take "NaN", "2f" or "0x1p3".
        if (!s.matches("[0-9]+(\\.[0-9]+)?")) {
            throw new IllegalArgumentException("'" + text + "' is not a size (examples: 1073741824, 512m, 2g)");
        }
        double bytes = Double.parseDouble(s) * (1L << shift);
        if (bytes >= 0x1p63) throw new IllegalArgumentException("size out of range: " + text);
        return (long) bytes;
    }

    @Override
    public Long convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
