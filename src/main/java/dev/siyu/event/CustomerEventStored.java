package dev.siyu.event;

/**
 * Published in the intake's transaction, which holds the customer's lock, right after a
 * new event of hers was stored and her journeys told: for what answers an event at once
 * (an auto-reply) in the same transaction, so it happens exactly when the event is kept.
 */
public record CustomerEventStored(CustomerEvent event) {
}
