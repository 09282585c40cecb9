package dev.sluice.rpc.client;

/**
 * The node ended a subscription (the client read too slowly, or the feed ended). Subscribing again
 * from {@code resumeFromSequence} continues without a gap.
 */
public record SubscriptionEnded(String subscription, String reason, long resumeFromSequence) {}
