/**
 * Spanwise for the OpenAI Java SDK: {@code SpanwiseOpenAI.wrap(client, tracing)} returns a client
 * whose chat completion, response and embedding calls are LLM spans. The application brings its
 * own SDK ({@code openai-java-core}, an automatic module named after its jar).
 */
module dev.spanwise.tracing.openai {
    requires transitive dev.spanwise.tracing.core;
    requires transitive openai.java.core;
    requires org.slf4j;

    exports dev.spanwise.tracing.openai;
}
