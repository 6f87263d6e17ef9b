package dev.permalinker.ops.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.JsonCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON log {@code serve} keeps in its data directory ({@code permalinker.log} and its one rotation
 * {@code permalinker.log.1}): one JSON object per line, the keys of the functions' CloudWatch lines. Lines that are
 * not JSON objects (a line cut by a crash) are skipped.
 */
public final class LocalEventLog implements LogEventSource {
    /** The name serve gives its log (telemetry's {@code JsonLogFile.SERVE_LOG}; ops-cli does not depend on it). */
    public static final String FILE_NAME = "permalinker.log";
    /** Where {@code serve --simulate} keeps its queues and log, inside {@code DATA_DIR} (local-runner's name). */
    static final String SIMULATE_SUBDIRECTORY = "simulate";

    private final Path file;
    private final JsonCodec json;

    public LocalEventLog(Path file, JsonCodec json) {
        this.file = file;
        this.json = json;
    }

    /** The log of the data directory {@code dataDir}. */
    public static LocalEventLog inDataDirectory(Path dataDir, JsonCodec json) {
        return new LocalEventLog(dataDir.resolve(FILE_NAME), json);
    }

    @Override
    public List<LogEvent> eventsFor(String assetUid, Instant from, Instant to) {
        Path rotated = file.resolveSibling(file.getFileName() + ".1");
        if (!Files.exists(file) && !Files.exists(rotated)) {
            throw new TraceGap("no log at " + file + hint());
        }
        List<LogEvent> events = new ArrayList<>();
        for (Path part : List.of(rotated, file)) {
            if (Files.exists(part)) {
                read(part, assetUid, from, to, events);
            }
        }
        events.sort(Comparator.comparing(LogEvent::timestamp));
        return events;
    }

    /** What to pass instead: a {@code serve --simulate} run writes its log one directory further down. */
    private String hint() {
        Path dir = file.getParent();
        Path simulated = dir == null ? null : dir.resolve(SIMULATE_SUBDIRECTORY);
        if (simulated != null && Files.exists(simulated.resolve(FILE_NAME))) {
            return " (serve --simulate keeps its log in " + simulated + ": pass --data-dir " + simulated + ")";
        }
        return " (is this serve's DATA_DIR? pass --data-dir or --log-file)";
    }

    private void read(Path part, String assetUid, Instant from, Instant to, List<LogEvent> events) {
        // A cheap test before parsing: most lines are about other assets.
        String needle = "\"" + assetUid + "\"";
        // Decoded leniently: a line of binary garbage (a crash mid-write, a disk error) becomes replacement
        // characters and is skipped as not JSON, instead of Files.newBufferedReader's MalformedInputException
        // making the whole log unreadable.
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(part),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.contains(needle)) {
                    continue;
                }
                LogEvent event = parse(line);
                if (event != null && assetUid.equals(event.assetUid()) && !event.timestamp().isBefore(from)
                        && !event.timestamp().isAfter(to)) {
                    events.add(event);
                }
            }
        } catch (IOException e) {
            throw new TraceGap("cannot read " + part + ": " + e.getMessage(), e);
        }
    }

    private LogEvent parse(String line) {
        JsonNode node;
        try {
            node = json.readTree(line.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (!node.isObject()) {
            return null;
        }
        Map<String, String> fields = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isValueNode()) {
                fields.put(field.getKey(), field.getValue().asText());
            }
        }
        return LogEvent.of(fields);
    }

    @Override
    public String describe() {
        return file.toString();
    }
}
