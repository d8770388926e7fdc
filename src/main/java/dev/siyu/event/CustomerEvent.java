package dev.siyu.event;

import java.time.OffsetDateTime;
import java.util.Map;

public record CustomerEvent(String eventId, String customerId, EventType type, OffsetDateTime occurredAt,
		Map<String, Object> properties) {

}
