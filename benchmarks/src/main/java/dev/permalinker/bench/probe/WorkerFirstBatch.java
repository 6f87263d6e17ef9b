package dev.permalinker.bench.probe;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.permalinker.worker.WorkerHandler;
import dev.permalinker.local.BudgetContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Cold-start probe, run in a fresh JVM on the worker Lambda jar alone: builds the handler, processes a batch of one
 * job (argument) and prints {@code READY <failures>}.
 */
public final class WorkerFirstBatch {
    private WorkerFirstBatch() {
    }

    public static void main(String[] args) {
        WorkerHandler handler = new WorkerHandler();
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("cold-start-probe");
        message.setBody(args[0]);
        message.setAttributes(Map.of("MessageGroupId", args[1], "ApproximateReceiveCount", "1"));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        SQSBatchResponse response = handler.handleRequest(event, BudgetContext.withRemaining(Duration.ofSeconds(60)));
        System.out.println("READY " + response.getBatchItemFailures().size());
        System.out.flush();
    }
}
