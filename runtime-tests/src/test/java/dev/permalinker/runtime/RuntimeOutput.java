package dev.permalinker.runtime;

/** Lines in a function process's output that the JVM writes, not the function. */
final class RuntimeOutput {
    private RuntimeOutput() {
    }

    static boolean isJvmNotice(String line) {
        return line.startsWith("Picked up JAVA_TOOL_OPTIONS") || line.startsWith("OpenJDK 64-Bit Server VM warning");
    }
}
