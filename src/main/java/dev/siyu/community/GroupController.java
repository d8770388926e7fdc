package dev.siyu.community;

import java.net.URI;
import java.util.List;

import dev.siyu.system.InvalidInputException;
import dev.siyu.system.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Community groups: describe one, list them by type or health, read one's assessments.
 */
@RestController
@RequestMapping("/api/groups")
class GroupController {

	private final CommunityGroups groups;

	GroupController(CommunityGroups groups) {
		this.groups = groups;
	}

	@PutMapping("/{id}")
	ResponseEntity<CommunityGroups.Group> save(@PathVariable String id, @RequestBody CommunityGroups.Request request) {
		if (request.id() != null && !request.id().equals(id)) {
			throw new InvalidInputException("'id' in the body is not the group of the path: leave it out");
		}
		boolean known = this.groups.find(id).isPresent();
		CommunityGroups.Group group = this.groups
			.save(new CommunityGroups.Request(id, request.name(), request.type(), request.owners(), request.tags()));
		return known ? ResponseEntity.ok(group)
				: ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/api/groups/" + id)).body(group);
	}

	@GetMapping
	List<CommunityGroups.Group> all(@RequestParam(required = false) String type,
			@RequestParam(required = false) String health) {
		if (type != null && !CommunityGroups.TYPES.contains(type)) {
			throw new InvalidInputException(
					"'type' must be one of " + CommunityGroups.TYPES.stream().sorted().toList());
		}
		return this.groups.all(type, health);
	}

	@GetMapping("/{id}")
	CommunityGroups.Group one(@PathVariable String id) {
		return this.groups.find(id).orElseThrow(() -> new NotFoundException("No group '" + id + "'"));
	}

	@GetMapping("/{id}/health")
	List<CommunityGroups.Health> health(@PathVariable String id, @RequestParam(defaultValue = "30") int limit) {
		one(id);
		if (limit < 1 || limit > 366) {
			throw new InvalidInputException("'limit' must be between 1 and 366");
		}
		return this.groups.history(id, limit);
	}

	/** A 接龙 of the group: who signed up, in order. */
	@GetMapping("/{id}/sign-ups/{solitaireId}")
	List<CommunityGroups.SignUp> signUps(@PathVariable String id, @PathVariable String solitaireId) {
		one(id);
		return this.groups.signUps(id, solitaireId);
	}

	/**
	 * Assesses every group now (what the nightly process does); the day's assessments.
	 */
	@PostMapping("/health/assessments")
	List<CommunityGroups.Health> assess() {
		return this.groups.assess();
	}

}
