package dev.spanwise.tracing.export

/**
 * Factories for the built-in exporters.
 *
 * ```kotlin
 * Tracing { exporter = Exporters.composite(Exporters.console(), Exporters.inMemory()) }
 * ```
 */
public object Exporters {
    /** A readable tree per trace on standard output, for local development. */
    @JvmStatic
    public fun console(): SpanExporter = ConsoleExporter()

    /** Keeps spans in memory, for tests ([InMemoryExporter.spans], [InMemoryExporter.findByName]). */
    @JvmStatic
    public fun inMemory(): InMemoryExporter = InMemoryExporter()

    /** Several destinations; each gets its own queue, so one failing never delays the others. */
    @JvmStatic
    public fun composite(vararg exporters: SpanExporter): SpanExporter = CompositeExporter(exporters.toList())

    /** Exports nothing. */
    @JvmStatic
    public fun none(): SpanExporter = SpanExporter.noop()
}
