package dev.permalinker.worker.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.aws.AwsClients;
import dev.permalinker.retry.Deadline;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.SimulatedAsset;
import dev.permalinker.telemetry.EmfMetrics;
import dev.permalinker.testsupport.TelemetryLines;
import dev.permalinker.testsupport.TestSqs;
import dev.permalinker.worker.WorkerHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The worker built from configuration as in Lambda, against ElasticMQ and the CMA simulator on loopback ports. */
class WorkerPrimingIT {
    private static final String API_KEY = "bltprimingit0001";
    private static final String TOKEN = "cs-token-never-printed";

    private TestSqs server;
    private SqsClient sqs;
    private String dlqUrl;
    private ContentstackSimulator cma;
    private final StringBuilder emf = new StringBuilder();
    private final EmfMetrics metrics = new EmfMetrics("Permalinker", "it", (line, level) -> emf.append(
            new String(line, StandardCharsets.UTF_8)), Clock.systemUTC());

    @BeforeEach
    void start() {
        server = TestSqs.start();
        sqs = AwsClients.local(server.endpoint()).sqs(Duration.ofSeconds(10));
        dlqUrl = sqs.createQueue(r -> r.queueName("permalinker-dlq.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        cma = ContentstackSimulator.start(0, TOKEN, 100);
        cma.addStack(API_KEY);
    }

    @AfterEach
    void stop() {
        cma.close();
        sqs.close();
        server.close();
    }

    private WorkerHandler handler() {
        return WorkerHandler.create(Map.of("CS_APIKEY", API_KEY, "CS_MANAGEMENTTOKEN", TOKEN,
                "CS_CMA_URL", cma.baseUrl().toString(), "DLQ_URL", dlqUrl,
                "SQS_ENDPOINT", server.endpoint().toString()), metrics, Clock.systemUTC());
    }

    @Test
    void priming_runsABatchAgainstItsOwnLoopbackCmaAndTouchesNothingReal() throws Exception {
        WorkerHandler handler = handler();

        WorkerPriming.Report report = handler.priming().prime();

        assertThat(report).isEqualTo(new WorkerPriming.Report(0, 3, true));
        assertThat(cma.requests()).isZero();
        assertThat(sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo("0");
        assertThat(emf).as("priming records no metric").isEmpty();

        // After priming (and a restore's re-seeding), a real batch is written once and measured.
        handler.priming().afterRestore(null);
        SimulatedAsset asset = cma.createAsset(API_KEY, "bltprimedasset01", "photo.png", "image/png");
        PermalinkJob job = new PermalinkJob(PermalinkJob.VERSION, API_KEY, "main", asset.uid(), asset.filename(),
                asset.url(), asset.contentType(), Instant.now().minusSeconds(3).toString(), Instant.now().toString());
        String event = "{\"Records\":[{\"messageId\":\"m1\",\"body\":" + JsonCodec.create().write(
                JsonCodec.create().write(job)) + ",\"attributes\":{\"MessageGroupId\":\"" + asset.uid()
                + "\",\"ApproximateReceiveCount\":\"1\"}}]}";
        byte[] answer = handler.handle(event.getBytes(StandardCharsets.UTF_8), Deadline.after(Duration.ofSeconds(20)));
        metrics.flush();

        assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("{\"batchItemFailures\":[]}");
        assertThat(cma.writesFor(asset.uid())).isEqualTo(1);
        TelemetryLines lines = TelemetryLines.parse(emf.toString(), line -> false);
        assertThat(lines.sum("Jobs", "Outcome", "written")).isEqualTo(1);
        assertThat(lines.sum("CmaCalls", "StatusClass", "2xx")).isEqualTo(1);
        assertThat(lines.metricKeys()).contains("CmaLatency[Service]", "TimeToPermanentUrl[Service]");
        assertThat(lines.sum("TimeToPermanentUrl", null, null)).isGreaterThanOrEqualTo(3000);
    }
}
