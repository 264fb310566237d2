/** Spanwise for Spring Boot: annotation. */
package dev.spanwise.tracing.spring.annotation;
