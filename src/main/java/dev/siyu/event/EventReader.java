package dev.siyu.event;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siyu.customer.CustomerIds;
import dev.siyu.system.InvalidInputException;
import dev.siyu.system.JsonErrors;
import dev.siyu.system.SiyuClock;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.stereotype.Component;

/**
 * Reads one event as JSON, from REST or Kafka alike, or says exactly what to fix
 * ({@link InvalidInputException}).
 */
@Component
class EventReader {

	private static final java.util.regex.Pattern PHONE = java.util.regex.Pattern.compile("\\+?[0-9]{5,20}");

	/** How the ids of the events Siyu makes itself begin. */
	static final java.util.List<String> SIYU_IDS = java.util.List.of("referred:", "referral-counted:");

	private final ObjectMapper json;

	private final Validator validator;

	private final SiyuClock clock;

	EventReader(ObjectMapper json, Validator validator, SiyuClock clock) {
		this.json = json;
		this.validator = validator;
		this.clock = clock;
	}

	CustomerEvent read(String text) {
		try {
			return read(this.json.readTree(text));
		}
		catch (JsonProcessingException ex) {
			throw new InvalidInputException("The event is not valid JSON: send a JSON object {eventId, customerId, "
					+ "type, occurredAt?, properties?}");
		}
	}

	CustomerEvent read(JsonNode node) {
		if (node == null || !node.isObject()) {
			throw new InvalidInputException(
					"An event is a JSON object {eventId, customerId, type, occurredAt?, properties?}");
		}
		EventRequest request;
		try {
			request = this.json.treeToValue(node, EventRequest.class);
		}
		catch (JsonProcessingException | IllegalArgumentException ex) {
			String field = JsonErrors.describe(ex);
			throw new InvalidInputException((field != null) ? field : "The event is not readable: " + ex.getMessage());
		}
		Set<ConstraintViolation<EventRequest>> violations = this.validator.validate(request);
		if (!violations.isEmpty()) {
			throw new InvalidInputException(violations.stream()
				.map((violation) -> "'" + violation.getPropertyPath() + "' " + violation.getMessage())
				.sorted()
				.collect(Collectors.joining("; ")));
		}
		EventType type = EventType.parse(request.type())
			.orElseThrow(() -> new InvalidInputException(
					"'type' " + request.type() + " is not in the message catalogue; use one of " + EventType.names()));
		if (SIYU_IDS.stream().anyMatch(request.eventId()::startsWith)) {
			throw new InvalidInputException(
					"'eventId' must not start with " + SIYU_IDS + ": Siyu names the events it makes so");
		}
		if (type.madeBySiyu()) {
			throw new InvalidInputException("'type' " + type
					+ " is recorded by Siyu itself when the referral rules count"
					+ " an invitation: send the friend's Followed, WecomFriendAdded or AdLeadCaptured event with"
					+ " properties.inviteCode instead");
		}
		Map<String, Object> properties = (request.properties() != null) ? request.properties() : Map.of();
		if (properties.get("inviteCode") != null
				&& !(properties.get("inviteCode") instanceof String code && !code.isBlank() && code.length() <= 100)) {
			throw new InvalidInputException(
					"'properties.inviteCode' must be the inviter's code (text of 1 to 100 characters)");
		}
		if (properties.get("phone") != null
				&& !(properties.get("phone") instanceof String phone && PHONE.matcher(phone).matches())) {
			throw new InvalidInputException("'properties.phone' must be digits, optionally with a leading +");
		}
		OffsetDateTime occurredAt = (request.occurredAt() != null) ? request.occurredAt() : this.clock.nowUtc();
		return new CustomerEvent(request.eventId(), request.customerId(), type, occurredAt, properties);
	}

	record EventRequest(@NotBlank @Size(max = 100) String eventId,
			@NotBlank @Pattern(regexp = CustomerIds.PATTERN, message = CustomerIds.RULE) String customerId,
			@NotBlank String type, OffsetDateTime occurredAt, Map<String, Object> properties) {
	}

}
