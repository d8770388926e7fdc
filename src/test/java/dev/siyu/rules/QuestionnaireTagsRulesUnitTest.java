package dev.siyu.rules;

import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code rules/questionnaire-tags.drl}: the welcome questionnaire's codebook. */
class QuestionnaireTagsRulesUnitTest {

	static CompiledRules rules;

	@BeforeAll
	static void compile() {
		rules = RuleFiles.compile("questionnaire-tags.drl");
	}

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource(delimiter = '|', textBlock = """
			# question=answer pairs                                                    | tags
			skin_concern=acne ; wanted_fix=acne-repair                                 | 3 D
			skin_concern=dry ; wanted_fix=hydration ; budget=100-300                   | 1 A P2
			skin_concern=sensitive ; wanted_fix=anti-aging ; when_needed=this-week     | 4 E URGENT
			skin_concern=oily ; wanted_fix=oil-control ; wanted_fix=brightening        | 2 B C
			skin_concern=dull ; budget=over-300 ; when_needed=next-month               | 5 P3
			budget=under-100                                                           | P1
			skin_concern=unknown                                                       | ''
			""")
	void answersBecomeCodedTags(String answers, String tags) {
		Object[] facts = Arrays.stream(answers.split(";"))
			.map(String::trim)
			.map((pair) -> pair.split("="))
			.map((pair) -> new Answer(pair[0], pair[1]))
			.toArray();

		Decision decision = RuleFiles.decide(rules, facts);

		assertThat(decision.getTags()).containsExactlyInAnyOrder(tags.isBlank() ? new String[0] : tags.split(" "));
	}

}
