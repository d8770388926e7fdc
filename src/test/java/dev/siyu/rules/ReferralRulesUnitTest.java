package dev.siyu.rules;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rules/referral.drl}: an invitation → COUNTED, or why not (UNKNOWN_CODE,
 * SELF_INVITE, ALREADY_INVITED, NOT_NEW, REVIEW). The first rule that holds decides.
 */
class ReferralRulesUnitTest {

	static CompiledRules rules;

	@BeforeAll
	static void compile() {
		rules = RuleFiles.compile("referral.drl");
	}

	@ParameterizedTest(name = "[{index}] {8}")
	@CsvSource(delimiter = '|',
			textBlock = """
					# inviter known | self  | already counted | minutes known | orders | followed before | inviter's last 24 h | via             | decision
					true            | false | false           | 0             | 0      | false           | 0                   | Followed        | COUNTED
					true            | false | false           | 60            | 0      | false           | 29                  | WecomFriendAdded| COUNTED
					true            | false | false           | 61            | 0      | false           | 0                   | Followed        | NOT_NEW
					true            | false | false           | 0             | 1      | false           | 0                   | Followed        | NOT_NEW
					true            | false | false           | 0             | 0      | true            | 0                   | Followed        | NOT_NEW
					true            | false | true            | 0             | 0      | false           | 0                   | Followed        | ALREADY_INVITED
					true            | true  | false           | 0             | 0      | false           | 0                   | Followed        | SELF_INVITE
					true            | true  | true            | 500           | 3      | true            | 40                  | Followed        | SELF_INVITE
					false           | true  | true            | 500           | 3      | true            | 40                  | AdLeadCaptured  | UNKNOWN_CODE
					true            | false | false           | 0             | 0      | false           | 30                  | Followed        | REVIEW
					true            | false | false           | 500           | 0      | false           | 30                  | Followed        | NOT_NEW
					""")
	void anInvitationCountsOnlyForANewFriendOfSomeoneElseOnce(boolean inviterKnown, boolean self,
			boolean alreadyCounted, long minutesKnown, int orders, boolean followedBefore, int inviterLastDay,
			String via, String decision) {
		Decision decided = RuleFiles.decide(rules, new ReferralFacts(inviterKnown, self, alreadyCounted, minutesKnown,
				orders, followedBefore, inviterLastDay, via));

		assertThat(decided.getValue()).isEqualTo(decision);
		assertThat(decided.getRule()).startsWith(decision + ":");
	}

}
