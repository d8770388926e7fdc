package dev.siyu.rules;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.siyu.rules.RuleFiles.daysAgo;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code rules/koc.drl}: KOC candidates over the last 30 days. */
class KocRulesUnitTest {

	static CompiledRules rules;

	@BeforeAll
	static void compile() {
		rules = RuleFiles.compile("koc.drl");
	}

	@ParameterizedTest(name = "{0} topics, {1} activities, replies of {2} characters, {3} days ago, honours {4} → {5}")
	@CsvSource(delimiter = '|', textBlock = """
			# topics answered | activities | reply length | days ago | honours                   | layer
			8                 | 2          | 30           | 1        | ''                        | KOC_CANDIDATE
			12                | 5          | 120          | 29       | ''                        | KOC_CANDIDATE
			7                 | 2          | 30           | 1        | ''                        | MEMBER
			8                 | 1          | 30           | 1        | ''                        | MEMBER
			8                 | 2          | 29           | 1        | ''                        | MEMBER
			8                 | 2          | 30           | 30       | ''                        | MEMBER
			0                 | 0          | 0            | 1        | ''                        | MEMBER
			0                 | 2          | 0            | 3        | RECOMMENDER               | KOC_CANDIDATE
			0                 | 1          | 0            | 3        | RECOMMENDER               | MEMBER
			0                 | 2          | 0            | 3        | CHECK_IN_21 POINTS_1000   | MEMBER
			""")
	void candidatesAnswerTakePartAndWriteSubstantiallyOrBringFriends(int topics, int activities, int length,
			int daysAgo, String honours, String layer) {
		CustomerFacts.Builder customer = CustomerFacts.builder("c-1", RuleFiles.NOW)
			.honours(java.util.Arrays.stream(honours.split(" "))
				.filter((honour) -> !honour.isBlank())
				.collect(java.util.stream.Collectors.toSet()));
		for (int i = 0; i < topics; i++) {
			customer.reply(daysAgo(daysAgo), "topic-" + i, length);
			customer.reply(daysAgo(daysAgo), "topic-" + i, length);
		}
		for (int i = 0; i < activities; i++) {
			customer.activity(daysAgo(daysAgo));
		}

		assertThat(RuleFiles.decide(rules, customer.build()).getValue()).isEqualTo(layer);
	}

}
