package dev.permalinker.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** README.md is a front page: short, with the demo and the test command on its first screen, and CI runs the latter. */
class ReadmeTest {
    static final int FIRST_SCREEN = 40;
    static final int MAX_LINES = 200;
    static final String DEMO = "./bin/permalinker-local demo";
    static final String TESTS = "mvn -B verify";

    private final Repository repository = Repository.current();
    private final List<String> lines = repository.read("README.md").lines().toList();

    @Test
    void readme_firstScreen_showsBothCommands() {
        List<String> firstScreen = lines.subList(0, Math.min(FIRST_SCREEN, lines.size())).stream()
                .map(String::strip).toList();

        assertThat(firstScreen).contains(DEMO, TESTS);
    }

    @Test
    void readme_firstTestCommand_isTheOneCiRuns() {
        String command = lines.stream().filter(line -> line.matches("^\\s*(\\$ )?mvn .*(verify|test).*"))
                .map(line -> line.replaceFirst("^\\s*(\\$ )?", "")).findFirst().orElseThrow();

        assertThat(command).isEqualTo(TESTS);
        assertThat(repository.read(".ci/run")).contains(command);
    }

    @Test
    void readme_isAFrontPage() {
        assertThat(lines).as("README.md lines: move detail to docs/").hasSizeLessThanOrEqualTo(MAX_LINES);
    }
}
