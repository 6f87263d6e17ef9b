package dev.permalinker.bench;

import dev.permalinker.aws.AwsClients;
import dev.permalinker.ledger.aws.LedgerTable;
import dev.permalinker.local.EmbeddedSqs;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.ReleaseAction;
import dev.permalinker.runtime.LambdaProcess;
import dev.permalinker.runtime.RuntimeApiEmulator;
import dev.permalinker.signing.HmacSignature;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.testsupport.MotoServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Cold start of every function, A/B over several builds of the project (roots), in one run: each variant's runs
 * alternate between the roots, so the machine's load falls on all of them alike. The way Lambda starts a function
 * ({@link ColdStart}: the runtime interface client, a fresh JVM with {@code -XX:TieredStopAtLevel=1}, timed from
 * {@code ProcessBuilder.start()} to the answer). Secrets Manager and EventBridge are moto_server's, reached through the
 * SDK's service-specific endpoint variables ({@code AWS_ENDPOINT_URL_SECRETS_MANAGER},
 * {@code AWS_ENDPOINT_URL_EVENTBRIDGE}), which the SDK's clients and this build's hand-signed calls read; a root built
 * before reads them only with a measurement patch (see RESULTS.md §3). Prints a Markdown table with jar sizes: the
 * median wall-clock time, and the median CPU time of the process up to its answer (all threads, JIT and GC included),
 * which a machine shared with other work inflates far less than wall-clock time.
 */
final class ColdStartAb {
    private static final String HANDLER_SUFFIX = "::handleRequest";

    /** One way to start a function: its module, handler, environment and the event of each run. */
    private record Variant(String name, String module, String handler, Map<String, String> env, Event event,
                           String expected) {
    }

    @FunctionalInterface
    private interface Event {
        String of(int run) throws Exception;
    }

    private final Path runtimeLib;
    private final Path benchClasses;
    private final JsonCodec json = JsonCodec.create();

    ColdStartAb(Path runtimeLib, Path benchClasses) {
        this.runtimeLib = runtimeLib;
        this.benchClasses = benchClasses;
    }

    /** moto_server's side of a run: a bus, the HMAC key's secret and the management tokens' secret. */
    private record Moto(URI endpoint, String bus, String hmacArn, String tokensArn) {
        static Moto prepare() {
            URI moto = MotoServer.shared().endpoint();
            AwsClients aws = AwsClients.local(moto);
            String bus = "cold-" + UUID.randomUUID();
            try (EventBridgeClient events = aws.client(EventBridgeClient.builder(), Duration.ofSeconds(10), moto);
                 SecretsManagerClient secrets = aws.client(SecretsManagerClient.builder(), Duration.ofSeconds(10),
                         moto)) {
                events.createEventBus(r -> r.name(bus));
                return new Moto(moto, bus,
                        secrets.createSecret(r -> r.name("cold/hmac-" + bus).secretString(Webhooks.HMAC_KEY)).arn(),
                        secrets.createSecret(r -> r.name("cold/tokens-" + bus).secretString(
                                "{\"" + Webhooks.API_KEY + "\":\"cold-token\"}")).arn());
            }
        }
    }

    /**
     * Issue 27: the worker's and the reconciler's cold start with the asset ledger's DynamoDB client
     * ({@code LEDGER_TABLE}) against without it, one build, in one run: each function's two variants alternate (ABBA),
     * so the machine's load falls on both alike. The table is moto_server's, created with {@link LedgerTable}'s key
     * schema and reached through {@code AWS_ENDPOINT_URL_DYNAMODB}, which the SDK's client reads itself. With the
     * ledger, the worker's first batch asks the ledger (a {@code GetItem} that misses), writes the CMA and records the
     * outcome; every such run must leave one more row in the table and report no unavailable ledger. The reconciler
     * runs first, on a stack with no assets yet: one CMA query either way, and with the ledger its checkpoint read and
     * written. Returns a Markdown table: median wall-clock / CPU time of the process up to its answer.
     */
    String runLedger(Path root, int runs) throws Exception {
        URI moto = MotoServer.shared().endpoint();
        StringBuilder md = new StringBuilder("| function: first event (median: wall-clock / CPU time) | jar MB "
                + "| without ledger | with ledger (`LEDGER_TABLE`) | with minus without |\n|---|---|---|---|---|\n");
        try (DynamoDbClient dynamoDb = AwsClients.local(moto).client(DynamoDbClient.builder(),
                Duration.ofSeconds(10), moto);
             EmbeddedSqs sqs = EmbeddedSqs.start("127.0.0.1", 0, 5, 30);
             ContentstackSimulator cma = ContentstackSimulator.start(0, "cold-token", 1000)) {
            cma.addStack(Webhooks.API_KEY);
            String table = ledgerTable(dynamoDb);
            Map<String, String> base = new HashMap<>();
            base.put("SQS_ENDPOINT", sqs.endpoint().toString());
            base.put("AWS_REGION", "us-east-1");
            base.put("AWS_ACCESS_KEY_ID", "local");
            base.put("AWS_SECRET_ACCESS_KEY", "local");
            base.put("AWS_ENDPOINT_URL_DYNAMODB", moto.toString());
            base.put("CS_APIKEY", Webhooks.API_KEY);
            base.put("CS_MANAGEMENTTOKEN", "cold-token");
            base.put("CS_CMA_URL", cma.baseUrl().toString());
            Map<String, String> worker = with(base, "DLQ_URL", sqs.dlqUrl());
            Map<String, String> reconciler = with(base, "QUEUE_URL", sqs.queueUrl());
            String workerHandler = "dev.permalinker.worker.WorkerHandler";
            String reconcilerHandler = "dev.permalinker.reconcile.function.ReconcilerHandler";
            Event batch = i -> ColdStart.sqsEvent(json, cma, "bltcoldledger", i);
            List<Variant[]> pairs = List.of(
                    new Variant[] {
                        new Variant("reconciler: one run", "reconciler-function", reconcilerHandler, reconciler,
                                i -> SCHEDULED, "summary"),
                        new Variant("reconciler: one run, ledger", "reconciler-function", reconcilerHandler,
                                with(reconciler, "LEDGER_TABLE", table), i -> SCHEDULED, "summary")},
                    new Variant[] {
                        new Variant("worker: first batch (one CMA write)", "worker-function", workerHandler, worker,
                                batch, "0 failures"),
                        new Variant("worker: first batch, ledger", "worker-function", workerHandler,
                                with(worker, "LEDGER_TABLE", table), batch, "0 failures")});
            for (Variant[] pair : pairs) {
                List<List<Double>> wall = List.of(new ArrayList<>(), new ArrayList<>());
                List<List<Double>> cpu = List.of(new ArrayList<>(), new ArrayList<>());
                for (int run = 0; run < runs; run++) {
                    for (int k = 0; k < 2; k++) {
                        int v = run % 2 == 0 ? k : 1 - k;
                        long rowsBefore = rows(dynamoDb, table);
                        double[] timing = time(pair[v], root, run * 2 + k);
                        if (v == 1 && pair[v].module().equals("worker-function")
                                && rows(dynamoDb, table) != rowsBefore + 1) {
                            throw new IllegalStateException(pair[v].name() + ": the ledger recorded no outcome");
                        }
                        wall.get(v).add(timing[0]);
                        cpu.get(v).add(timing[1]);
                    }
                }
                System.err.println("[bench] " + pair[0].name() + " wall without / with: " + wall + " cpu: " + cpu);
                md.append(String.format(
                        "| %s | %.2f | %.0f / **%.0f** ms | %.0f / **%.0f** ms | %+.0f / **%+.0f** ms |%n",
                        pair[0].name(), Files.size(BenchmarkSuite.lambdaJar(root, pair[0].module())) / 1e6,
                        median(wall.get(0)), median(cpu.get(0)), median(wall.get(1)), median(cpu.get(1)),
                        median(wall.get(1)) - median(wall.get(0)), median(cpu.get(1)) - median(cpu.get(0))));
            }
        }
        return md.toString();
    }

    /** A table of the ledger's layout ({@link LedgerTable}), as asset-ledger's tests create it: on demand. */
    private static String ledgerTable(DynamoDbClient dynamoDb) {
        String name = "cold-ledger-" + UUID.randomUUID();
        dynamoDb.createTable(t -> t.tableName(name)
                .attributeDefinitions(a -> a.attributeName(LedgerTable.PARTITION_KEY)
                        .attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName(LedgerTable.PARTITION_KEY).keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        return name;
    }

    private static long rows(DynamoDbClient dynamoDb, String table) {
        return dynamoDb.scan(s -> s.tableName(table).select(Select.COUNT)).count();
    }

    /** Only what one Secrets Manager lookup and one PutEvents add ({@link #callCosts}). */
    String runCalls(List<Path> roots, int runs) throws Exception {
        Moto moto = Moto.prepare();
        return callCosts(roots, runs, moto.endpoint(), moto.hmacArn(), moto.bus());
    }

    String run(List<Path> roots, int runs) throws Exception {
        Moto prepared = Moto.prepare();
        URI moto = prepared.endpoint();
        String bus = prepared.bus();
        String hmacArn = prepared.hmacArn();
        String tokensArn = prepared.tokensArn();
        StringBuilder md = new StringBuilder();
        try (EmbeddedSqs sqs = EmbeddedSqs.start("127.0.0.1", 0, 5, 30);
             ContentstackSimulator cma = ContentstackSimulator.start(0, "cold-token", 1000)) {
            cma.addStack(Webhooks.API_KEY);
            String actionsQueue = fifo(sqs.client(), "cold-actions.fifo");
            String actionsDlq = fifo(sqs.client(), "cold-actions-dlq.fifo");
            Map<String, String> base = new HashMap<>();
            base.put("SQS_ENDPOINT", sqs.endpoint().toString());
            base.put("AWS_REGION", "us-east-1");
            base.put("AWS_ACCESS_KEY_ID", "local");
            base.put("AWS_SECRET_ACCESS_KEY", "local");
            base.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", moto.toString());
            base.put("AWS_ENDPOINT_URL_EVENTBRIDGE", moto.toString());
            Map<String, String> ingest = with(base, "CS_APIKEY", Webhooks.API_KEY, "QUEUE_URL", sqs.queueUrl(),
                    "CS_SIGNATURE_METHOD", "hmac");
            Map<String, String> worker = with(base, "CS_APIKEY", Webhooks.API_KEY, "CS_CMA_URL",
                    cma.baseUrl().toString(), "DLQ_URL", sqs.dlqUrl());
            Event hmacEvent = i -> ColdStart.httpEvent(json, i, body -> Map.of(HmacSignature.HEADER,
                    HmacSignature.sign(Instant.now().getEpochSecond(), body, Webhooks.HMAC_KEY)));
            Map<String, String> tokenGiven = with(worker, "CS_MANAGEMENTTOKEN", "cold-token");
            Map<String, String> tokenSecret = with(worker, "CS_MANAGEMENTTOKENS_SECRET_ARN", tokensArn);
            List<Variant> variants = List.of(
                    new Variant("ingest, HMAC key given", "ingest-function", "dev.permalinker.ingest.IngestHandler",
                            with(ingest, "CS_HMAC_SECRETS", Webhooks.HMAC_KEY), hmacEvent, "202"),
                    new Variant("ingest, HMAC key from Secrets Manager", "ingest-function",
                            "dev.permalinker.ingest.IngestHandler", with(ingest, "CS_HMAC_SECRETS_SECRET_ARN",
                            hmacArn), hmacEvent, "202"),
                    new Variant("worker, token given: one CMA write", "worker-function",
                            "dev.permalinker.worker.WorkerHandler", tokenGiven,
                            i -> ColdStart.sqsEvent(json, cma, "bltcoldab", i * 10 + 1), "0 failures"),
                    new Variant("worker, token from Secrets Manager", "worker-function",
                            "dev.permalinker.worker.WorkerHandler", tokenSecret,
                            i -> ColdStart.sqsEvent(json, cma, "bltcoldab", i * 10 + 2), "0 failures"),
                    new Variant("worker, token given, event on EventBridge", "worker-function",
                            "dev.permalinker.worker.WorkerHandler", with(tokenGiven, "EVENT_BUS_NAME", bus),
                            i -> ColdStart.sqsEvent(json, cma, "bltcoldab", i * 10 + 3), "0 failures"),
                    new Variant("actions, settled release to EventBridge", "actions-function",
                            "dev.permalinker.actions.ActionsHandler", with(base, "ACTIONS_QUEUE_URL", actionsQueue,
                            "ACTIONS_DLQ_URL", actionsDlq, "EVENT_BUS_NAME", bus),
                            i -> releaseEvent("bltcoldrelease" + i), "0 failures"),
                    new Variant("reconciler, token from Secrets Manager: one run", "reconciler-function",
                            "dev.permalinker.reconcile.function.ReconcilerHandler", with(base, "CS_APIKEY",
                            Webhooks.API_KEY, "CS_MANAGEMENTTOKENS_SECRET_ARN", tokensArn, "CS_CMA_URL",
                            cma.baseUrl().toString(), "QUEUE_URL", sqs.queueUrl()), i -> SCHEDULED, "summary"));
            md.append("| process (median: wall-clock / CPU time) |");
            roots.forEach(root -> md.append(' ').append(root.getFileName()).append(" |"));
            md.append("\n|---|").append("---|".repeat(roots.size())).append('\n');
            for (Variant variant : variants) {
                List<List<Double>> wall = new ArrayList<>();
                List<List<Double>> cpu = new ArrayList<>();
                roots.forEach(root -> {
                    wall.add(new ArrayList<>());
                    cpu.add(new ArrayList<>());
                });
                for (int run = 0; run < runs; run++) {
                    for (int r = 0; r < roots.size(); r++) {
                        double[] timing = time(variant, roots.get(r), run * roots.size() + r);
                        wall.get(r).add(timing[0]);
                        cpu.get(r).add(timing[1]);
                    }
                }
                md.append("| ").append(variant.name()).append(" |");
                for (int r = 0; r < roots.size(); r++) {
                    md.append(String.format(" %.0f / **%.0f** ms |", median(wall.get(r)), median(cpu.get(r))));
                }
                md.append('\n');
                System.err.println("[bench] " + variant.name() + " CPU ms by root: " + cpu);
            }
        }
        md.append(callCosts(roots, runs, moto, hmacArn, bus));
        md.append("| jar size (MB): ingest / worker / actions / reconciler |");
        for (Path root : roots) {
            md.append(String.format(" %.2f / %.2f / %.2f / %.2f |",
                    Files.size(BenchmarkSuite.lambdaJar(root, "ingest-function")) / 1e6,
                    Files.size(BenchmarkSuite.lambdaJar(root, "worker-function")) / 1e6,
                    Files.size(BenchmarkSuite.lambdaJar(root, "actions-function")) / 1e6,
                    Files.size(BenchmarkSuite.lambdaJar(root, "reconciler-function")) / 1e6));
        }
        md.append('\n');
        return md.toString();
    }

    /**
     * What one Secrets Manager lookup and one PutEvents add over what the function has loaded already:
     * {@code AwsCallCostProbe} in a fresh JVM per run, C1 only, runs alternating between the roots. With an SQS call
     * first (the ingest's first request sends a job, a reconciler run reads the queue), the SDK's request pipeline is
     * loaded anyway; without (the worker's and the actions consumer's first invocation call no SQS when all goes
     * well), a service client of the SDK loads it for its one call.
     */
    private String callCosts(List<Path> roots, int runs, URI moto, String secretArn, String bus) throws Exception {
        StringBuilder md = new StringBuilder("\n| one more call, after SQS (median: wall-clock / thread CPU ms / "
                + "classes loaded) |");
        roots.forEach(root -> md.append(' ').append(root.getFileName()).append(" |"));
        md.append("\n|---|").append("---|".repeat(roots.size())).append('\n');
        try (EmbeddedSqs sqs = EmbeddedSqs.start("127.0.0.1", 0, 5, 30)) {
            for (String[] call : new String[][] {
                    {"Secrets Manager, SQS called too (ingest, reconciler)", "secrets", "ingest-function", secretArn,
                            "sqs"},
                    {"Secrets Manager, no SQS call (worker, actions)", "secrets", "worker-function", secretArn,
                            "none"},
                    {"EventBridge PutEvents, no SQS call (worker, actions)", "events", "worker-function", bus, "none"},
                    {"EventBridge PutEvents, SQS called too", "events", "worker-function", bus, "sqs"}}) {
                List<List<double[]>> costs = new ArrayList<>();
                roots.forEach(root -> costs.add(new ArrayList<>()));
                for (int run = 0; run < runs; run++) {
                    for (int r = 0; r < roots.size(); r++) {
                        costs.get(r).add(probe(BenchmarkSuite.lambdaJar(roots.get(r), call[2]), moto, call[1], sqs,
                                call[3], call[4]));
                    }
                }
                md.append("| ").append(call[0]).append(" |");
                for (List<double[]> cost : costs) {
                    md.append(String.format(" %.1f / **%.1f** ms / %.0f |", median(column(cost, 0)),
                            median(column(cost, 1)), median(column(cost, 2))));
                    System.err.println("[bench] " + call[0] + ": wall " + column(cost, 0) + " cpu "
                            + column(cost, 1));
                }
                md.append('\n');
            }
        }
        return md.append('\n').toString();
    }

    private double[] probe(Path jar, URI moto, String mode, EmbeddedSqs sqs, String target, String warm)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-cp", jar + java.io.File.pathSeparator
                + benchClasses, "dev.permalinker.bench.probe.AwsCallCostProbe", mode, sqs.endpoint().toString(),
                target, moto.toString(), warm).redirectErrorStream(true);
        builder.environment().put("AWS_REGION", "us-east-1");
        builder.environment().put("AWS_ACCESS_KEY_ID", "local");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "local");
        builder.environment().put("AWS_ENDPOINT_URL_SECRETS_MANAGER", moto.toString());
        builder.environment().put("AWS_ENDPOINT_URL_EVENTBRIDGE", moto.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        process.waitFor();
        int at = output.indexOf("RESULT ");
        if (at < 0) {
            throw new IllegalStateException("the probe failed on " + jar + ": " + output);
        }
        String result = output.substring(at);
        return new double[] {number(result, "call="), number(result, "cpu="), number(result, "classes=")};
    }

    private static List<Double> column(List<double[]> rows, int index) {
        return rows.stream().map(row -> row[index]).toList();
    }

    private static double number(String result, String key) {
        int start = result.indexOf(key) + key.length();
        int end = start;
        while (end < result.length() && (Character.isDigit(result.charAt(end)) || result.charAt(end) == '.')) {
            end++;
        }
        return Double.parseDouble(result.substring(start, end));
    }

    private static final String SCHEDULED = "{\"version\":\"0\",\"id\":\"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa\","
            + "\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"account\":\"123456789012\","
            + "\"time\":\"2026-12-02T05:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{}}";

    /** One release, quiet for two minutes: the consumer acts at once. */
    private String releaseEvent(String releaseUid) {
        ReleaseAction action = ReleaseAction.release(Webhooks.API_KEY, "main", releaseUid, "Cold", "production",
                Instant.now().minusSeconds(120));
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("ApproximateReceiveCount", "1");
        attributes.put("MessageGroupId", action.messageGroupId());
        attributes.put("MessageDeduplicationId", releaseUid);
        attributes.put("SentTimestamp", Long.toString(Instant.now().toEpochMilli()));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("messageId", releaseUid);
        record.put("receiptHandle", "handle-" + releaseUid);
        record.put("body", json.write(action));
        record.put("attributes", attributes);
        record.put("eventSource", "aws:sqs");
        return json.write(Map.of("Records", List.of(record)));
    }

    /** One cold start: wall-clock and CPU milliseconds from the process's start to its answer. */
    private double[] time(Variant variant, Path root, int run) throws Exception {
        Path jar = BenchmarkSuite.lambdaJar(root, variant.module());
        Map<String, String> env = new HashMap<>(variant.env());
        env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        String event = variant.event().of(run);
        Path workDir = Files.createTempDirectory("cold-ab");
        try (RuntimeApiEmulator api = new RuntimeApiEmulator()) {
            long started = System.nanoTime();
            try (LambdaProcess process = LambdaProcess.start(variant.handler() + HANDLER_SUFFIX, List.of(jar), env,
                    api, workDir, runtimeLib)) {
                RuntimeApiEmulator.Answer answer = api.invoke(event, Duration.ofSeconds(60));
                double millis = (System.nanoTime() - started) / 1e6;
                double cpuMillis = process.cpuTime().toNanos() / 1e6;
                String body = answer.body() == null ? "" : answer.body();
                boolean ok = !answer.error() && switch (variant.expected()) {
                    case "202" -> body.contains("\"statusCode\":202");
                    case "0 failures" -> body.contains("\"batchItemFailures\":[]");
                    default -> body.contains("\"scanned\"");
                };
                String output = process.output();
                if (!ok || output.contains("events_failed") || output.contains("\"outcome\":\"failed\"")
                        || output.contains("LedgerUnavailable")) {
                    throw new IllegalStateException(variant.name() + " on " + root + " answered "
                            + (answer.error() ? "error " + answer.errorType() : "") + body + "; output: " + output);
                }
                return new double[] {millis, cpuMillis};
            }
        }
    }

    private static String fifo(SqsClient sqs, String name) {
        return sqs.createQueue(r -> r.queueName(name).attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true")))
                .queueUrl();
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> env = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
