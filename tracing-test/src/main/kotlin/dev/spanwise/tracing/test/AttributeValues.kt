package dev.spanwise.tracing.test

/**
 * Compares an attribute as the user wrote it with what was stored: Spanwise stores integers as
 * `Long` and floating-point numbers as `Double`, so `3` (an `Int`) matches a stored `3L` and `0.5f`
 * matches `0.5`. Lists compare element by element under the same rule.
 */
internal object AttributeValues {
    fun same(expected: Any?, actual: Any?): Boolean = when {
        expected == null || actual == null -> expected == actual
        expected is Number && actual is Number -> sameNumber(expected, actual)
        expected is Array<*> -> same(expected.toList(), actual)
        expected is List<*> && actual is List<*> -> expected.size == actual.size && expected.indices.all { same(expected[it], actual[it]) }
        expected is CharSequence && actual is CharSequence -> expected.toString() == actual.toString()
        else -> expected == actual
    }

    private fun sameNumber(a: Number, b: Number): Boolean {
        val integral = { n: Number -> n is Long || n is Int || n is Short || n is Byte }
        return if (integral(a) && integral(b)) a.toLong() == b.toLong() else a.toDouble() == b.toDouble()
    }

    fun show(value: Any?): String = when (value) {
        is String -> "\"$value\""
        else -> value.toString()
    }
}
