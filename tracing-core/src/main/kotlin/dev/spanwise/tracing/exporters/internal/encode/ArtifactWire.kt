package dev.spanwise.tracing.exporters.internal.encode

import dev.spanwise.tracing.exporters.internal.json.Utf8JsonWriter
import dev.spanwise.tracing.model.AgentArtifact
import dev.spanwise.tracing.model.ArtifactEvents
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.model.SpanEvent

/**
 * Agent artifacts on the wires that have no typed events: a readable Zipkin annotation
 * (`spanwise.terminal_command: npm test (exit 1)`) and a `spanwise.artifacts` list in 2Signal's span
 * metadata. OTLP, JSON Lines and Tracentic carry them as ordinary events with their attributes.
 */
internal object ArtifactWire {
    /** The 2Signal metadata key holding a span's artifacts. */
    const val TWO_SIGNAL_KEY = "spanwise.artifacts"

    private const val MAX_SUMMARY = 200

    /** A Zipkin annotation's value for [event]: `<event name>: <summary>` for an artifact, else the name. */
    fun annotation(event: SpanEvent): String {
        val artifact = AgentArtifact.fromEvent(event) ?: return event.name
        return event.name + ": " + summary(artifact)
    }

    /** One line about [artifact], without content: `npm test (exit 1)`, `update src/App.kt`, `before-refactor (3 files)`, `main@1a2b3c4 <url>`. */
    fun summary(artifact: AgentArtifact): String = oneLine(
        when (artifact) {
            is AgentArtifact.Checkpoint -> artifact.name + files(artifact.files.size)
            is AgentArtifact.FileOperation -> ArtifactEvents.kindName(artifact.operation) + " " + artifact.path
            is AgentArtifact.TerminalCommand -> artifact.command + (artifact.exitCode?.let { " (exit $it)" } ?: "")
            is AgentArtifact.GitLink -> gitRef(artifact) + (artifact.repositoryUrl?.let { " $it" } ?: "")
        },
    )

    /** `main@1a2b3c4`, or the short commit alone when detached. */
    fun gitRef(git: AgentArtifact.GitLink): String = (git.branch?.let { "$it@" } ?: "") + git.commit.take(7)

    /** ` (3 files)`, ` (1 file)`, or nothing. */
    fun files(count: Int): String = when (count) {
        0 -> ""
        1 -> " (1 file)"
        else -> " ($count files)"
    }

    /** [s] on one line, at most [max] chars. */
    fun oneLine(s: String, max: Int = MAX_SUMMARY): String {
        val flat = s.replace('\n', ' ').replace('\r', ' ')
        return if (flat.length > max) flat.substring(0, max - 3) + "..." else flat
    }

    /** Whether [span] carries any artifact event. */
    fun hasArtifacts(span: SpanData): Boolean = span.events.any { ArtifactEvents.isArtifact(it.name) }

    /**
     * Writes `"spanwise.artifacts": [{"type": …, "timestamp": …, <attributes>}, …]` into an open
     * 2Signal metadata object; strings go through [text] (the encoder's shrinking rule).
     */
    fun writeTwoSignal(w: Utf8JsonWriter, span: SpanData, text: (String) -> String) {
        w.name(TWO_SIGNAL_KEY).beginArray()
        for (e in span.events) {
            if (!ArtifactEvents.isArtifact(e.name)) continue
            w.beginObject().field("type", e.name).field("timestamp", Iso8601.format(e.epochNanos))
            e.attributes.forEach { k, v ->
                w.name(k)
                when (v) {
                    is String -> w.value(text(v))
                    is Long -> w.value(v)
                    is List<*> -> {
                        w.beginArray()
                        for (item in v) if (item != null) w.value(text(item.toString()))
                        w.endArray()
                    }
                    else -> w.value(text(v.toString()))
                }
            }
            w.endObject()
        }
        w.endArray()
    }
}
