package dev.permalinker.ops;

import java.time.Instant;

/**
 * A dead-lettered job as an operator sees it. {@code code} is {@code max_receives} for messages the queue's
 * redrive policy moved (they carry no failure attributes).
 */
public record DlqMessage(String messageId, String receiptHandle, String groupId, String body, String assetUid,
                         String code, String detail, int attempts, Instant sentAt) {
}
