package dev.siyu.rules;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kie.api.KieBase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rules/offer-by-layer.drl} as a table: what a customer has bought → the offer her
 * content carries.
 */
class OfferByLayerRulesUnitTest {

	static KieBase rules;

	@BeforeAll
	static void compile() throws IOException {
		rules = RuleCompiler.compile("rules/offer-by-layer.drl",
				Files.readAllBytes(Path.of("rules/offer-by-layer.drl")));
	}

	@ParameterizedTest(name = "{0} orders, {1} yuan → {2}")
	@CsvSource(textBlock = """
			# orders | spend   | offer                | deciding rule
			0        | 0.00    | FIRST_ORDER_TRIAL    | Non-buyer gets the low-threshold first-order trial
			1        | 59.00   | SECOND_ORDER_COUPON  | One-time buyer gets a second-order coupon
			1        | 5000.00 | SECOND_ORDER_COUPON  | One-time buyer gets a second-order coupon
			2        | 118.00  | REPEAT_BUYER_COUPON  | Repeat buyer gets the high-value coupon
			12       | 9000.00 | REPEAT_BUYER_COUPON  | Repeat buyer gets the high-value coupon
			""", delimiter = '|')
	void offerFollowsWhatTheCustomerHasBought(int orders, BigDecimal spend, String offer, String rule) {
		CustomerFacts customer = new CustomerFacts("c-1", orders, spend, (orders > 0) ? 10 : null, true, false,
				Set.of());

		Decision decision = RuleEvaluator.decide(rules, customer);

		assertThat(decision.getValue()).isEqualTo(offer);
		assertThat(decision.getRule()).isEqualTo(rule);
	}

}
