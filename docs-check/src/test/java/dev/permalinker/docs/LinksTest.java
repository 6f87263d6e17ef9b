package dev.permalinker.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The repository's Markdown stands on its own: every relative link and anchor resolves inside the clone, and nothing
 * refers to the folder beside the repository that a clone does not have.
 */
class LinksTest {
    /** Built from parts so this file does not name it. */
    private static final List<String> OUTSIDE = List.of(".." + "/shared", "/work" + "/shared");
    private static final Set<String> TEXT_FILES = Set.of(".md", ".java", ".xml", ".json", ".sh", ".txt", ".yml",
            ".yaml", ".properties");

    private final Repository repository = Repository.current();

    @Test
    void links_relativeInMarkdown_resolveToAFileAndAnchor() {
        List<String> broken = new ArrayList<>();
        for (Path file : repository.files(".md")) {
            for (String link : MarkdownDoc.parse(Repository.read(file)).links()) {
                if (link.matches("^[a-z][a-z0-9+.-]*:.*")) {
                    continue;
                }
                String problem = problem(file, link);
                if (problem != null) {
                    broken.add(repository.relative(file) + ": " + link + " (" + problem + ")");
                }
            }
        }

        assertThat(broken).as("links that do not resolve in a clone").isEmpty();
    }

    @Test
    void files_refersToNothingOutsideTheRepository() {
        List<String> found = new ArrayList<>();
        for (Path file : repository.files(TEXT_FILES.toArray(String[]::new))) {
            String text = Repository.read(file);
            OUTSIDE.stream().filter(text::contains).forEach(name -> found.add(repository.relative(file) + ": " + name));
        }
        Path runScript = repository.root().resolve(".ci/run");
        if (Files.exists(runScript)) {
            String script = Repository.read(runScript);
            OUTSIDE.stream().filter(script::contains).forEach(name -> found.add(".ci/run: " + name));
        }

        assertThat(found).as("references to a folder a clone does not have").isEmpty();
    }

    @Test
    void anchor_ofHeadings_isGitHubs() {
        assertThat(MarkdownDoc.anchor("DeadLettersAlarm")).isEqualTo("deadlettersalarm");
        assertThat(MarkdownDoc.anchor("`trace`: why has this asset no permanent URL?"))
                .isEqualTo("trace-why-has-this-asset-no-permanent-url");
        assertThat(MarkdownDoc.anchor("Ingest: `POST /webhooks/contentstack`"))
                .isEqualTo("ingest-post-webhookscontentstack");
        assertThat(MarkdownDoc.parse("# A\n## A\n```\n# not a heading\n```\n").anchors()).containsExactly("a", "a-1");
    }

    /** Why {@code link} from {@code file} does not resolve, or {@code null}. */
    private String problem(Path file, String link) {
        int hash = link.indexOf('#');
        String path = hash < 0 ? link : link.substring(0, hash);
        String anchor = hash < 0 ? null : link.substring(hash + 1);
        Path target = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        if (!target.startsWith(repository.root())) {
            return "outside the repository";
        }
        if (!Files.exists(target)) {
            return "no such file";
        }
        if (anchor != null && target.toString().endsWith(".md")
                && !MarkdownDoc.parse(Repository.read(target)).anchors().contains(anchor)) {
            return "no heading with anchor #" + anchor;
        }
        return null;
    }
}
