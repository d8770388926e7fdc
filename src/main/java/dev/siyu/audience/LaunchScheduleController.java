package dev.siyu.audience;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siyu.system.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/launch-schedules")
class LaunchScheduleController {

	private final LaunchSchedules schedules;

	private final ObjectMapper json;

	LaunchScheduleController(LaunchSchedules schedules, ObjectMapper json) {
		this.schedules = schedules;
		this.json = json;
	}

	/**
	 * A recurring launch: {@code name}, {@code cron} (five crontab fields or Spring's
	 * six), {@code timeZone} (the brand's by default) and {@code launch}, as for
	 * {@code POST /api/launches} without {@code startAt}.
	 */
	@PostMapping
	ResponseEntity<LaunchSchedules.Schedule> create(@RequestBody ScheduleRequest request) {
		LaunchSchedules.Schedule schedule = this.schedules.create(request.name(), request.cron(), request.timeZone(),
				(request.launch() != null) ? request.launch().plan(this.json) : null);
		return ResponseEntity.created(URI.create("/api/launch-schedules/" + schedule.id())).body(schedule);
	}

	@GetMapping
	List<LaunchSchedules.Schedule> all() {
		return this.schedules.all();
	}

	@GetMapping("/{id}")
	LaunchSchedules.Schedule one(@PathVariable long id) {
		return this.schedules.find(id).orElseThrow(() -> new NotFoundException("No launch schedule " + id));
	}

	@PostMapping("/{id}/disable")
	LaunchSchedules.Schedule disable(@PathVariable long id) {
		return this.schedules.enable(id, false);
	}

	@PostMapping("/{id}/enable")
	LaunchSchedules.Schedule enable(@PathVariable long id) {
		return this.schedules.enable(id, true);
	}

	record ScheduleRequest(String name, String cron, String timeZone, LaunchController.LaunchRequest launch) {
	}

}
