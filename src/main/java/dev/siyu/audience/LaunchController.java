package dev.siyu.audience;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siyu.system.InvalidInputException;
import dev.siyu.system.NotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/launches")
class LaunchController {

	private final AudienceLaunches launches;

	private final ObjectMapper json;

	LaunchController(AudienceLaunches launches, ObjectMapper json) {
		this.launches = launches;
		this.json = json;
	}

	/** Records a launch (202): it runs in the background; follow it at its location. */
	@PostMapping
	ResponseEntity<AudienceLaunches.Launch> launch(@Valid @RequestBody LaunchRequest request) {
		long id = this.launches.launch(request.plan(this.json), "api");
		return ResponseEntity.accepted()
			.location(URI.create("/api/launches/" + id))
			.body(this.launches.find(id).orElseThrow());
	}

	@GetMapping
	List<AudienceLaunches.Launch> recent(@RequestParam(defaultValue = "50") int limit) {
		if (limit < 1 || limit > 500) {
			throw new InvalidInputException("'limit' must be between 1 and 500");
		}
		return this.launches.recent(limit);
	}

	@GetMapping("/{id}")
	AudienceLaunches.Launch launch(@PathVariable long id) {
		return this.launches.find(id).orElseThrow(() -> new NotFoundException("No launch " + id));
	}

	/**
	 * Who the launch targeted, in the order of their ids, a page at a time ({@code after}
	 * the last id of the previous page), optionally of one outcome (STARTED, HOLDOUT,
	 * SKIPPED, FAILED, or WAITING for those not yet taken).
	 */
	@GetMapping("/{id}/members")
	List<AudienceLaunches.Member> members(@PathVariable long id, @RequestParam(required = false) String outcome,
			@RequestParam(defaultValue = "") String after, @RequestParam(defaultValue = "100") int limit) {
		launch(id);
		if (limit < 1 || limit > 1000) {
			throw new InvalidInputException("'limit' must be between 1 and 1000");
		}
		if (outcome != null && !List.of("STARTED", "HOLDOUT", "SKIPPED", "FAILED", "WAITING").contains(outcome)) {
			throw new InvalidInputException("'outcome' must be STARTED, HOLDOUT, SKIPPED, FAILED or WAITING");
		}
		return this.launches.members(id, outcome, after, limit);
	}

	@PostMapping("/{id}/pause")
	AudienceLaunches.Launch pause(@PathVariable long id) {
		return this.launches.pause(id);
	}

	@PostMapping("/{id}/resume")
	AudienceLaunches.Launch resume(@PathVariable long id) {
		return this.launches.resume(id);
	}

	@PostMapping("/{id}/cancel")
	AudienceLaunches.Launch cancel(@PathVariable long id) {
		return this.launches.cancel(id);
	}

	@ExceptionHandler(AudienceLaunches.LaunchStateException.class)
	ProblemDetail conflict(AudienceLaunches.LaunchStateException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
	}

	/**
	 * A launch: {@code journey} and either {@code segment} (a saved segment, its latest
	 * version or {@code segmentVersion}) or {@code audience} (a definition in place); the
	 * older form, {@code ruleSet} with {@code layers} and {@code tag}, still works.
	 */
	record LaunchRequest(@NotBlank String journey, String segment, Integer segmentVersion, JsonNode audience,
			String ruleSet, List<String> layers, String tag, String experiment, List<LaunchPlan.Variant> variants,
			Double holdoutPercent, Integer ratePerMinute, OffsetDateTime startAt) {

		LaunchPlan plan(ObjectMapper json) {
			JsonNode definition = this.audience;
			if (this.ruleSet != null || this.tag != null) {
				if (definition != null || this.segment != null) {
					throw new InvalidInputException(
							"give 'segment', 'audience', or 'ruleSet'/'layers'/'tag', not more" + " than one of them");
				}
				definition = new Audience(this.ruleSet, this.layers, this.tag).definition(json);
			}
			return new LaunchPlan(this.journey, this.segment, this.segmentVersion, definition, this.experiment,
					this.variants, this.holdoutPercent, this.ratePerMinute, this.startAt);
		}

	}

}
