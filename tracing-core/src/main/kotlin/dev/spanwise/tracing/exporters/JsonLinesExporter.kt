package dev.spanwise.tracing.exporters

import dev.spanwise.tracing.export.DropReason
import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.export.SpanExporter
import dev.spanwise.tracing.exporters.internal.encode.GenAiVocabulary
import dev.spanwise.tracing.exporters.internal.encode.OtlpJsonEncoder
import dev.spanwise.tracing.model.SpanData
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import java.io.BufferedWriter
import java.io.IOException
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption

/**
 * Appends one OTLP-shaped span object per line to a file (hex ids, GenAI attribute names), for
 * local inspection with `jq` or for replaying into a collector. Parent directories are created;
 * the file is flushed on [flush] and closed on [shutdown].
 *
 * ```kotlin
 * Tracing { exporter = Exporters.jsonLines(Path.of("build/traces.jsonl")) }
 * ```
 */
public class JsonLinesExporter(
    /** The file spans are appended to. */
    public val path: Path,
) : SpanExporter {
    private val encoder = OtlpJsonEncoder(GenAiVocabulary, OtlpJsonEncoder.IdFormat.HEX)
    private var writer: BufferedWriter? = null
    private var closed = false
    private val lock = Any()

    override suspend fun export(batch: List<SpanData>): ExportResult = withContext(Dispatchers.IO) {
        try {
            synchronized(lock) {
                if (closed) return@withContext ExportResult.Failure(IOException("exporter is shut down"), false, DropReason.ALREADY_SHUTDOWN)
                val w = writer ?: open().also { writer = it }
                for (span in batch) {
                    val json = encoder.encodeSpan(span)
                    w.write(json)
                    w.write("\n")
                }
                w.flush()
            }
            ExportResult.Success
        } catch (e: IOException) {
            ExportResult.Failure(IOException("cannot write $path: ${e.javaClass.simpleName}"), retryable = false)
        }
    }

    private fun open(): BufferedWriter {
        path.toAbsolutePath().parent?.let { Files.createDirectories(it) }
        return Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
    }

    override suspend fun flush(): ExportResult = withContext(Dispatchers.IO) {
        try {
            synchronized(lock) { writer?.flush() }
            ExportResult.Success
        } catch (e: IOException) {
            ExportResult.Failure(e, retryable = false)
        }
    }

    override suspend fun shutdown(): ExportResult = withContext(Dispatchers.IO) {
        try {
            synchronized(lock) {
                closed = true
                writer?.close()
                writer = null
            }
            ExportResult.Success
        } catch (e: IOException) {
            ExportResult.Failure(e, retryable = false)
        }
    }

    override fun toString(): String = "JsonLinesExporter($path)"
}
