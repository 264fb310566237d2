package dev.spanwise.tracing.testing

import java.net.URLEncoder
import java.util.Base64

/**
 * Distinctive credentials for the secret-leak tests. `.ci/run` greps every test report and output
 * file for them after the build: none may ever be printed, whatever the test does.
 */
object Canaries {
    /** A bearer token, as sent by `Authorization: Bearer …` (e.g. from `OTEL_EXPORTER_OTLP_HEADERS`). */
    const val BEARER = "sk-canary-bearer-3f9a1c7e"

    /** An API key (`x-api-key`, Tracentic's `x-tracentic-api-key`, 2Signal's bearer key, `SPANWISE_API_KEY`). */
    const val API_KEY = "sk-canary-apikey-6b2d8e41"

    /** The public and secret key of Langfuse-style Basic auth. */
    const val BASIC_USER = "pk-canary-lf-51c0a9"
    const val BASIC_PASSWORD = "sk-canary-lf-d47e22"

    /** `base64(user:password)`: `cGstY2FuYXJ5LWxmLTUxYzBhOTpzay1jYW5hcnktbGYtZDQ3ZTIy`. */
    val BASIC: String = Base64.getEncoder().encodeToString("$BASIC_USER:$BASIC_PASSWORD".toByteArray())

    /** User-info of an endpoint URL. */
    const val URL_USER = "pk-canary-url-user"
    const val URL_PASSWORD = "sk-canary-url-88a1f3"

    /** Every spelling that must never be printed. */
    val all: List<String> = listOf(BEARER, API_KEY, BASIC_USER, BASIC_PASSWORD, BASIC, URL_USER, URL_PASSWORD).let { raw ->
        raw + raw.map { URLEncoder.encode(it, "UTF-8") } + "$BASIC_USER:$BASIC_PASSWORD"
    }.distinct()

    /** The canaries found in [text] (empty when none leaked), named by position only. */
    fun leaksIn(text: String): List<String> = all.withIndex().filter { text.contains(it.value) }.map { "canary #${it.index}" }
}
