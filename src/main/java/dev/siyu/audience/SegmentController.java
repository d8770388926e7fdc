package dev.siyu.audience;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/segments")
class SegmentController {

	private final Segments segments;

	SegmentController(Segments segments) {
		this.segments = segments;
	}

	/**
	 * Saves a segment: a new key or a changed definition gives a new version (201), the
	 * same definition again changes nothing (200).
	 */
	@PostMapping
	ResponseEntity<SegmentStore.Segment> save(@Valid @RequestBody SegmentRequest request, Principal user) {
		Integer before = this.segments.versionOf(request.key());
		SegmentStore.Segment saved = this.segments.save(request.key(), request.name(), request.description(),
				request.definition(), (user != null) ? user.getName() : null);
		boolean created = before == null || saved.version() != before;
		return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
			.location(URI.create("/api/segments/" + saved.key() + "?version=" + saved.version()))
			.body(saved);
	}

	@GetMapping
	List<SegmentStore.Segment> all() {
		return this.segments.all();
	}

	@GetMapping("/{key}")
	SegmentStore.Segment one(@PathVariable String key, @RequestParam(required = false) Integer version) {
		return this.segments.find(key, version);
	}

	@GetMapping("/{key}/versions")
	List<SegmentStore.Segment> versions(@PathVariable String key) {
		this.segments.find(key, null);
		return this.segments.versions(key);
	}

	/** Who the segment holds now: count, a sample, and how many each channel reaches. */
	@GetMapping("/{key}/preview")
	Segments.Preview preview(@PathVariable String key, @RequestParam(required = false) Integer version,
			@RequestParam(defaultValue = "20") int sample) {
		return this.segments.preview(key, version, sample);
	}

	/** A preview of a definition before it is saved, as the console builds it. */
	@PostMapping("/preview")
	Segments.Preview previewUnsaved(@Valid @RequestBody DefinitionRequest request,
			@RequestParam(defaultValue = "20") int sample) {
		return this.segments.preview(null, null, request.definition(), sample);
	}

	record SegmentRequest(@NotBlank @Size(max = 100) String key, @Size(max = 200) String name,
			@Size(max = 1000) String description, @NotNull JsonNode definition) {
	}

	record DefinitionRequest(@NotNull JsonNode definition) {
	}

}
