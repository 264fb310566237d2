package dev.spanwise.samples.modules

import com.tngtech.archunit.core.domain.JavaClass
import com.tngtech.archunit.core.importer.ClassFileImporter
import com.tngtech.archunit.core.importer.ImportOption
import com.tngtech.archunit.library.dependencies.SliceAssignment
import com.tngtech.archunit.library.dependencies.SliceIdentifier
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices
import kotlin.test.Test
import kotlin.test.assertTrue

/**
 * No package cycle anywhere in Spanwise: the main classes of every library module (core, Ktor,
 * Java facade, test kit — all on this module's class path) are read together, each package is one
 * slice, and no slice may reach itself through others, within a module or across modules.
 */
class PackageCyclesTest {
    private val classes = ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(BASE)

    @Test
    fun `every library module is imported`() {
        val packages = classes.map { it.packageName }.toSet()
        for (expected in listOf(BASE, "$BASE.ktor", "$BASE.interop", "$BASE.test")) {
            assertTrue(expected in packages, "no class of $expected imported")
        }
    }

    @Test
    fun `no cycle between Spanwise packages`() {
        slices().assignedFrom(ByPackage)
            .should().beFreeOfCycles()
            .check(classes)
    }

    @Test
    fun `no cycle between public packages, each internal package counted with the package it sits in`() {
        slices().assignedFrom(ByPublicPackage)
            .should().beFreeOfCycles()
            .check(classes)
    }

    /** `a.b.internal.c` belongs to `a.b`; core's top-level `internal.*` belongs to the entry package. */
    private object ByPublicPackage : SliceAssignment {
        override fun getIdentifierOf(javaClass: JavaClass): SliceIdentifier {
            val name = javaClass.packageName
            if (!name.startsWith(BASE)) return SliceIdentifier.ignore()
            return SliceIdentifier.of(name.substringBefore(".internal"))
        }

        override fun getDescription(): String = "each public Spanwise package with its internals"
    }

    private object ByPackage : SliceAssignment {
        override fun getIdentifierOf(javaClass: JavaClass): SliceIdentifier =
            if (javaClass.packageName.startsWith(BASE)) SliceIdentifier.of(javaClass.packageName) else SliceIdentifier.ignore()

        override fun getDescription(): String = "each Spanwise package"
    }

    private companion object {
        const val BASE = "dev.spanwise.tracing"
    }
}
