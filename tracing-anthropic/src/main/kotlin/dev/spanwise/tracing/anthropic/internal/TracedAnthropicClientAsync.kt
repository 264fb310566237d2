package dev.spanwise.tracing.anthropic.internal

import com.anthropic.client.AnthropicClient
import com.anthropic.client.AnthropicClientAsync
import com.anthropic.core.ClientOptions
import com.anthropic.services.async.BetaServiceAsync
import com.anthropic.services.async.FileServiceAsync
import com.anthropic.services.async.MessageServiceAsync
import com.anthropic.services.async.ModelServiceAsync
import com.anthropic.services.async.OrganizationServiceAsync
import com.anthropic.services.async.SkillServiceAsync
import com.anthropic.services.async.UserProfileServiceAsync
import dev.spanwise.tracing.Tracing
import java.util.function.Consumer

/**
 * An [AnthropicClientAsync] whose [messages] are traced; [withOptions] and [sync] keep the tracing,
 * everything else is the SDK's own object.
 */
internal class TracedAnthropicClientAsync(
    val delegate: AnthropicClientAsync,
    val tracing: Tracing,
) : AnthropicClientAsync {
    private val messages: MessageServiceAsync by lazy { TracedMessageServiceAsync(delegate.messages(), tracing) }

    override fun messages(): MessageServiceAsync = messages

    override fun sync(): AnthropicClient = TracedAnthropicClient(delegate.sync(), tracing)

    override fun withOptions(modifier: Consumer<ClientOptions.Builder>): AnthropicClientAsync =
        TracedAnthropicClientAsync(delegate.withOptions(modifier), tracing)

    override fun withRawResponse(): AnthropicClientAsync.WithRawResponse = delegate.withRawResponse()

    override fun options(): ClientOptions = delegate.options()

    override fun models(): ModelServiceAsync = delegate.models()

    override fun files(): FileServiceAsync = delegate.files()

    override fun skills(): SkillServiceAsync = delegate.skills()

    override fun userProfiles(): UserProfileServiceAsync = delegate.userProfiles()

    override fun organization(): OrganizationServiceAsync = delegate.organization()

    override fun beta(): BetaServiceAsync = delegate.beta()

    override fun close() {
        delegate.close()
    }

    override fun toString(): String = "Traced($delegate)"
}
