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
				.body(new EventReceipt(event.eventId(), Outcome.of(this.intake.accept(event)), null));
		}
		if (!body.isArray()) {
			throw new InvalidInputException("Send one event as a JSON object or up to " + MAX_BATCH
					+ " events as a JSON array of such objects");
		}
		if (body.size() > MAX_BATCH) {
			throw new InvalidInputException(
					"A batch holds at most " + MAX_BATCH + " events; this one has " + body.size() + ": split it");
		}
		EventReceipt[] receipts = new EventReceipt[body.size()];
		List<CustomerEvent> readable = new ArrayList<>();
		List<Integer> positions = new ArrayList<>();
		for (int i = 0; i < body.size(); i++) {
			JsonNode element = body.get(i);
			String eventId = element.path("eventId").isTextual() ? element.path("eventId").asText() : null;
			try {
				readable.add(this.reader.read(element));
				positions.add(i);
			}
			catch (InvalidInputException ex) {
				receipts[i] = new EventReceipt(eventId, Outcome.REJECTED, ex.getMessage());
			}
		}
		List<EventIntake.Result> results = this.intake.acceptAll(readable);
		for (int n = 0; n < results.size(); n++) {
			EventIntake.Result result = results.get(n);
			String eventId = readable.get(n).eventId();
			receipts[positions.get(n)] = (result.outcome() != null)
					? new EventReceipt(eventId, Outcome.of(result.outcome()), null)
					: (result.rejected() != null) ? new EventReceipt(eventId, Outcome.REJECTED, result.rejected())
							: new EventReceipt(eventId, Outcome.FAILED,
									"could not be taken in now (" + result.failed() + "); send it again");
		}
		List<EventReceipt> all = List.of(receipts);
		return ResponseEntity.ok(new BatchReceipt(count(all, Outcome.ACCEPTED), count(all, Outcome.DUPLICATE),
				count(all, Outcome.REJECTED), count(all, Outcome.FAILED), all));
	}

	private static int count(List<EventReceipt> receipts, Outcome outcome) {
		return (int) receipts.stream().filter((receipt) -> receipt.outcome() == outcome).count();
	}

	/**
	 * What became of an event: its intake outcome; REJECTED with what to fix; FAILED when
	 * Siyu could not take it in now (nothing of it was kept: send it again).
	 */
	enum Outcome {

		ACCEPTED, DUPLICATE, REJECTED, FAILED;

		static Outcome of(EventIntake.Outcome outcome) {
			return valueOf(outcome.name());
		}

	}

	record EventReceipt(String eventId, Outcome outcome, String error) {
	}

	record BatchReceipt(int accepted, int duplicates, int rejected, int failed, List<EventReceipt> results) {
	}

}
