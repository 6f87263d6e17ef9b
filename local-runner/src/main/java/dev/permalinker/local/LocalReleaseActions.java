package dev.permalinker.local;

import dev.permalinker.actions.ActionsHandler;
import dev.permalinker.model.JsonCodec;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Release actions in the local pipeline, on when {@code RELEASE_HOOK_URL} (or {@code EVENT_BUS_NAME}) is set: the
 * actions FIFO queue and its FIFO DLQ on the embedded SQS, created as the CDK stack creates them, and the actions
 * consumer polled like Lambda's event source mapping ({@link SqsEventSourcePoller}: batches of ten, partial batch
 * responses), so the quiet-period debounce runs on the same FIFO semantics as on AWS.
 */
public final class LocalReleaseActions {
    public static final String QUEUE_NAME = "permalinker-actions.fifo";
    public static final String DLQ_NAME = "permalinker-actions-dlq.fifo";
    /** Receives before the redrive policy gives up: a release's messages are each received about twice. */
    static final int MAX_RECEIVE_COUNT = 10;
    private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(60);

    private final EmbeddedSqs sqs;
    private final String queueUrl;
    private final String dlqUrl;
    private final SqsEventSourcePoller poller;

    private LocalReleaseActions(EmbeddedSqs sqs, String queueUrl, String dlqUrl, SqsEventSourcePoller poller) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.dlqUrl = dlqUrl;
        this.poller = poller;
    }

    /** True when {@code env} asks for release actions (an action target is set). */
    public static boolean wanted(Map<String, String> env) {
        return notBlank(env.get("RELEASE_HOOK_URL")) || notBlank(env.get("EVENT_BUS_NAME"));
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    /**
     * Creates the queues (idempotent: an existing pair is reused, with its messages) and puts their URLs into
     * {@code wired} as {@code ACTIONS_QUEUE_URL} and {@code ACTIONS_DLQ_URL} (where the ingest's root finds it too);
     * the consumer is built by the function's composition root, not started.
     */
    public static LocalReleaseActions create(EmbeddedSqs sqs, Map<String, String> wired, JsonCodec json) {
        SqsClient client = sqs.client();
        String dlqUrl = client.createQueue(r -> r.queueName(DLQ_NAME).attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"))).queueUrl();
        String dlqArn = client.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String queueUrl = client.createQueue(r -> r.queueName(QUEUE_NAME).attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(INVOCATION_TIMEOUT.toSeconds()),
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\""
                        + MAX_RECEIVE_COUNT + "\"}"))).queueUrl();
        wired.put("ACTIONS_QUEUE_URL", queueUrl);
        wired.put("ACTIONS_DLQ_URL", dlqUrl);
        ActionsHandler handler = ActionsHandler.create(wired);
        SqsEventSourcePoller poller = new SqsEventSourcePoller(client, queueUrl, handler, json, 1,
                INVOCATION_TIMEOUT, 1);
        return new LocalReleaseActions(sqs, queueUrl, dlqUrl, poller);
    }

    public void start() {
        poller.start();
    }

    public boolean stop(Duration grace) throws InterruptedException {
        return poller.stop(grace);
    }

    public String queueUrl() {
        return queueUrl;
    }

    public String dlqUrl() {
        return dlqUrl;
    }

    public SqsEventSourcePoller poller() {
        return poller;
    }
}
