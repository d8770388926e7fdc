package dev.siyu.rules;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.siyu.rules.RuleFiles.daysAgo;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code rules/hero-tier.drl} for the 59-yuan hero product {@code MILK-59}. */
class HeroTierRulesUnitTest {

	static CompiledRules rules;

	@BeforeAll
	static void compile() {
		rules = RuleFiles.compile("hero-tier.drl");
	}

	@ParameterizedTest(name = "orders {0} → {1}")
	@CsvSource(delimiter = '|', textBlock = """
			# orders, each a set of SKUs            | tier
			MILK-59 ; MILK-59                       | CORE
			MILK-59 ; MILK-59+YOGURT-29 ; CHEESE-89 | CORE
			MILK-59                                 | MAIN
			MILK-59 ; YOGURT-29                     | NON_CORE
			MILK-59+YOGURT-29                       | NON_CORE
			CHEESE-89 ; YOGURT-29                   | NON_CORE
			''                                      | NON_BUYER
			""")
	void tierFollowsHowOftenTheHeroProductWasBought(String orders, String tier) {
		CustomerFacts.Builder customer = CustomerFacts.builder("c-1", RuleFiles.NOW);
		int day = 1;
		for (String order : orders.isBlank() ? new String[0] : orders.split(";")) {
			customer.order(daysAgo(day++), new BigDecimal("59.00"),
					Set.copyOf(Arrays.stream(order.split("\\+")).map(String::trim).toList()));
		}

		Decision decision = RuleFiles.decide(rules, customer.build());

		assertThat(decision.getValue()).isEqualTo(tier);
		assertThat(decision.getRule()).startsWith(tier + ":");
	}

}
