package dev.siyu.rules;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rules/points.drl}: an event → the points it earns (none: no rule held) and the
 * rule that decided.
 */
class PointsRulesUnitTest {

	static CompiledRules rules;

	@BeforeAll
	static void compile() {
		rules = RuleFiles.compile("points.drl");
	}

	@ParameterizedTest(name = "{0} {1} {2} yuan, first today {3} → {4}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			# type                | activity        | yuan | first today | points | rule
			ActivityJoined        | checkin-0601    | 0    | true        | 5      | CHECK_IN
			ActivityJoined        | checkin         | 0    | false       | -      | -
			ActivityJoined        | live-618        | 0    | true        | 20     | ACTIVITY
			ActivityJoined        | live-618        | 0    | false       | -      | -
			Purchased             | -               | 59   | true        | 59     | PURCHASE
			Purchased             | -               | 59   | false       | 59     | PURCHASE
			Purchased             | -               | 0    | true        | -      | -
			ReferralCounted       | -               | 0    | false       | 50     | INVITE
			QuestionnaireAnswered | -               | 0    | true        | 10     | QUESTIONNAIRE
			QuestionnaireAnswered | -               | 0    | false       | -      | -
			LoggedIn              | -               | 0    | true        | -      | -
			""")
	void eachEventEarnsWhatItsRuleSays(String type, String activity, int yuan, boolean firstToday, String points,
			String rule) {
		Decision decision = RuleFiles.decide(rules, new PointsFacts(type, activity, yuan, firstToday));

		assertThat(decision.getValue()).isEqualTo(points);
		if (rule != null) {
			assertThat(decision.getRule()).startsWith(rule + ":");
		}
	}

}
