package dev.permalinker.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * What must never ship in a function's Lambda jar or the operator CLI: the Contentstack simulator (a test double)
 * and this module. The jar checks of the functions ({@code runtime-tests}) and of the CLI ({@code ops-cli}) use it.
 */
public final class TestOnlyClasses {
    /** The packages of the test-only modules, as jar entry prefixes. */
    public static final List<String> PACKAGES = List.of("dev/permalinker/simulator/", "dev/permalinker/testsupport/");

    private TestOnlyClasses() {
    }

    /** The entries of {@code jar} in a test-only package, as {@code jar-name!/entry}; empty when it is clean. */
    public static List<String> in(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(ZipEntry::getName)
                    .filter(name -> PACKAGES.stream().anyMatch(name::startsWith))
                    .map(name -> jar.getFileName() + "!/" + name)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }
}
