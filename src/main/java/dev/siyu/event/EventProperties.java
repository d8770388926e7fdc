package dev.siyu.event;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How customer events reach journeys.
 *
 * @param lifetime how long an event that arrived while a running journey of the customer
 * was busy elsewhere (a send step, an async continuation, a job backlog) is kept for that
 * journey's next wait for it; README, "Buffered delivery", says why one day
 * @param lifetimes the lifetime of particular event types, where it differs
 * @param autoNotify hand journeys the events batches and Kafka stored, right after they
 * commit and in a sweep; tests that drive the notifier themselves turn it off
 * @param notifyLanes how many customers the notifier serves at once (each customer's
 * events in one lane, in order); more lanes hand events over faster and take CPU from
 * intake (README, "Intake")
 */
@ConfigurationProperties("siyu.events")
public record EventProperties(@DefaultValue("P1D") Duration lifetime, Map<EventType, Duration> lifetimes,
		@DefaultValue("true") boolean autoNotify, @DefaultValue("2") int notifyLanes) {

	public EventProperties {
		lifetimes = (lifetimes != null) ? Map.copyOf(lifetimes) : Map.of();
	}

	public Duration lifetimeOf(EventType type) {
		return this.lifetimes.getOrDefault(type, this.lifetime);
	}

}
