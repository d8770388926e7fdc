package dev.siyu.analytics;

import java.math.BigDecimal;
import java.security.Principal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import dev.siyu.system.InvalidInputException;
import dev.siyu.system.NotFoundException;
import org.camunda.bpm.engine.RepositoryService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A journey's funnel, conversions, revenue, cost and ROI, per step, channel, arm and
 * layer; and the spend entered for it.
 */
@RestController
class FiguresController {

	private final JourneyFigures figures;

	private final JourneySpend spend;

	private final RepositoryService repository;

	private final JdbcClient jdbc;

	private final ZoneId zone;

	FiguresController(JourneyFigures figures, JourneySpend spend, RepositoryService repository, JdbcClient jdbc,
			@Value("${siyu.audiences.time-zone:Asia/Shanghai}") String zone) {
		this.figures = figures;
		this.spend = spend;
		this.repository = repository;
		this.jdbc = jdbc;
		this.zone = ZoneId.of(zone);
	}

	/** Every deployed journey with entered, active, converted, revenue, cost and ROI. */
	@GetMapping("/api/journeys")
	List<JourneyFigures.Overview> journeys() {
		return this.figures.overview();
	}

	/** The journey's BPMN, diagram included, to draw it (with bpmn-js, say). */
	@GetMapping(path = "/api/journeys/{key}/diagram", produces = MediaType.APPLICATION_XML_VALUE)
	String diagram(@PathVariable String key, @RequestParam(required = false) Integer version) {
		return this.figures.diagram(key, version);
	}

	/**
	 * {@code from} and {@code to} bound when customers entered: a date (the brand's day)
	 * or a time with offset; {@code launch} counts one launch's entries.
	 */
	@GetMapping("/api/journeys/{key}/funnel")
	JourneyFigures.Funnel funnel(@PathVariable String key, @RequestParam(required = false) Integer version,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) Long launch) {
		return this.figures.funnel(filter(key, version, from, to, launch));
	}

	@GetMapping("/api/journeys/{key}/layers")
	JourneyFigures.LayerReport layers(@PathVariable String key, @RequestParam(required = false) String ruleSet,
			@RequestParam(required = false) Integer version, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(required = false) Long launch) {
		return this.figures.layers(filter(key, version, from, to, launch), ruleSet);
	}

	/**
	 * The layer report of one launch: per layer, share of customers pushed and of sales.
	 */
	@GetMapping("/api/launches/{id}/layers")
	JourneyFigures.LayerReport launchLayers(@PathVariable long id, @RequestParam(required = false) String ruleSet) {
		Map<String, Object> launch = this.jdbc.sql("select journey_key, rule_set from launch where id = :id")
			.param("id", id)
			.query()
			.listOfRows()
			.stream()
			.findFirst()
			.orElseThrow(() -> new NotFoundException("No launch " + id));
		// the launch's own rule set (an older launch by layers), else RFM
		String layers = (ruleSet != null) ? ruleSet
				: (launch.get("rule_set") != null) ? (String) launch.get("rule_set") : "rfm";
		return this.figures.layers(new JourneyFigures.Filter((String) launch.get("journey_key"), null, null, null, id),
				layers);
	}

	record SpendRequest(BigDecimal amount, String note, LocalDate spentOn, Long launchId) {
	}

	@PostMapping("/api/journeys/{key}/spend")
	@ResponseStatus(HttpStatus.CREATED)
	JourneySpend.Entry addSpend(@PathVariable String key, @RequestBody SpendRequest request, Principal principal) {
		deployed(key);
		return this.spend.add(key, request.launchId(), request.amount(), request.note(), request.spentOn(),
				(principal != null) ? principal.getName() : null);
	}

	@GetMapping("/api/journeys/{key}/spend")
	List<JourneySpend.Entry> spend(@PathVariable String key) {
		deployed(key);
		return this.spend.list(key);
	}

	private void deployed(String key) {
		if (this.repository.createProcessDefinitionQuery().processDefinitionKey(key).count() == 0) {
			throw new NotFoundException("No journey '" + key + "' is deployed");
		}
	}

	private JourneyFigures.Filter filter(String key, Integer version, String from, String to, Long launch) {
		return new JourneyFigures.Filter(key, version, time("from", from), time("to", to), launch);
	}

	private OffsetDateTime time(String name, String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return (text.length() == 10) ? LocalDate.parse(text).atStartOfDay(this.zone).toOffsetDateTime()
					: OffsetDateTime.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidInputException("'" + name + "' " + text
					+ " is not a date (2026-06-01, the brand's day) or a time with offset (2026-06-01T20:00:00+08:00)");
		}
	}

}
