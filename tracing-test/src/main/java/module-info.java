/**
 * The Spanwise test kit: spans captured in memory, navigated as trees and checked with LLM-aware
 * assertions. The JUnit 5 extension and the kotest listener need their framework only when used,
 * so both are {@code requires static}.
 */
module dev.spanwise.tracing.test {
    requires transitive dev.spanwise.tracing.core;
    requires static org.junit.jupiter.api;
    requires static kotest.framework.engine.jvm;

    exports dev.spanwise.tracing.test;
}
