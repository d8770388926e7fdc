package dev.siyu.event;

import java.time.OffsetDateTime;
import java.util.Map;

import dev.siyu.customer.CustomerIds;
import dev.siyu.system.InvalidInputException;
import dev.siyu.system.SiyuClock;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/events")
class EventController {

	private static final java.util.regex.Pattern PHONE = java.util.regex.Pattern.compile("\\+?[0-9]{5,20}");

	private final EventIntake intake;

	private final SiyuClock clock;

	EventController(EventIntake intake, SiyuClock clock) {
		this.intake = intake;
		this.clock = clock;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.ACCEPTED)
	EventReceipt accept(@Valid @RequestBody EventRequest request) {
		EventIntake.Outcome outcome = this.intake.accept(toEvent(request));
		return new EventReceipt(request.eventId(), outcome);
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

	record EventRequest(@NotBlank @Size(max = 100) String eventId,
			@NotBlank @Pattern(regexp = CustomerIds.PATTERN, message = CustomerIds.RULE) String customerId,
			@NotBlank String type, OffsetDateTime occurredAt, Map<String, Object> properties) {
	}

	record EventReceipt(String eventId, EventIntake.Outcome outcome) {
	}

}
