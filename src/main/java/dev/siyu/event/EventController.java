package dev.siyu.event;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siyu.system.InvalidInputException;
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

	private final EventIntake intake;

	private final EventReader reader;

	EventController(EventIntake intake, EventReader reader) {
		this.intake = intake;
		this.reader = reader;
	}

	@PostMapping
	ResponseEntity<?> accept(@RequestBody JsonNode body) {
		if (body.isObject()) {
			CustomerEvent event = this.reader.read(body);
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
			CustomerEvent event = this.reader.read(element);
			return new EventReceipt(eventId, this.intake.accept(event), null);
		}
		catch (InvalidInputException ex) {
			return new EventReceipt(eventId, Outcome.REJECTED, ex.getMessage());
		}
	}

	private static int count(List<EventReceipt> receipts, Outcome outcome) {
		return (int) receipts.stream().filter((receipt) -> receipt.outcome() == outcome).count();
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
