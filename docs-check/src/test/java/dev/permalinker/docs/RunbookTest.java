package dev.permalinker.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every alarm the CDK app creates has its runbook section in {@code docs/operations.md} (a heading that is the alarm's
 * construct id), and the README links each one directly: an operator paged by an alarm is one link from what to do.
 */
class RunbookTest {
    static final String RUNBOOK = "docs/operations.md";
    /** A CloudWatch alarm's construct id, as the CDK app names them ({@code "DeadLettersAlarm"}). */
    private static final Pattern ALARM_ID = Pattern.compile("\"([A-Z][A-Za-z0-9]*Alarm)\"");

    private final Repository repository = Repository.current();

    @Test
    void alarms_ofTheCdkApp_areFound() {
        assertThat(alarms()).contains("DeadLettersAlarm", "WebhookUnhealthyAlarm", "ActionsDeadLettersAlarm");
    }

    @Test
    void alarms_eachHaveARunbookSection() {
        Set<String> headings = new TreeSet<>(MarkdownDoc.parse(repository.read(RUNBOOK)).headings());

        assertThat(headings).as("alarms without a section in %s (a heading that is the alarm's id: what it means, "
                + "the command that shows the cause, the fix)", RUNBOOK).containsAll(alarms());
    }

    @Test
    void runbookSections_namedAfterAnAlarm_nameOneThatExists() {
        Set<String> sections = new TreeSet<>(MarkdownDoc.parse(repository.read(RUNBOOK)).headings());
        sections.removeIf(heading -> !heading.matches("[A-Z][A-Za-z0-9]*Alarm"));

        assertThat(alarms()).as("runbook sections for alarms the CDK app no longer creates").containsAll(sections);
    }

    @Test
    void readme_linksEveryAlarmsRunbookSection() {
        Set<String> links = new TreeSet<>(MarkdownDoc.parse(repository.read("README.md")).links());

        for (String alarm : alarms()) {
            assertThat(links).as("README.md links %s's runbook section", alarm)
                    .contains(RUNBOOK + "#" + MarkdownDoc.anchor(alarm));
        }
    }

    private Set<String> alarms() {
        Set<String> alarms = new TreeSet<>();
        repository.mainSources(Set.of()).forEach((path, text) -> {
            if (path.startsWith(ConfigurationScan.CDK_APP)) {
                Matcher matcher = ALARM_ID.matcher(JavaSource.withoutComments(text));
                while (matcher.find()) {
                    alarms.add(matcher.group(1));
                }
            }
        });
        return alarms;
    }
}
