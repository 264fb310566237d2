package dev.spanwise.tracing.model

/**
 * One message of a chat exchange, for an LLM call's structured input and output (`inputMessages`,
 * `outputMessages`): a role, its text, the tool calls an assistant message asks for, and for a
 * tool message the call it answers. Messages are content: kept only when content capture is on,
 * each text masked and bounded.
 *
 * ```kotlin
 * inputMessages(listOf(ChatMessage.system("Be brief."), ChatMessage.user("Where is order 42?")))
 * ```
 */
public class ChatMessage private constructor(
    /** `system`, `user`, `assistant`, `tool` (or a provider's own role). */
    public val role: String,
    /** The text, or `null` when the message carries only tool calls. */
    public val content: String?,
    /** The tool calls an assistant message asks for. */
    public val toolCalls: List<ToolCallRequest>,
    /** For a `tool` message: the id of the call it answers. */
    public val toolCallId: String?,
) {
    override fun equals(other: Any?): Boolean = other is ChatMessage &&
        other.role == role &&
        other.content == content &&
        other.toolCalls == toolCalls &&
        other.toolCallId == toolCallId

    override fun hashCode(): Int = ((role.hashCode() * 31 + (content?.hashCode() ?: 0)) * 31 + toolCalls.hashCode()) * 31 + (toolCallId?.hashCode() ?: 0)

    override fun toString(): String = "ChatMessage(role=$role, ${content?.length ?: 0} chars, toolCalls=${toolCalls.size}, toolCallId=$toolCallId)"

    /** Factories. */
    public companion object {
        /** A message with any [role] and [content]. */
        @JvmStatic
        public fun of(role: String, content: String?): ChatMessage = ChatMessage(role, content, emptyList(), null)

        /** A system (instructions) message. */
        @JvmStatic
        public fun system(content: String): ChatMessage = of("system", content)

        /** A user message. */
        @JvmStatic
        public fun user(content: String): ChatMessage = of("user", content)

        /** An assistant message with text. */
        @JvmStatic
        public fun assistant(content: String): ChatMessage = of("assistant", content)

        /**
         * An assistant message that asks for tool calls, each given as id, name and arguments
         * (see [toolCall]); [content] may be `null`.
         */
        @JvmStatic
        public fun assistant(content: String?, toolCalls: List<ToolCallRequest>): ChatMessage =
            ChatMessage("assistant", content, toolCalls.toList(), null)

        /** A tool message: the [result] of the call [toolCallId]. */
        @JvmStatic
        public fun tool(toolCallId: String, result: String): ChatMessage = ChatMessage("tool", result, emptyList(), toolCallId)

        /** A tool call inside an assistant message: the provider's [id], the tool's [name], its [arguments]. */
        @JvmStatic
        public fun toolCall(id: String, name: String, arguments: String?): ToolCallRequest = ToolCallRequest(id, name, arguments)

        /** [message] with the given text parts (after masking and bounds). */
        internal fun withText(message: ChatMessage, content: String?, toolCalls: List<ToolCallRequest>): ChatMessage =
            ChatMessage(message.role, content, toolCalls, message.toolCallId)
    }
}
