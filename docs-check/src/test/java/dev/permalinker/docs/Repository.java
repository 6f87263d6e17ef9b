package dev.permalinker.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The repository the build runs in, as the checks read it: its root (the folder holding {@code .mvn/}, found from the
 * module's working directory upwards), the main Java sources of its modules and its Markdown files.
 */
final class Repository {
    /** Folders that hold build output or tools' caches, never sources or docs. */
    private static final Set<String> SKIPPED_FOLDERS = Set.of(".git", "target", "node_modules", "cdk.out", ".idea");

    private final Path root;

    Repository(Path root) {
        this.root = root;
    }

    /** The repository around the working directory (surefire runs in the module's folder). */
    static Repository current() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".mvn")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return new Repository(dir);
            }
        }
        throw new IllegalStateException("no repository root (a folder with .mvn/ and pom.xml) above " + start);
    }

    Path root() {
        return root;
    }

    String read(String relativePath) {
        return read(root.resolve(relativePath));
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Path relative to the root, with forward slashes. */
    String relative(Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    /**
     * The text of every {@code src/main/java} file of every module (a folder with a {@code pom.xml}) but
     * {@code excludedModules}, by path relative to the root.
     */
    Map<String, String> mainSources(Set<String> excludedModules) {
        Map<String, String> sources = new LinkedHashMap<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml")))
                    .filter(dir -> !excludedModules.contains(dir.getFileName().toString())).sorted().toList()) {
                Path main = module.resolve("src/main/java");
                if (!Files.isDirectory(main)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(file -> file.toString().endsWith(".java")).sorted()
                            .forEach(file -> sources.put(relative(file), read(file)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources;
    }

    /** Every file of the repository whose name ends in one of {@code suffixes}, outside build output. */
    List<Path> files(String... suffixes) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> root.relativize(file).getNameCount() > 0)
                    .filter(file -> {
                        Path relative = root.relativize(file);
                        for (Path part : relative) {
                            if (SKIPPED_FOLDERS.contains(part.toString())) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .filter(file -> Stream.of(suffixes).anyMatch(file.getFileName().toString()::endsWith))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
