package dev.sparkllm.engine.runtime;

import dev.sparkllm.engine.sched.EngineRequest;
import dev.sparkllm.engine.sched.Sequence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Builds the caller-facing result of a finished request from its sequences. */
final class Results {
    private Results() { }

    static GenerationResult of(EngineRequest r) {
        List<Sequence> seqs = new ArrayList<>(r.sequences());
        seqs.sort(Comparator.comparingInt(Sequence::index));
        for (Sequence s : seqs) {
            if (s.finishReason() == FinishReason.ERROR) return GenerationResult.error(r.promptIds(), s.error());
        }
        List<Completion> completions = new ArrayList<>(seqs.size());
        for (Sequence s : seqs) {
            completions.add(new Completion(s.index(), s.outputTokens(), s.stopChecker().text(), s.finishReason(),
                s.logprobs() == null ? null : List.copyOf(s.logprobs())));
        }
        return new GenerationResult(r.promptIds(), completions, r.cachedPromptTokens(), null);
    }
}
