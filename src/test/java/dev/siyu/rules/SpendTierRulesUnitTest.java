package dev.siyu.rules;

import java.math.BigDecimal;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.siyu.rules.RuleFiles.daysAgo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rules/spend-tier.drl}: HIGH over 5000 yuan a year bought monthly, MID from 1000,
 * LOW below.
 */
class SpendTierRulesUnitTest {

	static CompiledRules rules;

	@BeforeAll
	static void compile() {
		rules = RuleFiles.compile("spend-tier.drl");
	}

	@ParameterizedTest(name = "{0} orders for {1} yuan in the year, {2} yuan exactly a year ago → {3}")
	@CsvSource(delimiter = '|', textBlock = """
			# orders in year | spend in year | spent 365 days ago | tier
			12               | 5000.01       | 0                  | HIGH
			24               | 9000.00       | 0                  | HIGH
			12               | 5000.00       | 0                  | MID
			11               | 6000.00       | 0                  | MID
			10               | 1000.00       | 0                  | MID
			10               | 999.99        | 0                  | LOW
			0                | 0             | 20000              | LOW
			""")
	void tierFollowsTheYearsSpendAndHabit(int orders, BigDecimal spend, BigDecimal before, String tier) {
		CustomerFacts.Builder customer = CustomerFacts.builder("c-1", RuleFiles.NOW);
		RuleFiles.orders(customer, orders, spend, 1, 15, "MILK-59");
		if (before.signum() > 0) {
			customer.order(daysAgo(365), before, Set.of("MILK-59"));
		}

		assertThat(RuleFiles.decide(rules, customer.build()).getValue()).isEqualTo(tier);
	}

}
