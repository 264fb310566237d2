/** A small application that uses Spanwise from the module path (see ModulePathSmokeTest). */
module dev.spanwise.samples.modular {
    requires dev.spanwise.tracing.interop;
    requires dev.spanwise.tracing.ktor;
    requires dev.spanwise.tracing.test;
}
