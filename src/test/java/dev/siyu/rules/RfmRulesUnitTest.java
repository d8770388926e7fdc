package dev.siyu.rules;

import java.math.BigDecimal;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.siyu.rules.RuleFiles.daysAgo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rules/rfm.drl}: recent ≤ 30 days, frequent ≥ 3 orders and valuable ≥ 1000 yuan
 * within 365 days.
 */
class RfmRulesUnitTest {

	static CompiledRules rules;

	@BeforeAll
	static void compile() {
		rules = RuleFiles.compile("rfm.drl");
	}

	@ParameterizedTest(name = "last order {0} days ago, {1} orders for {2} yuan in the year, {3} older → {4}")
	@CsvSource(delimiter = '|', textBlock = """
			# last order | orders in year | spend in year | orders older than a year | segment
			10           | 5              | 3000.00       | 0                        | 重要价值
			30           | 3              | 1000.00       | 0                        | 重要价值
			31           | 3              | 1000.00       | 0                        | 重要保持
			10           | 2              | 1500.00       | 0                        | 重要发展
			200          | 1              | 1200.00       | 0                        | 重要挽留
			10           | 4              | 999.99        | 0                        | 一般价值
			5            | 1              | 59.00         | 0                        | 一般发展
			60           | 6              | 400.00        | 0                        | 一般保持
			100          | 2              | 118.00        | 0                        | 一般挽留
			100          | 2              | 118.00        | 5                        | 一般挽留
			0            | 0              | 0             | 0                        | 未购买
			""")
	void segmentFollowsRecencyFrequencyAndSpend(int lastOrder, int ordersInYear, BigDecimal spendInYear,
			int ordersOlder, String segment) {
		CustomerFacts.Builder customer = CustomerFacts.builder("c-1", RuleFiles.NOW);
		RuleFiles.orders(customer, ordersInYear, spendInYear, lastOrder, 1, "MILK-59");
		for (int i = 0; i < ordersOlder; i++) {
			customer.order(daysAgo(400 + i), new BigDecimal("5000"), Set.of("MILK-59"));
		}

		Decision decision = RuleFiles.decide(rules, customer.build());

		assertThat(decision.getValue()).isEqualTo(segment);
		assertThat(decision.getRule()).startsWith(segment + ":");
	}

}
