package dev.siyu.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For benchmarks: every customer's facts in memory, and the rules run on them one thread,
 * nothing stored.
 */
public class BenchFacts {

	private final CustomerFactsPages pages;

	private final RuleSets ruleSets;

	BenchFacts(CustomerFactsPages pages, RuleSets ruleSets) {
		this.pages = pages;
		this.ruleSets = ruleSets;
	}

	public List<CustomerFacts> all(Instant now) {
		List<CustomerFacts> all = new ArrayList<>();
		String after = null;
		for (List<CustomerFacts> page = this.pages.page(null, BulkLayering.PAGE, now); !page
			.isEmpty(); page = this.pages.page(after, BulkLayering.PAGE, now)) {
			all.addAll(page);
			after = page.get(page.size() - 1).getCustomerId();
		}
		return all;
	}

	/**
	 * Runs each rule set on every customer. Returns, per rule set, how many customers it
	 * decided.
	 */
	public Map<String, Integer> decideAll(List<RuleSets.Resolved> ruleSets, List<CustomerFacts> customers) {
		Map<String, Integer> decided = new LinkedHashMap<>();
		List<CompiledRules> compiled = ruleSets.stream().map(this.ruleSets::compiled).toList();
		for (CustomerFacts customer : customers) {
			for (int i = 0; i < compiled.size(); i++) {
				if (RuleEvaluator.decide(compiled.get(i), List.of(customer)).getValue() != null) {
					decided.merge(ruleSets.get(i).ruleSet(), 1, Integer::sum);
				}
			}
		}
		return decided;
	}

}
