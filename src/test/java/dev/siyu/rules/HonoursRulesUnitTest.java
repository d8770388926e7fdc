package dev.siyu.rules;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code rules/honours.drl}: a customer's record → every honour it earns. */
class HonoursRulesUnitTest {

	static CompiledRules rules;

	@BeforeAll
	static void compile() {
		rules = RuleFiles.compile("honours.drl");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					# balance | earned | check-ins | activities | orders | invitees | honours
					0         | 0      | 0         | 0          | 0      | 0        | ''
					100       | 100    | 20        | 4          | 4      | 9        | ''
					100       | 100    | 21        | 0          | 0      | 0        | CHECK_IN_21
					200       | 1000   | 0         | 5          | 5      | 10       | POINTS_1000 RECOMMENDER ACTIVE_MEMBER LOYAL_BUYER
					1200      | 1200   | 30        | 0          | 0      | 0        | CHECK_IN_21 POINTS_1000
					""")
	void everyHonourHerRecordReachesIsAwarded(int balance, int earned, int checkIns, int activities, int orders,
			int invitees, String honours) {
		Decision decision = RuleFiles.decide(rules,
				new HonourFacts(balance, earned, checkIns, activities, orders, invitees));

		Set<String> expected = Arrays.stream(honours.split(" "))
			.filter((honour) -> !honour.isBlank())
			.collect(Collectors.toSet());
		assertThat(decision.getTags()).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(decision.getValue()).isNull();
	}

}
