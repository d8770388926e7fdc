package dev.siyu.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.siyu.rules.BenchFacts;
import dev.siyu.rules.CustomerFacts;
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
 * The layering rules alone: RFM, activity and hero tier on a generated population whose
 * facts are already in memory, one thread, nothing stored. A first pass over a tenth of
 * them warms the JIT. Run by {@code bench/run}, never by {@code mvn verify}.
 */
@SpringBootTest
@ActiveProfiles("test")
@Import(BenchFacts.class)
@EnabledIfSystemProperty(named = "siyu.bench", matches = "true")
class RulesBenchmark {

	static final List<String> RULE_SETS = List.of("rfm", "activity", "hero-tier");

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	RuleSets ruleSets;

	@Autowired
	BenchFacts facts;

	@Test
	void rules() {
		int customers = BenchResults.size("rules", 1_000_000);
		Instant now = Instant.now();
		BenchData.customers(this.jdbc, "rules", customers, now, 42);
		List<CustomerFacts> inMemory = this.facts.all(now);
		List<RuleSets.Resolved> layers = new ArrayList<>();
		for (String name : RULE_SETS) {
			layers.add(this.ruleSets.findLatest(name).orElseThrow());
		}
		this.facts.decideAll(layers, inMemory.subList(0, inMemory.size() / 10));

		long t0 = System.nanoTime();
		Map<String, Integer> decided = this.facts.decideAll(layers, inMemory);
		long elapsed = System.nanoTime() - t0;

		assertThat(inMemory).hasSize(customers);
		assertThat(decided.values()).allSatisfy((count) -> assertThat(count).isEqualTo(customers));
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("customers", customers);
		figures.put("rule_sets", String.join(", ", RULE_SETS));
		figures.put("customers_per_s", BenchResults.perSecond(customers, elapsed));
		BenchResults.write("rules", figures);
	}

}
