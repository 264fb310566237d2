package dev.spanwise.tracing

import com.tngtech.archunit.core.importer.ClassFileImporter
import com.tngtech.archunit.core.importer.ImportOption
import java.io.File
import kotlin.test.Test
import kotlin.test.assertEquals

/**
 * The package layers of docs/ARCHITECTURE.md, read from the compiled classes' constant pools and
 * from the sources' imports: every dependency between two Spanwise packages points to a lower
 * layer, so no package cycle can form (samples' `PackageCyclesTest` checks all modules together).
 * The same holds for the public packages when each `internal` package is counted with the public
 * package it sits in (`model.internal` is part of `model`, `internal.engine` part of the entry
 * package): no public package reaches a higher one through another's internals.
 * A new package must be given its layer here (and in the document) before it compiles in.
 */
class PackageLayersTest {
    private val classes = ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(BASE)

    @Test
    fun `every package dependency points to a lower layer`() {
        val violations = sortedSetOf<String>()
        for (origin in classes) {
            val from = layerOf(origin.packageName)
            if (from == null) {
                violations += "${origin.packageName} is in no layer"
                continue
            }
            for (dependency in origin.directDependenciesFromSelf) {
                val target = dependency.targetClass.packageName
                if (!target.startsWith(BASE) || target == origin.packageName) continue
                val to = layerOf(target)
                if (to == null || to >= from) violations += "${origin.packageName} -> $target (${origin.simpleName} uses ${dependency.targetClass.simpleName})"
            }
        }
        assertEquals(emptySet<String>(), violations, "package dependencies that point up or sideways")
    }

    @Test
    fun `public packages, each with its internals, depend only on lower public packages`() {
        val violations = sortedSetOf<String>()
        for (origin in classes) {
            val from = publicLayerOf(origin.packageName) ?: continue
            for (dependency in origin.directDependenciesFromSelf) {
                val target = dependency.targetClass.packageName
                if (!target.startsWith(BASE)) continue
                val to = publicLayerOf(target) ?: continue
                if (to > from) violations += "${origin.packageName} -> $target (${origin.simpleName} uses ${dependency.targetClass.simpleName})"
            }
        }
        assertEquals(emptySet<String>(), violations, "public packages that reach a higher one")
    }

    @Test
    fun `no source file imports from a higher layer, not even for documentation`() {
        val violations = sortedSetOf<String>()
        File("src/main/kotlin").walkTopDown().filter { it.extension == "kt" }.forEach { file ->
            val text = file.readText()
            val from = PACKAGE.find(text)?.groupValues?.get(1) ?: return@forEach
            val fromLayer = layerOf(from) ?: return@forEach
            for (match in IMPORT.findAll(text)) {
                val target = packageOfImport(match.groupValues[1])
                val toLayer = layerOf(target) ?: continue
                if (toLayer > fromLayer) violations += "${file.name} imports ${match.groupValues[1]}"
            }
        }
        assertEquals(emptySet<String>(), violations, "imports that point up")
    }

    /** The package part of an imported name: its longest prefix that is a Spanwise package. */
    private fun packageOfImport(name: String): String {
        val segments = name.split('.')
        return (segments.size - 1 downTo 1).map { segments.take(it).joinToString(".") }.first { layerOf(it) != null || it == BASE }
    }

    /** The layer of the public package that [packageName] belongs to: an `internal` package counts with its parent. */
    private fun publicLayerOf(packageName: String): Int? {
        val relative = packageName.removePrefix(BASE).removePrefix(".")
        val owner = if (relative == "internal" || relative.startsWith("internal.")) "" else relative.substringBefore(".internal")
        return PUBLIC_LAYERS.indexOf(owner).takeIf { it >= 0 }
    }

    private fun layerOf(packageName: String): Int? = LAYERS.indexOf(packageName.removePrefix(BASE).removePrefix(".")).takeIf { it >= 0 }

    private companion object {
        const val BASE = "dev.spanwise.tracing"
        val PACKAGE = Regex("""^package ([\w.]+)""", RegexOption.MULTILINE)
        val IMPORT = Regex("""^import (dev\.spanwise\.tracing\.[\w.]+)""", RegexOption.MULTILINE)

        /** Bottom first; "" is the entry package `dev.spanwise.tracing` itself. */
        val LAYERS = listOf(
            "model.internal",
            "model",
            "export",
            "pricing",
            "propagation",
            "exporters.internal.json",
            "exporters.internal.encode",
            "exporters.internal.http",
            "exporters",
            "config",
            "scope",
            "internal.pipeline",
            "internal.engine",
            "",
        )

        /** The public packages, bottom first; "" is the entry package. */
        val PUBLIC_LAYERS = listOf("model", "export", "pricing", "propagation", "exporters", "config", "scope", "")
    }
}
