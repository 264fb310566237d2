/** Spanwise for Spring Boot: internal. */
package dev.spanwise.tracing.spring.internal;
