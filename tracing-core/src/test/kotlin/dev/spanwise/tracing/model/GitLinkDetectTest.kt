package dev.spanwise.tracing.model

import org.junit.jupiter.api.Assumptions.assumeTrue
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import kotlin.io.path.createDirectories
import kotlin.io.path.writeText
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * `GitLink.detect` against real repositories made with `git` (skipped when `git` is not installed)
 * and against hand-written `.git` layouts: packed refs, a linked worktree's `gitdir:` file, a
 * submodule's relative `gitdir:`, a detached HEAD, credentials in the remote URL.
 */
class GitLinkDetectTest {
    private val root: Path = Files.createTempDirectory("spanwise-git")
    private val commitA = "0123456789abcdef0123456789abcdef01234567"
    private val commitB = "89abcdef0123456789abcdef0123456789abcdef"

    @AfterTest
    fun cleanUp() {
        root.toFile().deleteRecursively()
    }

    private fun gitAvailable(): Boolean = try {
        ProcessBuilder("git", "--version").redirectErrorStream(true).start().let { p ->
            p.inputStream.readBytes()
            p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0
        }
    } catch (e: java.io.IOException) {
        false
    }

    private fun git(dir: Path, vararg args: String): String {
        val command = listOf("git", "-c", "user.name=Spanwise Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false") + args
        val pb = ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        pb.environment().apply {
            put("GIT_CONFIG_NOSYSTEM", "1")
            put("GIT_CONFIG_GLOBAL", "/dev/null")
            put("HOME", root.toString())
        }
        val p = pb.start()
        val out = p.inputStream.readBytes().decodeToString()
        check(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) { "git ${args.joinToString(" ")} failed: $out" }
        return out.trim()
    }

    private fun write(path: Path, text: String): Path {
        path.parent.createDirectories()
        path.writeText(text)
        return path
    }

    @Test
    fun `a real repository - branch, loose and packed refs, a linked worktree, a detached HEAD`() {
        assumeTrue(gitAvailable(), "git is not installed")
        val repo = root.resolve("app").createDirectories()
        git(repo, "init", "-q", "-b", "main")
        assertNull(AgentArtifact.GitLink.detect(repo), "no commit yet")
        write(repo.resolve("src/deep/App.kt"), "fun main() {}\n")
        git(repo, "add", ".")
        git(repo, "commit", "-q", "-m", "first")
        git(repo, "remote", "add", "origin", "https://build-bot:ghp_SeCrEt123@github.com/acme/app.git")
        val head = git(repo, "rev-parse", "HEAD")

        val fromSubdirectory = AgentArtifact.GitLink.detect(repo.resolve("src/deep"))
        assertEquals(AgentArtifact.GitLink(head, "main", "https://github.com/acme/app.git"), fromSubdirectory)
        assertFalse(fromSubdirectory.toString().contains("SeCrEt"))

        git(repo, "pack-refs", "--all")
        assertFalse(Files.exists(repo.resolve(".git/refs/heads/main")), "the ref now lives in packed-refs only")
        assertEquals(head, AgentArtifact.GitLink.detect(repo)?.commit)

        val worktree = root.resolve("app-feature")
        git(repo, "worktree", "add", "-q", "-b", "feature", worktree.toString())
        write(worktree.resolve("NOTES.md"), "notes\n")
        git(worktree, "add", ".")
        git(worktree, "commit", "-q", "-m", "second")
        val featureHead = git(worktree, "rev-parse", "HEAD")
        assertTrue(Files.isRegularFile(worktree.resolve(".git")), "a linked worktree has a gitdir: file")
        assertEquals(AgentArtifact.GitLink(featureHead, "feature", "https://github.com/acme/app.git"), AgentArtifact.GitLink.detect(worktree))
        assertEquals(head, AgentArtifact.GitLink.detect(repo)?.commit, "the main checkout is unchanged")

        git(repo, "checkout", "-q", "--detach")
        assertEquals(AgentArtifact.GitLink(head, null, "https://github.com/acme/app.git"), AgentArtifact.GitLink.detect(repo))
    }

    @Test
    fun `a hand-written layout with packed refs, a worktree gitdir file and credentials in the remote URL`() {
        val dotGit = root.resolve("repo/.git")
        write(dotGit.resolve("HEAD"), "ref: refs/heads/release/1.2\n")
        write(
            dotGit.resolve("packed-refs"),
            """
            # pack-refs with: peeled fully-peeled sorted
            $commitB refs/heads/release/1.1
            ${commitA.uppercase()} refs/heads/release/1.2
            $commitB refs/tags/v1
            ^$commitA
            """.trimIndent() + "\n",
        )
        write(
            dotGit.resolve("config"),
            """
            [core]
            	repositoryformatversion = 0
            [remote "upstream"]
            	url = https://upstream.example.com/other.git
            [remote "origin"]
            	fetch = +refs/heads/*:refs/remotes/origin/*
            	URL = "https://deploy:p%40ss-w0rd@git.example.com:8443/team/repo.git"
            [branch "main"]
            	remote = origin
            """.trimIndent() + "\n",
        )
        val expectedUrl = "https://git.example.com:8443/team/repo.git"
        val main = AgentArtifact.GitLink.detect(root.resolve("repo/some/missing/dir"))
        assertEquals(AgentArtifact.GitLink(commitA, "release/1.2", expectedUrl), main, "walks up through directories that do not exist")
        assertFalse(main.toString().contains("w0rd"))

        // A linked worktree: its own HEAD and a loose ref beside the shared packed-refs and config.
        val wtDir = dotGit.resolve("worktrees/hotfix")
        write(wtDir.resolve("HEAD"), "ref: refs/heads/hotfix\n")
        write(wtDir.resolve("commondir"), "../..\n")
        write(dotGit.resolve("refs/heads/hotfix"), "$commitB\n")
        val checkout = root.resolve("hotfix-checkout").createDirectories()
        write(checkout.resolve(".git"), "gitdir: $wtDir\n")
        assertEquals(AgentArtifact.GitLink(commitB, "hotfix", expectedUrl), AgentArtifact.GitLink.detect(checkout.resolve("src")))

        // A submodule: a relative gitdir, a detached HEAD, an scp-style remote.
        val module = dotGit.resolve("modules/lib")
        write(module.resolve("HEAD"), "$commitB\n")
        write(module.resolve("config"), "[remote \"origin\"]\n\turl = git@github.com:acme/lib.git\n")
        val sub = root.resolve("repo/lib").createDirectories()
        write(sub.resolve(".git"), "gitdir: ../.git/modules/lib\n")
        assertEquals(AgentArtifact.GitLink(commitB, null, "github.com:acme/lib.git"), AgentArtifact.GitLink.detect(sub))
    }

    @Test
    fun `no repository, a broken one or a ref that resolves to nothing gives null, never an exception`() {
        val plain = root.resolve("plain").createDirectories()
        assertNull(AgentArtifact.GitLink.detect(plain))

        val noGitdir = root.resolve("no-gitdir").createDirectories()
        write(noGitdir.resolve(".git"), "not a gitdir line\n")
        assertNull(AgentArtifact.GitLink.detect(noGitdir))

        val dangling = root.resolve("dangling").createDirectories()
        write(dangling.resolve(".git"), "gitdir: ${root.resolve("nowhere")}\n")
        assertNull(AgentArtifact.GitLink.detect(dangling))

        val garbage = root.resolve("garbage/.git")
        write(garbage.resolve("HEAD"), "this is not a commit\n")
        assertNull(AgentArtifact.GitLink.detect(garbage.parent))

        val escape = root.resolve("escape/.git")
        write(escape.resolve("HEAD"), "ref: ../../../etc/passwd\n")
        assertNull(AgentArtifact.GitLink.detect(escape.parent))

        val noRemote = root.resolve("no-remote/.git")
        write(noRemote.resolve("HEAD"), "ref: refs/heads/main\n")
        write(noRemote.resolve("refs/heads/main"), "$commitA\n")
        assertEquals(AgentArtifact.GitLink(commitA, "main", null), AgentArtifact.GitLink.detect(noRemote.parent))
    }
}
