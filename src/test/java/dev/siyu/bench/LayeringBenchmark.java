package dev.siyu.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.siyu.rules.BenchFacts;
import dev.siyu.rules.BulkLayering;
import dev.siyu.rules.CustomerFacts;
import dev.siyu.rules.RuleEvaluator;
import dev.siyu.rules.RuleSets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulk layering of a generated population: the rules alone (RFM, activity and hero tier
 * on facts already in memory, one thread), then the whole stored run (read pages, four
 * rule sets, write). Run by {@code bench/run}, never by {@code mvn verify}.
 */
@SpringBootTest
@ActiveProfiles("test")
@Import(BenchFacts.class)
@EnabledIfSystemProperty(named = "siyu.bench", matches = "true")
class LayeringBenchmark {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	BulkLayering bulk;

	@Autowired
	RuleSets ruleSets;

	@Autowired
	RuleEvaluator evaluator;

	@Autowired
	BenchFacts facts;

	@Test
	void layering() {
		int customers = BenchResults.scale(100_000);
		Instant now = Instant.now();
		long t0 = System.nanoTime();
		BenchData.customers(this.jdbc, "bench", customers, now, 42);
		long generated = System.nanoTime() - t0;

		List<CustomerFacts> inMemory = this.facts.all(now);
		List<RuleSets.Resolved> layers = new ArrayList<>();
		for (String name : List.of("rfm", "activity", "hero-tier")) {
			layers.add(this.ruleSets.findLatest(name).orElseThrow());
		}
		long t1 = System.nanoTime();
		Map<String, Integer> decided = this.facts.decideAll(layers, inMemory);
		long rulesOnly = System.nanoTime() - t1;

		long t2 = System.nanoTime();
		int layered = this.bulk.runNow("benchmark").orElseThrow();
		long stored = System.nanoTime() - t2;

		assertThat(layered).isGreaterThanOrEqualTo(customers);
		assertThat(decided.values()).allSatisfy((count) -> assertThat(count).isEqualTo(inMemory.size()));
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("customers", customers);
		figures.put("generate_customers_per_s", BenchResults.perSecond(customers, generated));
		figures.put("rules_only_customers_per_s", BenchResults.perSecond(inMemory.size(), rulesOnly));
		figures.put("rules_only_rule_sets", "rfm, activity, hero-tier");
		figures.put("bulk_layering_customers_per_s", BenchResults.perSecond(layered, stored));
		figures.put("bulk_layering_rule_sets", String.join(", ", RuleEvaluator.LAYERS));
		BenchResults.write("layering", figures);
	}

}
