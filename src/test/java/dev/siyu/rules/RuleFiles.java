package dev.siyu.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The rule files of {@code rules/}, compiled as Siyu deploys them, for table tests. */
final class RuleFiles {

	static final Instant NOW = Instant.parse("2026-06-01T04:00:00Z");

	private RuleFiles() {
	}

	static CompiledRules compile(String file) {
		try {
			return RuleCompiler.compile("rules/" + file, Files.readAllBytes(Path.of("rules", file)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Decision decide(CompiledRules rules, Object... facts) {
		return RuleEvaluator.decide(rules, List.of(facts));
	}

	/**
	 * Adds {@code count} orders worth {@code total} yuan together, the newest
	 * {@code newest} days ago and each next one {@code spacing} days older.
	 */
	static void orders(CustomerFacts.Builder customer, int count, BigDecimal total, int newest, int spacing,
			String sku) {
		if (count == 0) {
			return;
		}
		BigDecimal share = total.divide(BigDecimal.valueOf(count), 2, RoundingMode.DOWN);
		BigDecimal first = total.subtract(share.multiply(BigDecimal.valueOf(count - 1L)));
		for (int i = 0; i < count; i++) {
			customer.order(daysAgo(newest + i * spacing), (i == 0) ? first : share, Set.of(sku));
		}
	}

	static Instant daysAgo(int days) {
		return NOW.minus(Duration.ofDays(days));
	}

	/** "3;10;45" → {3, 10, 45}; an empty cell → none. */
	static int[] days(String cell) {
		if (cell == null || cell.isBlank()) {
			return new int[0];
		}
		return Arrays.stream(cell.split(";")).map(String::trim).mapToInt(Integer::parseInt).toArray();
	}

}
