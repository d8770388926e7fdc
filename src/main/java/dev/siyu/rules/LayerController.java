package dev.siyu.rules;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.siyu.system.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class LayerController {

	private final CustomerFactsLoader loader;

	private final RuleEvaluator evaluator;

	private final LayerStore store;

	private final BulkLayering bulk;

	LayerController(CustomerFactsLoader loader, RuleEvaluator evaluator, LayerStore store, BulkLayering bulk) {
		this.loader = loader;
		this.evaluator = evaluator;
		this.store = store;
		this.bulk = bulk;
	}

	/**
	 * The customer's layers computed now from her current data, each with the rule that
	 * decided it.
	 */
	@GetMapping("/api/customers/{customerId}/layers")
	Map<String, LayerView> layers(@PathVariable String customerId) {
		Map<String, LayerView> layers = new LinkedHashMap<>();
		this.evaluator.layers(this.loader.load(customerId).customer())
			.forEach((name, outcome) -> layers.put(name,
					new LayerView(outcome.value(), outcome.rule(), outcome.ruleSet().version())));
		return layers;
	}

	/** How many customers each layer of a rule set held at the last bulk run. */
	@GetMapping("/api/layers/{ruleSet}")
	Distribution distribution(@PathVariable String ruleSet) {
		return new Distribution(ruleSet, this.store.distribution(ruleSet));
	}

	@PostMapping("/api/layers/runs")
	ResponseEntity<?> startRun() {
		return this.bulk.start("api")
			.<ResponseEntity<?>>map((runId) -> ResponseEntity.accepted()
				.location(URI.create("/api/layers/runs/" + runId))
				.body(this.store.run(runId).orElseThrow()))
			.orElseGet(() -> ResponseEntity.status(HttpStatus.CONFLICT)
				.body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
						"A layering run is under way; wait for it to finish (GET /api/layers/runs/{id})")));
	}

	@GetMapping("/api/layers/runs/{runId}")
	LayerStore.Run run(@PathVariable long runId) {
		return this.store.run(runId).orElseThrow(() -> new NotFoundException("No layering run " + runId));
	}

	record LayerView(String value, String rule, int version) {
	}

	record Distribution(String ruleSet, Map<String, Long> layers) {
	}

}
