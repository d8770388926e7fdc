package dev.siyu.system;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * Siyu's notion of "now". It follows the engine's clock so that tests which move
 * Camunda's clock (timers, 48 h windows) see the same time in Siyu's own tables.
 */
@Component
public class SiyuClock {

	public Instant now() {
		return ClockUtil.getCurrentTime().toInstant();
	}

	public OffsetDateTime nowUtc() {
		return now().atOffset(ZoneOffset.UTC);
	}

	public static OffsetDateTime utc(Instant instant) {
		return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
	}

}
