package dev.sparkllm.engine.tokenizer;

import java.io.ByteArrayOutputStream;

/** UTF-8 helpers with Rust's exact replacement rules, which HF decoding inherits. */
final class Utf8 {
    static final char REPLACEMENT = '\uFFFD';

    private Utf8() {
    }

    /**
     * Like Rust {@code String::from_utf8_lossy}: one U+FFFD per maximal invalid subpart. Java's decoder is not
     * guaranteed to split malformed input the same way, so this is spelled out.
     */
    static String decodeLossy(byte[] b, int len) {
        StringBuilder sb = new StringBuilder(len);
        int i = 0;
        while (i < len) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                sb.append((char) c);
                i++;
                continue;
            }
            int width = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
            if (width == 0 || i + 1 >= len || !validSecond(c, b[i + 1] & 0xFF)) {
                sb.append(REPLACEMENT);
                i++;
                continue;
            }
            int j = i + 2;
            while (j < i + width && j < len && (b[j] & 0xC0) == 0x80) {
                j++;
            }
            if (j - i < width) {
                sb.append(REPLACEMENT);
                i = j;
                continue;
            }
            int cp = c & (0xFF >> (width + 1));
            for (int k = i + 1; k < j; k++) {
                cp = (cp << 6) | (b[k] & 0x3F);
            }
            sb.appendCodePoint(cp);
            i = j;
        }
        return sb.toString();
    }

    static String decodeLossy(ByteArrayOutputStream bytes) {
        return decodeLossy(bytes.toByteArray(), bytes.size());
    }

    /** Whether {@code b} is entirely well-formed UTF-8. */
    static boolean isValid(byte[] b, int len) {
        try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b, 0, len));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static boolean validSecond(int first, int second) {
        return switch (first) {
            case 0xE0 -> second >= 0xA0 && second <= 0xBF;
            case 0xED -> second >= 0x80 && second <= 0x9F;
            case 0xF0 -> second >= 0x90 && second <= 0xBF;
            case 0xF4 -> second >= 0x80 && second <= 0x8F;
            default -> second >= 0x80 && second <= 0xBF;
        };
    }
}
