/** Spanwise for Spring Boot: web. */
package dev.spanwise.tracing.spring.web;
