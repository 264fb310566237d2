/** Spanwise for Spring Boot: client. */
package dev.spanwise.tracing.spring.client;
