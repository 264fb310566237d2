package dev.spanwise.tracing.model

import dev.spanwise.tracing.model.internal.GitDirectory
import dev.spanwise.tracing.model.internal.RepositoryUrl
import java.nio.file.Path
import java.nio.file.Paths

/**
 * What a coding agent produced or touched while a span ran: a [Checkpoint], a [FileOperation], a
 * [TerminalCommand] or a [GitLink]. Recorded with `TraceScope.artifact(…)` as a typed span event
 * (`spanwise.checkpoint`, `spanwise.file_operation`, `spanwise.terminal_command`, `spanwise.git`);
 * [fromEvent] reads one back from an exported span. Immutable.
 */
public sealed class AgentArtifact {
    /**
     * A named state the agent can return to, e.g. before a refactoring: its [name], an optional
     * [description] (masked and bounded like a warning message when recorded) and the [files] it covers.
     */
    public class Checkpoint @JvmOverloads constructor(
        /** The checkpoint's name, e.g. `before-refactor`. */
        public val name: String,
        /** What the checkpoint stands for, or `null`. */
        public val description: String? = null,
        /** The paths the checkpoint covers (may be empty). */
        public val files: List<String> = emptyList(),
    ) : AgentArtifact() {
        override fun equals(other: Any?): Boolean =
            other is Checkpoint && other.name == name && other.description == description && other.files == files

        override fun hashCode(): Int = (name.hashCode() * 31 + description.hashCode()) * 31 + files.hashCode()

        override fun toString(): String = "Checkpoint(name=$name, description=$description, files=$files)"
    }

    /**
     * An operation on one file: its [operation], the [path] (for [Kind.RENAME], the new path) and the
     * file's text [before] and [after] it — content, kept only when content capture is on, masked
     * and bounded like an LLM prompt.
     */
    public class FileOperation @JvmOverloads constructor(
        /** What was done to the file. */
        public val operation: Kind,
        /** The file's path, as the agent names it (usually relative to the working directory). */
        public val path: String,
        /** The file's text before the operation, or `null`. */
        public val before: String? = null,
        /** The file's text after the operation, or `null`. */
        public val after: String? = null,
    ) : AgentArtifact() {
        /** The kinds of file operation; recorded in lower case (`read`, `create`, …). */
        public enum class Kind {
            /** The file was read. */
            READ,

            /** The file was created. */
            CREATE,

            /** The file was changed. */
            UPDATE,

            /** The file was deleted. */
            DELETE,

            /** The file was moved or renamed. */
            RENAME,
        }

        override fun equals(other: Any?): Boolean = other is FileOperation &&
            other.operation == operation &&
            other.path == path &&
            other.before == before &&
            other.after == after

        override fun hashCode(): Int = ((operation.hashCode() * 31 + path.hashCode()) * 31 + before.hashCode()) * 31 + after.hashCode()

        override fun toString(): String =
            "FileOperation(operation=$operation, path=$path, before=${elided(before)}, after=${elided(after)})"
    }

    /**
     * A command the agent ran in a terminal: the [command] line (masked and bounded like a warning
     * message when recorded), its [exitCode] when it finished, and its [stdout] and [stderr] —
     * content, kept only when content capture is on, masked and bounded.
     */
    public class TerminalCommand @JvmOverloads constructor(
        /** The command line, e.g. `npm test`. */
        public val command: String,
        /** The exit code, or `null` when unknown (still running, killed). */
        public val exitCode: Int? = null,
        /** What the command wrote to standard output, or `null`. */
        public val stdout: String? = null,
        /** What the command wrote to standard error, or `null`. */
        public val stderr: String? = null,
    ) : AgentArtifact() {
        override fun equals(other: Any?): Boolean = other is TerminalCommand &&
            other.command == command &&
            other.exitCode == exitCode &&
            other.stdout == stdout &&
            other.stderr == stderr

        override fun hashCode(): Int = ((command.hashCode() * 31 + exitCode.hashCode()) * 31 + stdout.hashCode()) * 31 + stderr.hashCode()

        override fun toString(): String =
            "TerminalCommand(command=$command, exitCode=$exitCode, stdout=${elided(stdout)}, stderr=${elided(stderr)})"
    }

    /**
     * The version of the code the agent worked on: the [commit], the [branch] (none when the
     * checkout is detached) and the [repositoryUrl]. Any user-info in the URL (a user name, a
     * password or a token: `https://user:token@host/…`) is removed when the value is made, so it
     * never reaches a span. [detect] reads all three from a working directory.
     */
    public class GitLink @JvmOverloads constructor(
        /** The commit id (hex), e.g. `1a2b3c4d…`. */
        public val commit: String,
        /** The branch name without `refs/heads/`, or `null`. */
        public val branch: String? = null,
        repositoryUrl: String? = null,
    ) : AgentArtifact() {
        /** The repository's URL without user-info, or `null`. */
        public val repositoryUrl: String? = repositoryUrl?.let { RepositoryUrl.withoutUserInfo(it) }

        override fun equals(other: Any?): Boolean =
            other is GitLink && other.commit == commit && other.branch == branch && other.repositoryUrl == repositoryUrl

        override fun hashCode(): Int = (commit.hashCode() * 31 + branch.hashCode()) * 31 + repositoryUrl.hashCode()

        override fun toString(): String = "GitLink(commit=$commit, branch=$branch, repositoryUrl=$repositoryUrl)"

        /** Reads a repository's state from its files, without running `git`. */
        public companion object {
            /**
             * The checkout [directory] is in: walks up from [directory] to the first `.git` (a
             * directory, or a `gitdir:` file as in a linked worktree or a submodule), reads `HEAD`
             * (a branch, or a detached commit), the branch's commit (loose ref or `packed-refs`)
             * and the `origin` remote's URL from `config`, without user-info. `null` when there is
             * no repository, no commit yet, or the files cannot be read (or [directory] is `null`);
             * never throws.
             */
            @JvmStatic
            public fun detect(directory: Path?): GitLink? = directory?.let { GitDirectory.detect(it) }?.let { GitLink(it.commit, it.branch, it.originUrl) }

            /** [detect] from the process's working directory (`user.dir`). */
            @JvmStatic
            public fun detect(): GitLink? = try {
                detect(Paths.get(System.getProperty("user.dir") ?: "."))
            } catch (e: Exception) {
                null
            }
        }
    }

    /** Factories for Java and Kotlin callers, and reading an artifact back from a span event. */
    public companion object {
        /** A [Checkpoint]. */
        @JvmStatic
        @JvmOverloads
        public fun checkpoint(name: String, description: String? = null, files: List<String> = emptyList()): Checkpoint =
            Checkpoint(name, description, files)

        /** A [FileOperation]. */
        @JvmStatic
        @JvmOverloads
        public fun fileOperation(operation: FileOperation.Kind, path: String, before: String? = null, after: String? = null): FileOperation =
            FileOperation(operation, path, before, after)

        /** A [TerminalCommand]. */
        @JvmStatic
        @JvmOverloads
        public fun terminalCommand(command: String, exitCode: Int? = null, stdout: String? = null, stderr: String? = null): TerminalCommand =
            TerminalCommand(command, exitCode, stdout, stderr)

        /** A [GitLink]; user-info in [repositoryUrl] is removed. */
        @JvmStatic
        @JvmOverloads
        public fun gitLink(commit: String, branch: String? = null, repositoryUrl: String? = null): GitLink =
            GitLink(commit, branch, repositoryUrl)

        /**
         * The artifact a recorded span [event] stands for, as it was recorded (masked, bounded, content
         * only when captured), or `null` when the event is no artifact.
         */
        @JvmStatic
        public fun fromEvent(event: SpanEvent): AgentArtifact? = ArtifactEvents.decode(event.name, event.attributes)
    }
}

/** Content in a `toString()`: only its length. */
private fun elided(content: String?): String = if (content == null) "null" else "<${content.length} chars>"
