package dev.siyu.audience;

import java.net.URI;
import java.util.List;

import dev.siyu.system.InvalidInputException;
import dev.siyu.system.NotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class LaunchController {

	private final AudienceLaunches launches;

	LaunchController(AudienceLaunches launches) {
		this.launches = launches;
	}

	@PostMapping("/api/launches")
	ResponseEntity<AudienceLaunches.Launch> launch(@Valid @RequestBody LaunchRequest request) {
		long id;
		try {
			id = this.launches.launch(request.journey(),
					new Audience(request.ruleSet(), request.layers(), request.tag()), "api");
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("'journey' " + ex.getMessage());
		}
		return ResponseEntity.accepted()
			.location(URI.create("/api/launches/" + id))
			.body(this.launches.find(id).orElseThrow());
	}

	@GetMapping("/api/launches/{id}")
	AudienceLaunches.Launch launch(@PathVariable long id) {
		return this.launches.find(id).orElseThrow(() -> new NotFoundException("No launch " + id));
	}

	record LaunchRequest(@NotBlank String journey, @NotBlank String ruleSet, List<String> layers, String tag) {
	}

}
