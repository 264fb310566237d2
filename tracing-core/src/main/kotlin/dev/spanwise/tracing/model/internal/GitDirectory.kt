package dev.spanwise.tracing.model.internal

import java.nio.file.Files
import java.nio.file.Path

/**
 * Reads a checkout's commit, branch and `origin` URL from its `.git` files, the way `git` lays them
 * out: `.git` is a directory or a `gitdir: <path>` file (linked worktrees, submodules); a linked
 * worktree's `commondir` names the directory holding the shared refs and config; `HEAD` is
 * `ref: refs/heads/<branch>` or a detached commit id; a ref is a loose file or a `packed-refs` line.
 * Never runs `git`, never throws: anything unreadable gives `null`.
 */
internal object GitDirectory {
    /** What a checkout is at: the commit (lower-case hex), the branch (`null` when detached) and the `origin` URL without user-info. */
    class Head(val commit: String, val branch: String?, val originUrl: String?)

    /** Files larger than this are not read (a `.git` file, `HEAD`, a ref, `config`, `packed-refs`). */
    private const val MAX_FILE_BYTES = 8L * 1024 * 1024
    private val COMMIT = Regex("[0-9a-fA-F]{40}([0-9a-fA-F]{24})?")

    fun detect(directory: Path): Head? = try {
        val gitDir = findGitDir(directory.toAbsolutePath().normalize())
        gitDir?.let { read(it) }
    } catch (e: Exception) {
        null
    }

    /** The git directory of the nearest `.git` at or above [start], or `null`. */
    private fun findGitDir(start: Path): Path? {
        var dir: Path? = start
        while (dir != null) {
            val dotGit = dir.resolve(".git")
            if (Files.isDirectory(dotGit)) return dotGit
            if (Files.isRegularFile(dotGit)) {
                val line = readText(dotGit)?.lineSequence()?.firstOrNull { it.startsWith("gitdir:") } ?: return null
                return dir.resolve(line.removePrefix("gitdir:").trim()).normalize()
            }
            dir = dir.parent
        }
        return null
    }

    private fun read(gitDir: Path): Head? {
        val commonDir = readText(gitDir.resolve("commondir"))?.trim()?.takeIf { it.isNotEmpty() }
            ?.let { gitDir.resolve(it).normalize() } ?: gitDir
        val head = readText(gitDir.resolve("HEAD"))?.trim() ?: return null
        val branch: String?
        val commit: String?
        if (head.startsWith("ref:")) {
            val ref = head.removePrefix("ref:").trim()
            branch = ref.removePrefix("refs/heads/")
            commit = resolveRef(ref, gitDir, commonDir)
        } else {
            branch = null
            commit = head.takeIf { COMMIT.matches(it) }
        }
        return commit?.let { Head(it.lowercase(), branch, originUrl(commonDir)) }
    }

    /** The commit [ref] points to: a loose ref (in the worktree's directory first), else `packed-refs`. */
    private fun resolveRef(ref: String, gitDir: Path, commonDir: Path): String? {
        if (ref.contains("..")) return null
        for (dir in listOf(gitDir, commonDir)) {
            val loose = readText(dir.resolve(ref))?.trim()
            if (loose != null && COMMIT.matches(loose)) return loose
        }
        val packed = readText(commonDir.resolve("packed-refs")) ?: return null
        for (line in packed.lineSequence()) {
            if (line.startsWith("#") || line.startsWith("^")) continue
            val space = line.indexOf(' ')
            if (space > 0 && line.substring(space + 1).trim() == ref) return line.substring(0, space).takeIf { COMMIT.matches(it) }
        }
        return null
    }

    /** The `url` of `[remote "origin"]` in `config`, without user-info. */
    private fun originUrl(commonDir: Path): String? {
        val config = readText(commonDir.resolve("config")) ?: return null
        var inOrigin = false
        for (raw in config.lineSequence()) {
            val line = raw.trim()
            if (line.startsWith("[")) {
                val section = line.substringAfter('[').substringBefore(']').trim()
                inOrigin = section.substringBefore(' ').equals("remote", ignoreCase = true) &&
                    section.substringAfter(' ', "").trim() == "\"origin\""
                continue
            }
            if (!inOrigin || line.startsWith("#") || line.startsWith(";")) continue
            val eq = line.indexOf('=')
            if (eq > 0 && line.substring(0, eq).trim().equals("url", ignoreCase = true)) {
                val value = line.substring(eq + 1).trim().removeSurrounding("\"")
                return value.takeIf { it.isNotEmpty() }?.let { RepositoryUrl.withoutUserInfo(it) }
            }
        }
        return null
    }

    private fun readText(file: Path): String? = try {
        if (Files.isRegularFile(file) && Files.size(file) <= MAX_FILE_BYTES) String(Files.readAllBytes(file), Charsets.UTF_8) else null
    } catch (e: Exception) {
        null
    }
}
