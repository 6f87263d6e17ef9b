package dev.permalinker.actions;

/** A message of the actions queue as the consumer sees it, whatever delivered it (Lambda, the local poller). */
public record ActionMessage(String messageId, String receiptHandle, String groupId, String body) {
}
