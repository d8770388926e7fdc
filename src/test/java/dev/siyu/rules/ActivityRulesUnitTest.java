package dev.siyu.rules;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.siyu.rules.RuleFiles.daysAgo;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code rules/activity.drl}: ACTIVE, SILENT or CHURNED from logins and interactions. */
class ActivityRulesUnitTest {

	static CompiledRules rules;

	@BeforeAll
	static void compile() {
		rules = RuleFiles.compile("activity.drl");
	}

	@ParameterizedTest(name = "joined {0} days ago, logins {1}, interactions {2} → {3}")
	@CsvSource(delimiter = '|',
			textBlock = """
					# joined days ago | login days ago  | interaction days ago | layer   | rule
					400               | 0               |                      | ACTIVE  | ACTIVE: logged in or interacted this week
					400               | 6               |                      | ACTIVE  | ACTIVE: logged in or interacted this week
					400               | 40              | 6                    | ACTIVE  | ACTIVE: logged in or interacted this week
					400               | 8;15;29         |                      | ACTIVE  | ACTIVE: logged in on 3 or more days of the last month
					400               | 8;15;30         |                      | SILENT  | SILENT: 2 or fewer login days in the last month
					400               | 7;20            | 7                    | SILENT  | SILENT: 2 or fewer login days in the last month
					400               | 89              |                      | SILENT  | SILENT: 2 or fewer login days in the last month
					400               | 90              |                      | CHURNED | CHURNED: no login for 3 months (90 days)
					400               | 90              | 3                    | CHURNED | CHURNED: no login for 3 months (90 days)
					400               |                 |                      | CHURNED | CHURNED: never logged in, with us for 3 months (90 days)
					89                |                 |                      | SILENT  | SILENT: 2 or fewer login days in the last month
					90                |                 |                      | CHURNED | CHURNED: never logged in, with us for 3 months (90 days)
					""")
	void layerFollowsLoginsAndInteractions(int joined, String logins, String interactions, String layer, String rule) {
		CustomerFacts.Builder customer = CustomerFacts.builder("c-1", RuleFiles.NOW).joined(daysAgo(joined));
		for (int day : RuleFiles.days(logins)) {
			customer.login(daysAgo(day));
		}
		for (int day : RuleFiles.days(interactions)) {
			customer.interaction(daysAgo(day));
		}

		Decision decision = RuleFiles.decide(rules, customer.build());

		assertThat(decision.getValue()).isEqualTo(layer);
		assertThat(decision.getRule()).isEqualTo(rule);
	}

}
