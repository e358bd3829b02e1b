package dev.sparkllm.engine.runtime;

import dev.sparkllm.engine.model.Model;
import dev.sparkllm.engine.model.ModelConfig;
import dev.sparkllm.engine.tokenizer.ChatTemplateException;
import dev.sparkllm.engine.tokenizer.TokenizerException;

/**
 * Turns a {@link Prompt} into the token ids the model sees, and says why when it cannot: text gets the model's BOS
 * rules, token ids are used verbatim, chat messages go through the model's chat template (which writes any BOS itself,
 * as transformers' apply_chat_template does).
 */
final class PromptEncoder {
    private PromptEncoder() { }

    /** The prompt's ids; IllegalArgumentException with a user-facing reason for anything wrong with it. */
    static int[] encode(Model model, Prompt prompt) {
        int[] ids;
        try {
            if (prompt.tokenIds() != null) {
                ids = prompt.tokenIds().clone();
            } else if (prompt.text() != null) {
                ids = model.tokenizer().encode(prompt.text(), true);
            } else {
                if (model.chatTemplate() == null) {
                    throw new IllegalArgumentException("the model " + model.source().getFileName() + " has no chat template");
                }
                ids = model.tokenizer().encode(model.chatTemplate().render(prompt.messages(), true), false);
            }
        } catch (TokenizerException | ChatTemplateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        validate(model.config(), ids);
        return ids;
    }

    /** Checks ids the model will see: non-empty, inside the vocabulary, shorter than the context. */
    static void validate(ModelConfig config, int[] ids) {
        int vocab = config.vocabSize();
        if (ids.length == 0) throw new IllegalArgumentException("the prompt has no tokens");
        for (int id : ids) {
            if (id < 0 || id >= vocab) {
                throw new IllegalArgumentException("prompt token id " + id + " is outside the vocabulary [0, " + vocab + ")");
            }
        }
        int context = config.maxPositionEmbeddings();
        if (ids.length >= context) {
            throw new IllegalArgumentException("the prompt has " + ids.length + " tokens; the model's context is " + context
                + " tokens, so at most " + (context - 1) + " fit");
        }
    }
}
