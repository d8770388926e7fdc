package dev.siyu.event;

import java.time.Duration;

import dev.siyu.system.AfterCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * What happens to customer events on their way to journeys, counted when the transaction
 * that did it commits (a retried transaction counts once): {@code siyu.events.accepted}
 * and {@code siyu.events.duplicates} by type, {@code siyu.events.delivered} by way
 * ({@code intake}: a journey waited when it arrived; {@code buffer}: kept until the
 * journey waited), {@code siyu.events.buffered} and {@code siyu.events.expired} (event
 * and journey pairs), {@code siyu.events.delivery.lag}, from acceptance to delivery, and
 * {@code siyu.events.intake}, the time taken to take events in.
 */
@Component
public class EventMetrics {

	private final MeterRegistry registry;

	EventMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * The time the intake took for one event or a batch ({@code siyu.events.intake}, by
	 * way: {@code single}, {@code queued}, {@code batch}), measured around its
	 * transactions.
	 */
	<T> T timed(String way, java.util.function.Supplier<T> intake) {
		Timer.Sample sample = Timer.start(this.registry);
		try {
			return intake.get();
		}
		finally {
			sample.stop(Timer.builder("siyu.events.intake")
				.tag("way", way)
				.publishPercentileHistogram()
				.register(this.registry));
		}
	}

	void accepted(EventType type) {
		AfterCommit.run(() -> this.registry.counter("siyu.events.accepted", "type", type.name()).increment());
	}

	void duplicate(EventType type) {
		AfterCommit.run(() -> this.registry.counter("siyu.events.duplicates", "type", type.name()).increment());
	}

	/** An event reached a waiting journey, {@code via} intake or buffer. */
	public void delivered(String messageName, String via, Duration lag) {
		AfterCommit.run(() -> {
			this.registry.counter("siyu.events.delivered", "type", messageName, "via", via).increment();
			Timer.builder("siyu.events.delivery.lag")
				.tag("via", via)
				.publishPercentileHistogram()
				.register(this.registry)
				.record(lag.isNegative() ? Duration.ZERO : lag);
		});
	}

	public void buffered(String messageName) {
		AfterCommit.run(() -> this.registry.counter("siyu.events.buffered", "type", messageName).increment());
	}

	public void expired(int count) {
		if (count > 0) {
			AfterCommit.run(() -> Counter.builder("siyu.events.expired").register(this.registry).increment(count));
		}
	}

}
