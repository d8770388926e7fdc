package dev.siyu.rules;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rules/keyword-replies.drl}: a customer's message → the reply template, and
 * whether the reply is marketing (counts against the caps) or service.
 */
class KeywordRepliesRulesUnitTest {

	static CompiledRules rules;

	@BeforeAll
	static void compile() {
		rules = RuleFiles.compile("keyword-replies.drl");
	}

	@ParameterizedTest(name = "{0} ({1}) → {2}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			# text                          | channel   | reply          | marketing
			这个多少钱？                      | wechat-oa | reply-offer    | true
			有优惠券吗                        | wecom     | reply-offer    | true
			我的快递到哪了                     | wechat-oa | reply-shipping | false
			快递多少钱                         | wechat-oa | reply-shipping | false
			转人工                            | wechat-oa | reply-human    | false
			我要投诉，价格太贵                   | sms       | reply-human    | false
			早餐课几点上课                      | wecom     | reply-course   | false
			门店营业时间                        | wechat-oa | reply-hours    | false
			ＡＢＣ活动                           | wechat-oa | reply-offer    | true
			你好                              | wechat-oa | -              | false
			谢谢                              | sms       | -              | false
			""")
	void aMessageGetsTheReplyOfItsFirstMatchingRule(String text, String channel, String reply, boolean marketing) {
		Decision decision = RuleFiles.decide(rules, new ReplyFacts(text, channel));

		assertThat(decision.getValue()).isEqualTo(reply);
		assertThat(decision.getTags().contains("marketing")).isEqualTo(marketing);
	}

}
