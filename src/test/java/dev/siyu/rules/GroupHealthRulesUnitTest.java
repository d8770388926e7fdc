package dev.siyu.rules;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rules/group-health.drl}: a community group's last week → VALUE, TASTELESS, DEAD
 * or SPAM.
 */
class GroupHealthRulesUnitTest {

	static CompiledRules rules;

	@BeforeAll
	static void compile() {
		rules = RuleFiles.compile("group-health.drl");
	}

	@ParameterizedTest(name = "{0} members, {1} speaking, {2} messages, {3} ads → {4}")
	@CsvSource(delimiter = '|', textBlock = """
			# members | active members | messages | ad messages | health
			200       | 40             | 300      | 10          | VALUE
			200       | 20             | 100      | 9           | VALUE
			200       | 20             | 100      | 10          | TASTELESS
			200       | 19             | 100      | 0           | TASTELESS
			200       | 30             | 100      | 30          | SPAM
			200       | 30             | 100      | 29          | TASTELESS
			200       | 3              | 4        | 0           | DEAD
			200       | 3              | 50       | 0           | DEAD
			200       | 4              | 50       | 0           | TASTELESS
			0         | 0              | 0        | 0           | DEAD
			""")
	void healthFollowsWhoSpeaksAndHowManyAds(int members, int active, int messages, int ads, String health) {
		Decision decision = RuleFiles.decide(rules, new GroupFacts("g-1", members, active, messages, ads));

		assertThat(decision.getValue()).isEqualTo(health);
	}

}
