package dev.spanwise.samples

import java.io.File
import kotlin.test.Test
import kotlin.test.assertTrue
import kotlin.test.fail

/**
 * Every Kotlin and Java code block of the README must appear, line for line (indentation aside),
 * in a source file of this module — so the README's examples are compiled by every build. A block's
 * leading `import` lines must each appear in that same file (imports cannot sit beside the code).
 */
class ReadmeSnippetsTest {
    private val readme = File("../README.md")
    private val sources = listOf(File("src/main/kotlin"), File("src/main/java"), File("src/test/java"), File("src/test/kotlin"))
        .flatMap { dir -> dir.walkTopDown().filter { it.isFile && (it.extension == "kt" || it.extension == "java") }.toList() }
        .map { it.path to normalize(it.readText()) }

    private fun normalize(text: String): List<String> = text.lines().map { it.trim() }.filter { it.isNotEmpty() }

    private fun blocks(): List<Pair<String, List<String>>> {
        val found = mutableListOf<Pair<String, List<String>>>()
        var lang: String? = null
        val current = mutableListOf<String>()
        for (line in readme.readLines()) {
            val fence = line.trim()
            if (lang == null && (fence == "```kotlin" || fence == "```java")) {
                lang = fence.removePrefix("```")
                current.clear()
            } else if (lang != null && fence == "```") {
                found += lang to normalize(current.joinToString("\n"))
                lang = null
            } else if (lang != null) {
                current += line
            }
        }
        return found
    }

    private fun containsRun(haystack: List<String>, needle: List<String>): Boolean {
        if (needle.isEmpty()) return true
        for (start in 0..haystack.size - needle.size) {
            if ((needle.indices).all { haystack[start + it] == needle[it] }) return true
        }
        return false
    }

    @Test
    fun `every Kotlin and Java block of the README is compiled from the samples`() {
        val blocks = blocks()
        assertTrue(blocks.size >= 3, "expected the README to have code examples, found ${blocks.size}")
        val missing = blocks.filter { (_, lines) ->
            val imports = lines.takeWhile { it.startsWith("import ") }
            val body = lines.drop(imports.size)
            sources.none { (_, src) -> containsRun(src, body) && imports.all { it in src } }
        }
        if (missing.isNotEmpty()) {
            fail(
                "README blocks not found in samples sources:\n" +
                    missing.joinToString("\n---\n") { (lang, lines) -> "[$lang]\n" + lines.joinToString("\n") },
            )
        }
    }
}
