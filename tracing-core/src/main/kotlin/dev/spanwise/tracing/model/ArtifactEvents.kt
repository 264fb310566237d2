package dev.spanwise.tracing.model

/**
 * The span events agent artifacts become: their names and attribute keys (OpenTelemetry VCS keys
 * for git), written by the engine and read back by the exporters and [AgentArtifact.fromEvent].
 */
internal object ArtifactEvents {
    const val CHECKPOINT = "spanwise.checkpoint"
    const val FILE_OPERATION = "spanwise.file_operation"
    const val TERMINAL_COMMAND = "spanwise.terminal_command"
    const val GIT = "spanwise.git"

    const val CHECKPOINT_NAME = "spanwise.checkpoint.name"
    const val CHECKPOINT_DESCRIPTION = "spanwise.checkpoint.description"
    const val CHECKPOINT_FILES = "spanwise.checkpoint.files"

    const val FILE_OPERATION_KIND = "spanwise.file.operation"
    const val FILE_PATH = "spanwise.file.path"
    const val FILE_BEFORE = "spanwise.file.before"
    const val FILE_AFTER = "spanwise.file.after"

    const val COMMAND = "spanwise.command"
    const val COMMAND_EXIT_CODE = "spanwise.command.exit_code"
    const val COMMAND_STDOUT = "spanwise.command.stdout"
    const val COMMAND_STDERR = "spanwise.command.stderr"

    const val VCS_REVISION = "vcs.ref.head.revision"
    const val VCS_REF_NAME = "vcs.ref.head.name"
    const val VCS_REF_TYPE = "vcs.ref.head.type"
    const val VCS_REPOSITORY_URL = "vcs.repository.url.full"

    /** Whether an event named [name] is an artifact. */
    fun isArtifact(name: String): Boolean = name == CHECKPOINT || name == FILE_OPERATION || name == TERMINAL_COMMAND || name == GIT

    /** The artifact an event with [name] and [attributes] stands for, or `null`. */
    fun decode(name: String, attributes: Attributes): AgentArtifact? {
        fun text(key: String): String? = attributes[key] as? String
        return when (name) {
            CHECKPOINT -> AgentArtifact.Checkpoint(
                text(CHECKPOINT_NAME) ?: return null,
                text(CHECKPOINT_DESCRIPTION),
                (attributes[CHECKPOINT_FILES] as? List<*>)?.filterIsInstance<String>() ?: emptyList(),
            )
            FILE_OPERATION -> AgentArtifact.FileOperation(
                kindOf(text(FILE_OPERATION_KIND)) ?: return null,
                text(FILE_PATH) ?: return null,
                text(FILE_BEFORE),
                text(FILE_AFTER),
            )
            TERMINAL_COMMAND -> AgentArtifact.TerminalCommand(
                text(COMMAND) ?: return null,
                (attributes[COMMAND_EXIT_CODE] as? Long)?.toInt(),
                text(COMMAND_STDOUT),
                text(COMMAND_STDERR),
            )
            GIT -> AgentArtifact.GitLink(text(VCS_REVISION) ?: return null, text(VCS_REF_NAME), text(VCS_REPOSITORY_URL))
            else -> null
        }
    }

    /** The recorded (lower-case) spelling of [kind]. */
    fun kindName(kind: AgentArtifact.FileOperation.Kind): String = kind.name.lowercase()

    private fun kindOf(text: String?): AgentArtifact.FileOperation.Kind? =
        AgentArtifact.FileOperation.Kind.values().firstOrNull { it.name.equals(text, ignoreCase = true) }
}
