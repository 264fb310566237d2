package dev.spanwise.tracing.internal.engine

import dev.spanwise.tracing.model.AgentArtifact
import dev.spanwise.tracing.model.Attributes
import dev.spanwise.tracing.model.SpanEvent
import dev.spanwise.tracing.model.ArtifactEvents as K

/*
 * An agent artifact as a span event: typed attributes under the content rules. Names, paths, commit,
 * branch and URL are bounded like attribute values; a command line and a description are masked and
 * bounded like a warning message; file contents and a command's output are content (kept only when
 * capture is on, masked and bounded by the content limit, like input and output).
 */

/** Records [artifact] as an event on this (open) span; an artifact without its required text is counted as misuse. */
internal fun RecordingSpan.recordArtifact(artifact: AgentArtifact) {
    val now = engine.clock.nowEpochNanos()
    val attrs = EventAttributes(engine.limits.maxAttributes)
    val name = when (artifact) {
        is AgentArtifact.Checkpoint -> {
            if (artifact.name.isBlank()) return engine.misuse("checkpoint with a blank name ignored")
            attrs.put(K.CHECKPOINT_NAME, bounded(artifact.name, "checkpoint name"))
            artifact.description?.let { attrs.put(K.CHECKPOINT_DESCRIPTION, engine.content.message(it)) }
            attrs.put(K.CHECKPOINT_FILES, files(artifact.files))
            K.CHECKPOINT
        }
        is AgentArtifact.FileOperation -> {
            if (artifact.path.isBlank()) return engine.misuse("file operation with a blank path ignored")
            attrs.put(K.FILE_OPERATION_KIND, K.kindName(artifact.operation))
            attrs.put(K.FILE_PATH, bounded(artifact.path, "file path"))
            artifact.before?.let { attrs.put(K.FILE_BEFORE, engine.content.capture(it)) }
            artifact.after?.let { attrs.put(K.FILE_AFTER, engine.content.capture(it)) }
            K.FILE_OPERATION
        }
        is AgentArtifact.TerminalCommand -> {
            if (artifact.command.isBlank()) return engine.misuse("terminal command with a blank command ignored")
            attrs.put(K.COMMAND, engine.content.message(artifact.command))
            artifact.exitCode?.let { attrs.put(K.COMMAND_EXIT_CODE, it.toLong()) }
            artifact.stdout?.let { attrs.put(K.COMMAND_STDOUT, engine.content.capture(it)) }
            artifact.stderr?.let { attrs.put(K.COMMAND_STDERR, engine.content.capture(it)) }
            K.TERMINAL_COMMAND
        }
        is AgentArtifact.GitLink -> {
            if (artifact.commit.isBlank()) return engine.misuse("git link with a blank commit ignored")
            attrs.put(K.VCS_REVISION, bounded(artifact.commit, "commit"))
            artifact.branch?.let {
                attrs.put(K.VCS_REF_NAME, bounded(it, "branch"))
                attrs.put(K.VCS_REF_TYPE, "branch")
            }
            artifact.repositoryUrl?.let { attrs.put(K.VCS_REPOSITORY_URL, bounded(it, "repository URL")) }
            K.GIT
        }
    }
    addEvent(SpanEvent(name, now, attrs.build()))
}

private fun RecordingSpan.bounded(text: String, what: String): String = TextBounds.value(text, engine.limits, engine.log, what)

/** At most the attribute-count limit of non-null paths, each bounded. */
private fun RecordingSpan.files(files: List<String>): List<String> {
    @Suppress("USELESS_CAST") // a Java caller's list may hold nulls
    val given = (files as List<String?>).filterNotNull().toTypedArray()
    return TextBounds.values(given, engine.limits, engine.log, "checkpoint file")
}

/** A handful of already bounded values, in order, at most [max]; `null` values are left out. */
private class EventAttributes(private val max: Int) {
    private val keys = arrayOfNulls<String>(5)
    private val values = arrayOfNulls<Any>(5)
    private var size = 0

    fun put(key: String, value: Any?) {
        if (value == null || size >= max) return
        keys[size] = key
        values[size] = value
        size++
    }

    fun build(): Attributes = if (size == 0) Attributes.EMPTY else Attributes(keys.copyOf(size), values.copyOf(size), size)
}
