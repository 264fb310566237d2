package dev.spanwise.tracing.model

/**
 * A tool call that a model's response asked for: the provider's call id, the tool's name and (only
 * when content capture is on, masked and bounded) its arguments. The TOOL span that executes it
 * carries the same id (`SpanData.toolCallId`) and a [SpanLink] back to the LLM span.
 */
public class ToolCallRequest internal constructor(
    /** The provider's call id, e.g. `call_abc123` or `toolu_01…`. */
    public val id: String,
    /** The tool's name. */
    public val name: String,
    /** The arguments as the model wrote them (usually JSON), or `null` when not captured. */
    public val arguments: String?,
) {
    override fun equals(other: Any?): Boolean =
        other is ToolCallRequest && other.id == id && other.name == name && other.arguments == arguments

    override fun hashCode(): Int = (id.hashCode() * 31 + name.hashCode()) * 31 + (arguments?.hashCode() ?: 0)

    override fun toString(): String = "ToolCallRequest(id=$id, name=$name, arguments=${if (arguments == null) "null" else "…"})"
}
