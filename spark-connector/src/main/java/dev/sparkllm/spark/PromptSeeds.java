package dev.sparkllm.spark;

import dev.sparkllm.engine.runtime.Prompt;
import dev.sparkllm.engine.tokenizer.ChatMessage;

/**
 * Seeds for rows that set none. A random seed would make a retried or speculative task sample different text than
 * the first attempt; a seed derived from the prompt (and a session-wide base) gives every attempt the same result,
 * since the engine's output for a request does not depend on what else is in its batch.
 */
final class PromptSeeds {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private PromptSeeds() { }

    static long derive(long base, Prompt prompt) {
        long h = FNV_OFFSET;
        if (prompt.text() != null) {
            h = hash(h, prompt.text());
        } else if (prompt.messages() != null) {
            for (ChatMessage m : prompt.messages()) {
                h = hash(hash(h, m.role()), m.content());
            }
        } else {
            for (int id : prompt.tokenIds()) h = (h ^ id) * FNV_PRIME;
        }
        return mix(base ^ mix(h));
    }

    /** FNV-1a over the chars, then a separator so ("ab","c") and ("a","bc") differ. */
    private static long hash(long h, String s) {
        for (int i = 0; i < s.length(); i++) h = (h ^ s.charAt(i)) * FNV_PRIME;
        return (h ^ 0x1f) * FNV_PRIME;
    }

    /** SplitMix64's finaliser: spreads nearby inputs over the whole range. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
