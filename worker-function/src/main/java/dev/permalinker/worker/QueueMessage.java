package dev.permalinker.worker;

/** A message as the worker sees it, whatever delivered it (the Lambda event source, the local poller). */
public record QueueMessage(String messageId, String body, String groupId, int receiveCount) {
}
