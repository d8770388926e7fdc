package dev.siyu.journey;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import dev.siyu.system.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Moving a journey's running customers to another version: plan (a dry run answering
 * where they wait and who cannot move), read, execute on confirmation, follow.
 */
@RestController
@RequestMapping("/api/journeys/{journey}/migrations")
class JourneyMigrationController {

	private final JourneyMigrations migrations;

	JourneyMigrationController(JourneyMigrations migrations) {
		this.migrations = migrations;
	}

	/** Plans a migration (201): nothing moves until it is executed. */
	@PostMapping
	ResponseEntity<JourneyMigrations.Migration> plan(@PathVariable String journey,
			@RequestBody JourneyMigrations.Request request, Principal principal) {
		JourneyMigrations.Migration planned = this.migrations.plan(journey, request, name(principal));
		return ResponseEntity.created(URI.create("/api/journeys/" + journey + "/migrations/" + planned.id()))
			.body(planned);
	}

	@GetMapping
	List<JourneyMigrations.Migration> list(@PathVariable String journey) {
		return this.migrations.list(journey);
	}

	/**
	 * A planned migration with its report as of now, or a started one with its progress.
	 */
	@GetMapping("/{id}")
	JourneyMigrations.Migration migration(@PathVariable String journey, @PathVariable long id) {
		return this.migrations.find(journey, id)
			.orElseThrow(() -> new NotFoundException("No migration " + id + " of journey '" + journey + "'"));
	}

	/**
	 * Starts the move (202) as a Camunda batch; follow it at the migration's location.
	 */
	@PostMapping("/{id}/execute")
	ResponseEntity<JourneyMigrations.Migration> execute(@PathVariable String journey, @PathVariable long id,
			Principal principal) {
		return ResponseEntity.accepted()
			.location(URI.create("/api/journeys/" + journey + "/migrations/" + id))
			.body(this.migrations.execute(journey, id, name(principal)));
	}

	@ExceptionHandler(JourneyMigrations.MigrationStateException.class)
	ProblemDetail conflict(JourneyMigrations.MigrationStateException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
	}

	private static String name(Principal principal) {
		return (principal != null) ? principal.getName() : null;
	}

}
