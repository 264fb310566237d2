package dev.spanwise.tracing.model

/** The service that produces spans: one instance per `Tracing`, shared by all its spans. */
public class Resource internal constructor(
    /** `service.name`. */
    public val serviceName: String,
    /** `service.version` (the application's version), if configured. */
    public val serviceVersion: String?,
    /** `deployment.environment`, if configured. */
    public val environment: String?,
    /** Further resource attributes. */
    public val attributes: Attributes,
) {
    override fun toString(): String =
        "Resource(serviceName=$serviceName, serviceVersion=$serviceVersion, environment=$environment)"

    /** Factories. */
    public companion object {
        /** A resource with only a service name (for tests and custom pipelines). */
        @JvmStatic
        @JvmOverloads
        public fun of(serviceName: String, serviceVersion: String? = null, environment: String? = null): Resource =
            Resource(serviceName, serviceVersion, environment, Attributes.EMPTY)
    }
}
