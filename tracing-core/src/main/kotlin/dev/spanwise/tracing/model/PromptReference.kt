package dev.spanwise.tracing.model

/**
 * The managed prompt an LLM call was rendered from: its [name], [version] and the [variables] filled
 * in. Variables are content: kept only when content capture is on, masked and bounded like input.
 */
public class PromptReference internal constructor(
    /** The prompt's name in the prompt registry. */
    public val name: String,
    /** The prompt's version or label, or `null`. */
    public val version: String?,
    /** The variables, values rendered as text; empty when content capture is off. */
    public val variables: Map<String, String>,
) {
    override fun toString(): String = "PromptReference(name=$name, version=$version, variables=${variables.keys})"
}
