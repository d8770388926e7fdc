package dev.siyu.journey;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Journeys counted when the transaction that did it commits (a retried transaction counts
 * once): {@code siyu.journeys.started} and {@code siyu.journeys.goals} by journey,
 * {@code siyu.journeys.ended} by journey and outcome ({@code goal}, {@code without-goal},
 * {@code cancelled}).
 */
@Component
class JourneyMetrics {

	private final MeterRegistry registry;

	JourneyMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void started(String journey) {
		afterCommit(() -> this.registry.counter("siyu.journeys.started", "journey", journey).increment());
	}

	void goalReached(String journey) {
		afterCommit(() -> this.registry.counter("siyu.journeys.goals", "journey", journey).increment());
	}

	void ended(String journey, boolean goal, boolean cancelled) {
		String outcome = cancelled ? "cancelled" : goal ? "goal" : "without-goal";
		afterCommit(
				() -> this.registry.counter("siyu.journeys.ended", "journey", journey, "outcome", outcome).increment());
	}

	private static void afterCommit(Runnable count) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			count.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				count.run();
			}
		});
	}

}
