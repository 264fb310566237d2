package dev.spanwise.tracing.model

/** The parts of a [SpanData] that few spans have, held apart so that an ordinary span stays small. */
internal class SpanDataExtras private constructor(
    val logicalParentId: String?,
    val input: String?,
    val output: String?,
    val level: SpanLevel,
    val levelMessage: String?,
    val identity: TraceIdentity?,
    val toolCallId: String?,
    val links: List<SpanLink>,
) {
    companion object {
        /** The holder, or `null` when every value is the default (nothing to hold). */
        fun of(
            logicalParentId: String?,
            input: String?,
            output: String?,
            level: SpanLevel,
            levelMessage: String?,
            identity: TraceIdentity?,
            toolCallId: String?,
            links: List<SpanLink>,
        ): SpanDataExtras? {
            val none = logicalParentId == null &&
                input == null &&
                output == null &&
                level == SpanLevel.DEFAULT &&
                levelMessage == null &&
                identity == null &&
                toolCallId == null &&
                links.isEmpty()
            return if (none) null else SpanDataExtras(logicalParentId, input, output, level, levelMessage, identity, toolCallId, links)
        }
    }
}
