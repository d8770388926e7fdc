package dev.siyu.rules;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rules/offer-by-layer.drl.csv}, the decision table marketers edit: purpose and
 * layers → offer.
 */
class OfferByLayerRulesUnitTest {

	static CompiledRules rules;

	@BeforeAll
	static void compile() {
		rules = RuleFiles.compile("offer-by-layer.drl.csv");
	}

	@ParameterizedTest(name = "{0}: hero tier {1}, RFM {2}, {3} orders → {4}")
	@CsvSource(delimiter = '|', textBlock = """
			# purpose     | hero tier | rfm      | orders | offer
			hero-campaign | CORE      | 重要价值 | 6      | HERO_CORE_STACKED_COUPON
			hero-campaign | MAIN      | 一般发展 | 1      | HERO_IS_BACK
			hero-campaign | NON_CORE  | 一般挽留 | 3      | HERO_TRIAL_LOW_THRESHOLD
			hero-campaign | NON_BUYER | 未购买   | 0      | HERO_FIRST_ORDER
			recall        | CORE      | 重要保持 | 8      | RECALL_VIP_GIFT
			recall        | NON_CORE  | 重要挽留 | 2      | RECALL_BIG_COUPON
			recall        | MAIN      | 一般保持 | 4      | RECALL_SMALL_COUPON
			recall        | NON_CORE  | 一般挽留 | 2      | RECALL_SMALL_COUPON
			recall        | CORE      | 重要价值 | 9      | RECALL_CARE_MESSAGE
			recall        | NON_BUYER | 未购买   | 0      | RECALL_CARE_MESSAGE
			nurture       | CORE      | 重要价值 | 2      | REPEAT_BUYER_COUPON
			nurture       | MAIN      | 一般发展 | 1      | SECOND_ORDER_COUPON
			nurture       | NON_BUYER | 未购买   | 0      | FIRST_ORDER_TRIAL
			""")
	void offerFollowsPurposeAndLayers(String purpose, String heroTier, String rfm, int orders, String offer) {
		Map<String, String> layers = new HashMap<>(Map.of("hero-tier", heroTier, "rfm", rfm));
		CustomerFacts.Builder customer = CustomerFacts.builder("c-1", RuleFiles.NOW);
		RuleFiles.orders(customer, orders,
				new java.math.BigDecimal("59.00").multiply(java.math.BigDecimal.valueOf(orders)), 1, 7, "MILK-59");

		Decision decision = RuleFiles.decide(rules, new RuleContext(purpose), new CustomerLayers(layers),
				customer.build());

		assertThat(decision.getValue()).isEqualTo(offer);
		assertThat(decision.getRule()).isNotBlank();
	}

	@ParameterizedTest(name = "a purpose the table does not know ({0}) decides nothing")
	@CsvSource({ "''", "birthday" })
	void unknownPurposeDecidesNothing(String purpose) {
		Decision decision = RuleFiles.decide(rules, new RuleContext(purpose),
				new CustomerLayers(Map.of("hero-tier", "CORE")), CustomerFacts.builder("c-1", RuleFiles.NOW).build());

		assertThat(decision.getValue()).isNull();
	}

}
