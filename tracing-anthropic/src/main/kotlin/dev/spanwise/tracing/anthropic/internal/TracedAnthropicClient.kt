package dev.spanwise.tracing.anthropic.internal

import com.anthropic.client.AnthropicClient
import com.anthropic.client.AnthropicClientAsync
import com.anthropic.core.ClientOptions
import com.anthropic.services.blocking.BetaService
import com.anthropic.services.blocking.FileService
import com.anthropic.services.blocking.MessageService
import com.anthropic.services.blocking.ModelService
import com.anthropic.services.blocking.OrganizationService
import com.anthropic.services.blocking.SkillService
import com.anthropic.services.blocking.UserProfileService
import dev.spanwise.tracing.Tracing
import java.util.function.Consumer

/**
 * An [AnthropicClient] whose [messages] are traced; [withOptions] and [async] keep the tracing,
 * everything else is the SDK's own object.
 */
internal class TracedAnthropicClient(
    val delegate: AnthropicClient,
    val tracing: Tracing,
) : AnthropicClient {
    private val messages: MessageService by lazy { TracedMessageService(delegate.messages(), tracing) }

    override fun messages(): MessageService = messages

    override fun async(): AnthropicClientAsync = TracedAnthropicClientAsync(delegate.async(), tracing)

    override fun withOptions(modifier: Consumer<ClientOptions.Builder>): AnthropicClient =
        TracedAnthropicClient(delegate.withOptions(modifier), tracing)

    override fun withRawResponse(): AnthropicClient.WithRawResponse = delegate.withRawResponse()

    override fun options(): ClientOptions = delegate.options()

    override fun models(): ModelService = delegate.models()

    override fun files(): FileService = delegate.files()

    override fun skills(): SkillService = delegate.skills()

    override fun userProfiles(): UserProfileService = delegate.userProfiles()

    override fun organization(): OrganizationService = delegate.organization()

    override fun beta(): BetaService = delegate.beta()

    override fun close() {
        delegate.close()
    }

    override fun toString(): String = "Traced($delegate)"
}
