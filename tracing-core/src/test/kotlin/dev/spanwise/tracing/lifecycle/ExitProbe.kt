package dev.spanwise.tracing.lifecycle

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.export.SpanExporter
import dev.spanwise.tracing.model.SpanData
import kotlinx.coroutines.delay
import java.io.File

/** Appends the size of every exported batch to a file, slowly. */
private class FileCountingExporter(private val file: File) : SpanExporter {
    override suspend fun export(batch: List<SpanData>): ExportResult {
        delay(5)
        file.appendText("${batch.size}\n")
        return ExportResult.Success
    }
}

/**
 * A program that records 1000 spans and returns from `main` without calling shutdown.
 * Args: `<registerShutdownHook> <count file>`. Used by [JvmExitTest] in a child JVM.
 */
object ExitProbe {
    @JvmStatic
    fun main(args: Array<String>) {
        val tracing = Tracing {
            serviceName = "exit-probe"
            exporter = FileCountingExporter(File(args[1]))
            registerShutdownHook = args[0].toBoolean()
            batching { maxBatchSize = 100 }
        }
        repeat(1000) { tracing.begin("span-$it").end() }
        System.out.println("main returns at ${System.nanoTime()}")
    }
}
