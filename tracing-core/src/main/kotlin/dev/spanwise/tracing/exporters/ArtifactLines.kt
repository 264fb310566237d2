package dev.spanwise.tracing.exporters

import dev.spanwise.tracing.exporters.internal.encode.ArtifactWire
import dev.spanwise.tracing.model.AgentArtifact
import dev.spanwise.tracing.model.SpanData

/**
 * The console sub-lines of a span's agent artifacts, one short marker each, under the span's line:
 * `$ npm test → exit 1`, `checkpoint before-refactor (3 files)`, `update src/App.kt`, `git main@1a2b3c4`.
 * Content (file text, command output) is never printed.
 */
internal object ArtifactLines {
    /** At most this many markers per span; the rest are counted. */
    const val MAX_LINES = 10
    private const val MAX_MARKER = 100

    /** Appends one line per artifact of [span], each starting with [prefix]. */
    fun append(span: SpanData, prefix: String, sb: StringBuilder) {
        if (span.events.isEmpty()) return
        var shown = 0
        var more = 0
        for (e in span.events) {
            val artifact = AgentArtifact.fromEvent(e) ?: continue
            if (shown == MAX_LINES) {
                more++
                continue
            }
            sb.append(prefix).append("· ").append(ArtifactWire.oneLine(marker(artifact), MAX_MARKER)).append('\n')
            shown++
        }
        if (more > 0) sb.append(prefix).append("· … ").append(more).append(if (more == 1) " more artifact" else " more artifacts").append('\n')
    }

    /** The marker of one artifact. */
    fun marker(artifact: AgentArtifact): String = when (artifact) {
        is AgentArtifact.Checkpoint -> "checkpoint " + artifact.name + ArtifactWire.files(artifact.files.size)
        is AgentArtifact.FileOperation -> artifact.operation.name.lowercase() + " " + artifact.path
        is AgentArtifact.TerminalCommand -> "$ " + artifact.command + (artifact.exitCode?.let { " → exit $it" } ?: "")
        is AgentArtifact.GitLink -> "git " + ArtifactWire.gitRef(artifact)
    }
}
