package dev.siyu.audience;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Variants by weight and holdout, drawn for 100,000 customers. */
class AssignmentsUnitTest {

	static final List<LaunchPlan.Variant> WEIGHTS = List.of(new LaunchPlan.Variant("A", 50),
			new LaunchPlan.Variant("B", 30), new LaunchPlan.Variant("C", 20));

	@Test
	void variantsFollowTheirWeightsAndTheHoldoutTakesItsShareOfEach() {
		Map<String, Integer> variants = new HashMap<>();
		Map<String, Integer> heldOut = new HashMap<>();
		for (int i = 0; i < 100_000; i++) {
			String customer = "c" + i;
			String variant = Assignments.variant("double-11", customer, WEIGHTS);
			variants.merge(variant, 1, Integer::sum);
			if (Assignments.holdout("double-11", customer, 10)) {
				heldOut.merge(variant, 1, Integer::sum);
			}
		}
		assertThat(variants.get("A") / 100_000.0).isCloseTo(0.50, within(0.01));
		assertThat(variants.get("B") / 100_000.0).isCloseTo(0.30, within(0.01));
		assertThat(variants.get("C") / 100_000.0).isCloseTo(0.20, within(0.01));
		// the holdout is drawn apart from the variant: a tenth of each
		variants.forEach((variant, count) -> assertThat(heldOut.get(variant) / (double) count).as(variant)
			.isCloseTo(0.10, within(0.01)));
	}

	@Test
	void theSameCustomerAndExperimentAlwaysGiveTheSameDrawAndAnotherExperimentItsOwn() {
		int same = 0;
		for (int i = 0; i < 10_000; i++) {
			String customer = "c" + i;
			assertThat(Assignments.variant("double-11", customer, WEIGHTS))
				.isEqualTo(Assignments.variant("double-11", customer, WEIGHTS));
			if (Assignments.variant("double-11", customer, WEIGHTS)
				.equals(Assignments.variant("618", customer, WEIGHTS))) {
				same++;
			}
		}
		// independent draws agree with probability 0.5² + 0.3² + 0.2² = 0.38
		assertThat(same / 10_000.0).isCloseTo(0.38, within(0.02));
	}

	@Test
	void noVariantsAndNoHoldoutDrawNothing() {
		assertThat(Assignments.variant("x", "c1", List.of())).isNull();
		assertThat(Assignments.holdout("x", "c1", 0)).isFalse();
	}

}
