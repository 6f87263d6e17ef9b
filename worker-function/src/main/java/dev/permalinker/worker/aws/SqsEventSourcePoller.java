package dev.permalinker.worker.aws;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Plays the Lambda SQS event source outside Lambda (local runner, tests): long-polls batches of up to ten, invokes
 * the same handler with a time budget, deletes what succeeded and leaves reported failures to reappear after the
 * visibility timeout, with at most {@code concurrency} invocations at once.
 *
 * <p>Semantics copied from https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html (partial batch responses).
 */
public final class SqsEventSourcePoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqsEventSourcePoller.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final int concurrency;
    private final Duration invocationTimeout;
    private final int waitSeconds;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong reportedFailures = new AtomicLong();
    private volatile boolean running;
    private CountDownLatch finished;

    public SqsEventSourcePoller(SqsClient sqs, String queueUrl, RequestHandler<SQSEvent, SQSBatchResponse> handler,
                                int concurrency, Duration invocationTimeout, int waitSeconds) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.handler = handler;
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
                        LOG.warn("outcome=receive_failed queue={} detail=\"{}\"", queueUrl, e.getClass().getSimpleName());
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
        Set<String> failed;
        try {
            SQSBatchResponse response = handler.handleRequest(toEvent(messages), new BudgetContext(deadlineNanos, "local"));
            failed = response.getBatchItemFailures().stream()
                    .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
        } catch (RuntimeException e) {
            // A failed invocation: like Lambda, the whole batch comes back after the visibility timeout.
            LOG.error("outcome=invocation_failed messages={} detail=\"{}\"", messages.size(), e.toString());
            reportedFailures.addAndGet(messages.size());
            return;
        }
        reportedFailures.addAndGet(failed.size());
        List<DeleteMessageBatchRequestEntry> done = messages.stream()
                .filter(m -> !failed.contains(m.messageId()))
                .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build())
                .toList();
        if (!done.isEmpty()) {
            try {
                int failedDeletes = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(done)).failed().size();
                deleted.addAndGet(done.size() - failedDeletes);
            } catch (SdkException e) {
                LOG.warn("outcome=delete_failed messages={} detail=\"{}\"", done.size(), e.getClass().getSimpleName());
            }
        }
    }

    private static SQSEvent toEvent(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setEventSource("aws:sqs");
            record.setMd5OfBody(message.md5OfBody());
            Map<String, String> attributes = new HashMap<>();
            message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
            record.setAttributes(attributes);
            Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
            message.messageAttributes().forEach((name, value) -> {
                SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
                attribute.setDataType(value.dataType());
                attribute.setStringValue(value.stringValue());
                messageAttributes.put(name, attribute);
            });
            record.setMessageAttributes(messageAttributes);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
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
