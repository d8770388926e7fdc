package dev.siyu.customer;

/**
 * Published inside an erasure's transaction, after the customer's own journeys are gone
 * and before her rows are deleted: listeners take her out of other customers' records
 * (her invited friends' events and journeys name her as their inviter; a friend's journey
 * may wait for a message to her) while her rows can still say where she is named. A
 * listener that fails rolls the erasure back.
 */
public record CustomerErasing(String customerId) {
}
