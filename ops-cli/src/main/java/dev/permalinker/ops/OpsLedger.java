package dev.permalinker.ops;

import dev.permalinker.ledger.AssetKey;
import dev.permalinker.ledger.AssetLedger;
import dev.permalinker.ledger.AssetLookup;
import dev.permalinker.ledger.CheckpointMove;
import dev.permalinker.ledger.LedgerConfig;
import dev.permalinker.ledger.LedgerUnavailableException;
import dev.permalinker.ledger.QueueSource;
import dev.permalinker.ledger.ScanCheckpoint;
import dev.permalinker.ledger.ScanScope;
import dev.permalinker.ledger.Settlement;
import dev.permalinker.ledger.StoredCheckpoint;
import dev.permalinker.ledger.Transition;
import dev.permalinker.ledger.aws.DynamoDbLedger;
import dev.permalinker.ledger.local.LocalLedger;
import dev.permalinker.model.JsonCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The asset ledger as the operator's commands reach it, when it is configured: the DynamoDB table {@code LEDGER_TABLE}
 * on AWS, or the ledger {@code serve} keeps in its data directory. Not configured is not an error: the commands work
 * without it, as the pipeline does.
 */
final class OpsLedger {
    /** The local ledger's database file, as H2 names it ({@code LocalLedger.FILE_NAME} + {@code .mv.db}). */
    static final String LOCAL_FILE = LocalLedger.FILE_NAME + ".mv.db";
    /** A ledger read is one small item: a call that takes longer is a gap in the story, not a wait. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private OpsLedger() {
    }

    /** What the environment configures. */
    sealed interface Where permits NotConfigured, Table, Directory {
    }

    record NotConfigured() implements Where {
    }

    record Table(String name, Duration retention) implements Where {
    }

    record Directory(Path path, Duration retention) implements Where {
    }

    /**
     * {@code LEDGER_TABLE} wins; else the data directory {@code dataDir} when it holds serve's ledger (nothing is
     * created where there is none).
     */
    static Where where(Map<String, String> env, Path dataDir) {
        LedgerConfig config = LedgerConfig.fromEnv(env);
        if (config.tableName() != null) {
            return new Table(config.tableName(), config.retention());
        }
        if (dataDir != null && Files.isRegularFile(dataDir.resolve(LOCAL_FILE))) {
            return new Directory(dataDir, config.retention());
        }
        return new NotConfigured();
    }

    /**
     * Opens the ledger {@code where} names, or {@code null} when none is configured. Throws when it is configured
     * but cannot be opened (serve holds the local one while it runs: H2 locks its file).
     */
    static AssetLedger open(Where where, String awsRegion, JsonCodec json) {
        Clock clock = Clock.systemUTC();
        if (where instanceof Table table) {
            if (awsRegion == null) {
                throw new OpsCli.MissingSetting("LEDGER_TABLE is set but the AWS region is unknown: set AWS_REGION or "
                        + "pass --region");
            }
            DynamoDbClient client = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create())
                    .region(Region.of(awsRegion)).credentialsProvider(DefaultCredentialsProvider.builder().build())
                    .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(CALL_TIMEOUT).build())
                    .build();
            AssetLedger ledger = DynamoDbLedger.create(table.name(), client, table.retention(), clock, json);
            return new Owning(ledger, client);
        }
        if (where instanceof Directory directory) {
            try {
                return LocalLedger.open(directory.path(), directory.retention(), clock, json);
            } catch (RuntimeException e) {
                if (heldByAnotherProcess(e)) {
                    // H2's DATABASE_ALREADY_OPEN (90020): the embedded store opens its file for one process.
                    throw new IllegalStateException("the ledger in " + directory.path() + " is held by the running "
                            + "serve (one process at a time): not read; its log still tells the story", e);
                }
                throw e;
            }
        }
        return null;
    }

    /** Where a local command finds serve's data directory: {@code DATA_DIR}, else serve's default. */
    static Path localDataDir(Map<String, String> env) {
        String configured = env.get("DATA_DIR");
        return Path.of(configured != null && !configured.isBlank() ? configured : "./.permalinker-data");
    }

    /** A ledger that closes the client it was built on: the CLI owns both. */
    private record Owning(AssetLedger ledger, DynamoDbClient client) implements AssetLedger {
        @Override
        public AssetLookup find(AssetKey key)
                throws LedgerUnavailableException {
            return ledger.find(key);
        }

        @Override
        public Map<AssetKey, AssetLookup> findAll(Collection<AssetKey> keys)
                throws LedgerUnavailableException {
            return ledger.findAll(keys);
        }

        @Override
        public Transition markQueued(AssetKey key, QueueSource source)
                throws LedgerUnavailableException {
            return ledger.markQueued(key, source);
        }

        @Override
        public Transition record(AssetKey key, Settlement outcome)
                throws LedgerUnavailableException {
            return ledger.record(key, outcome);
        }

        @Override
        public StoredCheckpoint checkpoint(ScanScope scope)
                throws LedgerUnavailableException {
            return ledger.checkpoint(scope);
        }

        @Override
        public CheckpointMove moveCheckpoint(StoredCheckpoint current, ScanCheckpoint next)
                throws LedgerUnavailableException {
            return ledger.moveCheckpoint(current, next);
        }

        @Override
        public void close() {
            try {
                ledger.close();
            } finally {
                client.close();
            }
        }
    }

    private static boolean heldByAnotherProcess(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("90020")) {
                return true;
            }
        }
        return false;
    }
}
