/** Spanwise for Spring Boot. */
package dev.spanwise.tracing.spring;
