package dev.spanwise.benchmarks;

/**
 * The fixed batch of the encoding and end-to-end benchmarks (#6, #7): spans with ten attributes
 * (six strings, four longs) and, optionally, a prompt and a completion of a given size.
 */
public final class BatchShape {
  public static final int BATCH = 512;

  public static final String[] STRING_KEYS = {
    "gen_ai.system", "gen_ai.request.model", "gen_ai.operation.name", "gen_ai.response.model",
    "app.user.tier", "app.route"
  };
  public static final String[] STRING_VALUES = {"openai", "gpt-4o", "chat", "gpt-4o-2024-08-06", "pro", "/v1/answer"};
  public static final String[] LONG_KEYS = {
    "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "app.retry", "app.tenant_id"
  };
  public static final long[] LONG_VALUES = {1234L, 567L, 0L, 987654321L};
  public static final String PROMPT_KEY = "gen_ai.prompt";
  public static final String COMPLETION_KEY = "gen_ai.completion";

  private BatchShape() {}

  /** Text of {@code bytes} ASCII bytes that reads like a prompt, with quotes and newlines to escape. */
  public static String content(int bytes, char seed) {
    String line = "You are a helpful agent. Answer \"briefly\" about order " + seed + ".\n";
    StringBuilder sb = new StringBuilder(bytes);
    while (sb.length() < bytes) sb.append(line);
    sb.setLength(bytes);
    return sb.toString();
  }
}
