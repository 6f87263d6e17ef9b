package dev.permalinker.ledger.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.permalinker.ledger.AssetEntry;
import dev.permalinker.ledger.AssetKey;
import dev.permalinker.ledger.AssetLookup;
import dev.permalinker.ledger.AssetState;
import dev.permalinker.ledger.QueueSource;
import dev.permalinker.ledger.ScanCheckpoint;
import dev.permalinker.ledger.ScanPosition;
import dev.permalinker.ledger.UnfinishedScan;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Rows to values and back. Reading is strict: a field missing, of the wrong shape, or naming a state, source or
 * failure code this version does not know makes the row unreadable, never a guess.
 */
final class RowCodec {
    /** The checkpoint's JSON format; another is unreadable to this version. */
    static final int SCAN_FORMAT = 1;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RowCodec() {
    }

    static Map<String, String> encode(AssetEntry entry) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(LedgerFields.STATE, entry.state().wire());
        if (entry.queuedBy() != null) {
            fields.put(LedgerFields.QUEUED_BY, entry.queuedBy().wire());
        }
        if (entry.failure() != null) {
            fields.put(LedgerFields.FAILURE_CODE, entry.failure().wire());
        }
        if (entry.permanentUrl() != null) {
            fields.put(LedgerFields.PERMANENT_URL, entry.permanentUrl());
        }
        fields.put(LedgerFields.ATTEMPTS, Integer.toString(entry.attempts()));
        fields.put(LedgerFields.FIRST_SEEN, entry.firstSeen().toString());
        fields.put(LedgerFields.LAST_CHANGE, entry.lastChange().toString());
        fields.put(LedgerFields.EXPIRES_AT, Long.toString(entry.expiresAt().getEpochSecond()));
        return fields;
    }

    /** The row's meaning: {@link AssetLookup.Found}, or {@link AssetLookup.Unreadable} saying what is wrong. */
    static AssetLookup decode(AssetKey key, RawRow row) {
        try {
            check(row);
            String stateWire = required(row, LedgerFields.STATE);
            AssetState state = AssetState.fromWire(stateWire).orElseThrow(
                    () -> new IllegalArgumentException("unknown state '" + excerpt(stateWire) + "'"));
            String sourceWire = row.field(LedgerFields.QUEUED_BY);
            QueueSource source = sourceWire == null ? null : QueueSource.fromWire(sourceWire).orElseThrow(
                    () -> new IllegalArgumentException("unknown queue source '" + excerpt(sourceWire) + "'"));
            String failureWire = row.field(LedgerFields.FAILURE_CODE);
            FailureCode failure = failureWire == null ? null : failureCode(failureWire);
            return new AssetLookup.Found(new AssetEntry(key, state, source, failure,
                    row.field(LedgerFields.PERMANENT_URL), (int) number(row, LedgerFields.ATTEMPTS),
                    instant(row, LedgerFields.FIRST_SEEN), instant(row, LedgerFields.LAST_CHANGE),
                    Instant.ofEpochSecond(number(row, LedgerFields.EXPIRES_AT))));
        } catch (IllegalArgumentException | DateTimeException e) {
            return new AssetLookup.Unreadable(key, e.getMessage());
        }
    }

    static String encodeScan(ScanCheckpoint checkpoint, JsonCodec json) {
        ObjectNode root = NODES.objectNode();
        root.put("v", SCAN_FORMAT);
        root.set("settled", position(checkpoint.settled()));
        UnfinishedScan unfinished = checkpoint.unfinished();
        if (unfinished == null) {
            root.putNull("unfinished");
        } else {
            ObjectNode scan = root.putObject("unfinished");
            scan.set("top", position(unfinished.top()));
            scan.set("reached", position(unfinished.reached()));
            scan.set("settleableTo", position(unfinished.settleableTo()));
            scan.put("fullPass", unfinished.fullPass());
        }
        root.put("fullPassAt", checkpoint.fullPassAt() == null ? null : checkpoint.fullPassAt().toString());
        return json.write(root);
    }

    /** The checkpoint a row's JSON holds; {@link IllegalArgumentException} saying what is wrong otherwise. */
    static ScanCheckpoint decodeScan(String text, JsonCodec json) {
        JsonNode root;
        try {
            root = json.readTree(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("the checkpoint is not JSON");
        }
        if (!root.isObject() || root.path("v").asInt(-1) != SCAN_FORMAT) {
            throw new IllegalArgumentException("the checkpoint is not of format " + SCAN_FORMAT);
        }
        try {
            JsonNode scan = root.path("unfinished");
            UnfinishedScan unfinished = scan.isNull() ? null : new UnfinishedScan(position(scan.path("top")),
                    position(scan.path("reached")), position(scan.path("settleableTo")),
                    bool(scan.path("fullPass")));
            JsonNode fullPassAt = root.path("fullPassAt");
            return new ScanCheckpoint(optionalPosition(root.path("settled")), unfinished,
                    fullPassAt.isNull() ? null : Instant.parse(text(fullPassAt, "fullPassAt")));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("the checkpoint has a malformed instant: " + e.getMessage());
        }
    }

    private static JsonNode position(ScanPosition position) {
        if (position == null) {
            return NODES.nullNode();
        }
        ObjectNode node = NODES.objectNode();
        node.put("at", position.createdAt().toString());
        ArrayNode uids = node.putArray("uids");
        position.sortedUids().forEach(uids::add);
        return node;
    }

    private static ScanPosition optionalPosition(JsonNode node) {
        return node.isNull() ? null : position(node);
    }

    private static ScanPosition position(JsonNode node) {
        if (!node.isObject() || !node.path("uids").isArray()) {
            throw new IllegalArgumentException("a position is an object with at and uids");
        }
        Set<String> uids = new HashSet<>();
        for (JsonNode uid : node.path("uids")) {
            uids.add(text(uid, "uids"));
        }
        return new ScanPosition(Instant.parse(text(node.path("at"), "at")), uids);
    }

    private static String text(JsonNode node, String name) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException(name + " is not a string");
        }
        return node.textValue();
    }

    private static boolean bool(JsonNode node) {
        if (!node.isBoolean()) {
            throw new IllegalArgumentException("fullPass is not a boolean");
        }
        return node.booleanValue();
    }

    /** Throws for what the store found wrong with the row itself. */
    static void check(RawRow row) {
        if (row.damage() != null) {
            throw new IllegalArgumentException(row.damage());
        }
        if (row.revision() == LedgerStore.UNREADABLE_REVISION) {
            throw new IllegalArgumentException("its revision is not a number");
        }
    }

    private static String required(RawRow row, String name) {
        String value = row.field(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return value;
    }

    private static long number(RawRow row, String name) {
        String value = required(row, name);
        try {
            long number = Long.parseLong(value);
            if (name.equals(LedgerFields.ATTEMPTS) && (number < 0 || number > Integer.MAX_VALUE)) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a whole number in range: '" + excerpt(value) + "'");
        }
    }

    private static Instant instant(RawRow row, String name) {
        String value = required(row, name);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " is not an ISO-8601 instant: '" + excerpt(value) + "'");
        }
    }

    private static FailureCode failureCode(String wire) {
        for (FailureCode code : FailureCode.values()) {
            if (code.wire().equals(wire)) {
                return code;
            }
        }
        throw new IllegalArgumentException("unknown failure code '" + excerpt(wire) + "'");
    }

    /** A value as a log line may show it: short. */
    private static String excerpt(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
