package dev.sparkllm.engine.bench;

import java.util.List;

/**
 * A named list of benchmark requests.
 *
 * @param maxTokensCap the max_tokens a user would set for every request (at least each request's true length): what
 *                     the "Orca (Max)" static baseline must reserve, since it cannot know where an answer ends
 */
public record Workload(String name, List<BenchRequest> requests, int maxTokensCap) {

    public Workload {
        requests = List.copyOf(requests);
        if (requests.isEmpty()) throw new IllegalArgumentException("a workload needs at least one request");
        for (BenchRequest r : requests) {
            if (r.outputTokens() > maxTokensCap) {
                throw new IllegalArgumentException("max_tokens cap " + maxTokensCap + " is below a request's output length " + r.outputTokens());
            }
        }
    }

    /** The same requests with another max_tokens cap ({@code --max-tokens}). */
    public Workload withMaxTokensCap(int cap) { return new Workload(name, requests, cap); }

    public long promptTokens() { return requests.stream().mapToLong(r -> r.promptTokenIds().length).sum(); }

    public long outputTokens() { return requests.stream().mapToLong(BenchRequest::outputTokens).sum(); }

    public double meanInputTokens() { return promptTokens() / (double) requests.size(); }

    public double meanOutputTokens() { return outputTokens() / (double) requests.size(); }

    /** The longest prompt + output of any request: what the model's context must hold. */
    public int longestSequence() {
        return requests.stream().mapToInt(r -> r.promptTokenIds().length + r.outputTokens()).max().orElse(0);
    }

    /** One line: name, size and the achieved mean lengths. */
    public String describe() {
        return String.format("workload %s: %d requests, mean input %.1f tokens, mean output %.1f tokens, max_tokens cap %d",
            name, requests.size(), meanInputTokens(), meanOutputTokens(), maxTokensCap);
    }
}
