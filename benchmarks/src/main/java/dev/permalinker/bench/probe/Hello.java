package dev.permalinker.bench.probe;

/** The bare-JVM baseline of the cold-start comparison. */
public final class Hello {
    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("READY hello world");
        System.out.flush();
    }
}
