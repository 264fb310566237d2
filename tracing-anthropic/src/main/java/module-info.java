/**
 * Spanwise for the Anthropic Java SDK: {@code SpanwiseAnthropic.wrap(client, tracing)} traces the
 * client's message calls (plain, streamed, async) as LLM spans. The application brings its own SDK.
 */
module dev.spanwise.tracing.anthropic {
    requires transitive dev.spanwise.tracing.core;
    requires transitive com.anthropic.core;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports dev.spanwise.tracing.anthropic;
}
