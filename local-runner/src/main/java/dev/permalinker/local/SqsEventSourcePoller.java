package dev.permalinker.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.aws.SqsLambdaEvents;
import dev.permalinker.model.JsonCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Plays the Lambda SQS event source outside Lambda (local runner, tests): long-polls batches of up to ten, invokes
 * the same stream handler with Lambda's SQS event JSON and a time budget, reads its partial batch response, deletes
 * what succeeded and leaves reported failures to reappear after the visibility timeout, with at most
 * {@code concurrency} invocations at once.
 *
 * <p>Semantics copied from https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html (partial batch responses).
 */
public final class SqsEventSourcePoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqsEventSourcePoller.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final RequestStreamHandler handler;
    private final JsonCodec json;
    private final SqsLambdaEvents events;
    private final int concurrency;
    private final Duration invocationTimeout;
    private final int waitSeconds;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong reportedFailures = new AtomicLong();
    private volatile boolean running;
    private CountDownLatch finished;

    public SqsEventSourcePoller(SqsClient sqs, String queueUrl, RequestStreamHandler handler, JsonCodec json,
                                int concurrency, Duration invocationTimeout, int waitSeconds) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.handler = handler;
        this.json = json;
        this.events = new SqsLambdaEvents(json);
        this.concurrency = concurrency;
        this.invocationTimeout = invocationTimeout;
        this.waitSeconds = waitSeconds;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        finished = new CountDownLatch(concurrency);
        threads.clear();
        for (int i = 0; i < concurrency; i++) {
            Thread thread = new Thread(this::pollLoop, "worker-poller-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Stops receiving and waits for in-flight invocations to finish; true when they all did in time. */
    public boolean stop(Duration grace) throws InterruptedException {
        CountDownLatch latch;
        synchronized (this) {
            if (!running) {
                return true;
            }
            running = false;
            latch = finished;
        }
        return latch.await(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        stop(invocationTimeout.plusSeconds(waitSeconds + 1L));
    }

    public long invocations() {
        return invocations.get();
    }

    public long deleted() {
        return deleted.get();
    }

    public long reportedFailures() {
        return reportedFailures.get();
    }

    private void pollLoop() {
        try {
            while (running) {
                List<Message> messages;
                try {
                    messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                            .waitTimeSeconds(waitSeconds)
                            .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                            .messageAttributeNames("All")).messages();
                } catch (SdkException e) {
                    if (running) {
                        LOG.atWarn().addKeyValue("outcome", "receive_failed").addKeyValue("queue", queueUrl)
                                .addKeyValue("detail", e.getClass().getSimpleName()).log("SQS receive failed");
                        pause();
                    }
                    continue;
                }
                if (!messages.isEmpty()) {
                    invoke(messages);
                }
            }
        } finally {
            finished.countDown();
        }
    }

    private void invoke(List<Message> messages) {
        invocations.incrementAndGet();
        long deadlineNanos = System.nanoTime() + invocationTimeout.toNanos();
        Set<String> failed = new HashSet<>();
        try {
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(events.event(queueUrl, messages)), response,
                    new BudgetContext(deadlineNanos, "local"));
            for (JsonNode failure : json.readTree(response.toByteArray()).path("batchItemFailures")) {
                failed.add(failure.path("itemIdentifier").asText());
            }
        } catch (IOException | RuntimeException e) {
            // A failed invocation: like Lambda, the whole batch comes back after the visibility timeout.
            LOG.atError().addKeyValue("outcome", "invocation_failed").addKeyValue("messages", messages.size())
                    .setCause(e).log("the worker invocation failed; its messages come back");
            reportedFailures.addAndGet(messages.size());
            return;
        }
        reportedFailures.addAndGet(failed.size());
        List<DeleteMessageBatchRequestEntry> done = messages.stream()
                .filter(m -> !failed.contains(m.messageId()))
                .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle())
                        .build())
                .toList();
        if (!done.isEmpty()) {
            try {
                int failedDeletes = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(done)).failed().size();
                deleted.addAndGet(done.size() - failedDeletes);
            } catch (SdkException e) {
                LOG.atWarn().addKeyValue("outcome", "delete_failed").addKeyValue("messages", done.size())
                        .addKeyValue("detail", e.getClass().getSimpleName()).log("SQS delete failed");
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
