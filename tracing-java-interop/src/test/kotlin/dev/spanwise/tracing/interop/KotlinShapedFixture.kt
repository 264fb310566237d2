package dev.spanwise.tracing.interop

/** Kotlin shapes a Java caller should never meet; `JavaApiSurfaceTest` proves its walk finds them. */
data class KotlinShapedFixture(val name: String) {
    fun tag(pair: Pair<String, String>): String = pair.first

    fun each(action: (String) -> Unit) = action(name)

    suspend fun later(): String = name

    @JvmSynthetic
    fun hidden(pair: Pair<String, String>): String = pair.second

    companion object {
        val LIMIT: Int = 3

        fun create(): KotlinShapedFixture = KotlinShapedFixture("x")
    }
}
