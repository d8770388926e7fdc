package dev.siyu.journey;

import dev.siyu.system.AfterCommit;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

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
		AfterCommit.run(() -> this.registry.counter("siyu.journeys.started", "journey", journey).increment());
	}

	void goalReached(String journey) {
		AfterCommit.run(() -> this.registry.counter("siyu.journeys.goals", "journey", journey).increment());
	}

	void ended(String journey, boolean goal, boolean cancelled) {
		String outcome = cancelled ? "cancelled" : goal ? "goal" : "without-goal";
		AfterCommit.run(
				() -> this.registry.counter("siyu.journeys.ended", "journey", journey, "outcome", outcome).increment());
	}

}
