package dev.siyu.event;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/events}: one event (a JSON object: 202 with its outcome, or 400 saying
 * what to fix) or a batch (a JSON array of up to 1,000: 200 with each event's outcome in
 * order). Each event of a batch is taken in on its own, all or nothing; a bad one is
 * answered REJECTED with its reason and changes nothing, the others go in.
 */
@RestController
@RequestMapping("/api/events")
class EventController {

	static final int MAX_BATCH = 1000;

	private static final java.util.regex.Pattern PHONE = java.util.regex.Pattern.compile("\\+?[0-9]{5,20}");

	private final EventIntake intake;

	private final SiyuClock clock;

	private final ObjectMapper json;

	private final Validator validator;

	EventController(EventIntake intake, SiyuClock clock, ObjectMapper json, Validator validator) {
		this.intake = intake;
		this.clock = clock;
		this.json = json;
		this.validator = validator;
	}

	@PostMapping
	ResponseEntity<?> accept(@RequestBody JsonNode body) {
		if (body.isObject()) {
			CustomerEvent event = read(body);
			return ResponseEntity.status(HttpStatus.ACCEPTED)
				.body(new EventReceipt(event.eventId(), this.intake.accept(event), null));
		}
		if (!body.isArray()) {
			throw new InvalidInputException("Send one event as a JSON object or up to " + MAX_BATCH
					+ " events as a JSON array of such objects");
		}
		if (body.size() > MAX_BATCH) {
			throw new InvalidInputException(
					"A batch holds at most " + MAX_BATCH + " events; this one has " + body.size() + ": split it");
		}
		List<EventReceipt> receipts = new ArrayList<>(body.size());
		for (JsonNode element : body) {
			receipts.add(acceptOne(element));
		}
		return ResponseEntity.ok(new BatchReceipt(count(receipts, Outcome.ACCEPTED), count(receipts, Outcome.DUPLICATE),
				count(receipts, Outcome.REJECTED), receipts));
	}

	private EventReceipt acceptOne(JsonNode element) {
		String eventId = element.path("eventId").isTextual() ? element.path("eventId").asText() : null;
		try {
			CustomerEvent event = read(element);
			return new EventReceipt(eventId, this.intake.accept(event), null);
		}
		catch (InvalidInputException ex) {
			return new EventReceipt(eventId, Outcome.REJECTED, ex.getMessage());
		}
	}

	private CustomerEvent read(JsonNode node) {
		if (!node.isObject()) {
			throw new InvalidInputException(
					"An event is a JSON object {eventId, customerId, type, occurredAt?, " + "properties?}");
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
		return toEvent(request);
	}

	private CustomerEvent toEvent(EventRequest request) {
		EventType type = EventType.parse(request.type())
			.orElseThrow(() -> new InvalidInputException(
					"'type' " + request.type() + " is not in the message catalogue; use one of " + EventType.names()));
		Map<String, Object> properties = (request.properties() != null) ? request.properties() : Map.of();
		if (properties.get("phone") != null
				&& !(properties.get("phone") instanceof String phone && PHONE.matcher(phone).matches())) {
			throw new InvalidInputException("'properties.phone' must be digits, optionally with a leading +");
		}
		OffsetDateTime occurredAt = (request.occurredAt() != null) ? request.occurredAt() : this.clock.nowUtc();
		return new CustomerEvent(request.eventId(), request.customerId(), type, occurredAt, properties);
	}

	private static int count(List<EventReceipt> receipts, Outcome outcome) {
		return (int) receipts.stream().filter((receipt) -> receipt.outcome() == outcome).count();
	}

	record EventRequest(@NotBlank @Size(max = 100) String eventId,
			@NotBlank @Pattern(regexp = CustomerIds.PATTERN, message = CustomerIds.RULE) String customerId,
			@NotBlank String type, OffsetDateTime occurredAt, Map<String, Object> properties) {
	}

	/** What became of an event: its intake outcome, or REJECTED with what to fix. */
	enum Outcome {

		ACCEPTED, DUPLICATE, REJECTED;

		static Outcome of(EventIntake.Outcome outcome) {
			return valueOf(outcome.name());
		}

	}

	record EventReceipt(String eventId, Outcome outcome, String error) {

		EventReceipt(String eventId, EventIntake.Outcome outcome, String error) {
			this(eventId, Outcome.of(outcome), error);
		}

	}

	record BatchReceipt(int accepted, int duplicates, int rejected, List<EventReceipt> results) {
	}

}
