package dev.siyu.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RuleCompilerUnitTest {

	@Test
	void brokenDrlIsReportedWithItsLine() {
		String drl = """
				package rules.broken
				import dev.siyu.rules.CustomerFacts
				import dev.siyu.rules.Decision

				rule "Typo in the condition"
				when
				    CustomerFacts( orderCount >=== 2 )
				    $d : Decision()
				then
				    $d.decide("X");
				end
				""";

		RuleCompilationException broken = catchThrowableOfType(RuleCompilationException.class,
				() -> RuleCompiler.compile("rules/broken.drl", drl.getBytes(StandardCharsets.UTF_8)));

		assertThat(broken.problems()).isNotEmpty().allSatisfy((problem) -> assertThat(problem.line()).isEqualTo(7));
		assertThat(broken.getMessage()).startsWith("rules/broken.drl does not compile: line 7");
	}

	@Test
	void brokenDecisionTableCellIsReportedWithItsSpreadsheetRow() throws IOException {
		String table = Files.readString(Path.of("rules/offer-by-layer.drl.csv"))
			.replace("recall,,一般保持,,,RECALL_SMALL_COUPON", "recall,,一般保持,two,,RECALL_SMALL_COUPON");
		int row = 1 + table.substring(0, table.indexOf(",two,")).split("\n").length - 1;

		RuleCompilationException broken = catchThrowableOfType(RuleCompilationException.class,
				() -> RuleCompiler.compile("rules/offer-by-layer.drl.csv", table.getBytes(StandardCharsets.UTF_8)));

		assertThat(broken.problems()).as(broken.getMessage()).first().satisfies((problem) -> {
			assertThat(problem.line()).isEqualTo(row);
			assertThat(problem.message()).startsWith("row " + row + ": ").contains("orderCount >= two");
		});
	}

}
