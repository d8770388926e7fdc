package dev.siyu.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where a benchmark leaves its figures: one JSON file per workload, database and engine
 * configuration, merged by {@code bench/run}. Sizes come from system properties so that
 * {@code bench/run --quick} can make them small.
 */
final class BenchResults {

	private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	private BenchResults() {
	}

	static String database() {
		return System.getProperty("siyu.test.database", "h2");
	}

	/**
	 * {@code siyu}: Siyu's own settings; {@code camunda-defaults}: the engine as
	 * Camunda's Spring Boot starter configures it (bench/camunda-defaults.properties).
	 */
	static String config() {
		return System.getProperty("siyu.bench.config", "siyu");
	}

	/** The size of a workload: {@code -Dsiyu.bench.<name>=n}, else the full size. */
	static int size(String name, int full) {
		return Integer.getInteger("siyu.bench." + name, full);
	}

	/** The launch waves, in order: {@code -Dsiyu.bench.waves=10000,100000}. */
	static List<Integer> waves() {
		return Arrays.stream(System.getProperty("siyu.bench.waves", "10000,100000,1000000").split(","))
			.map(String::trim)
			.map(Integer::valueOf)
			.toList();
	}

	static void write(String workload, Map<String, Object> figures) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("workload", workload);
		result.put("database", database());
		result.put("config", config());
		result.putAll(figures);
		Path dir = Path.of(System.getProperty("siyu.bench.out", "target/bench"));
		try {
			Files.createDirectories(dir);
			JSON.writeValue(dir.resolve(workload + "-" + database() + "-" + config() + ".json").toFile(), result);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		System.out.println("BENCH " + result);
	}

	/**
	 * On PostgreSQL, starts counting statements (pg_stat_statements, loaded by
	 * TestDatabase for benchmarks).
	 */
	static void countStatements(JdbcTemplate jdbc) {
		if (database().equals("postgres")) {
			try {
				jdbc.execute("create extension if not exists pg_stat_statements");
				jdbc.queryForList("select pg_stat_statements_reset()");
			}
			catch (DataAccessException ex) {
				// a server of one's own without the library preloaded: no statement list
				System.out.println("BENCH no pg_stat_statements: " + ex.getMostSpecificCause().getMessage());
			}
		}
	}

	/**
	 * On PostgreSQL, writes the statements the database spent most time on since
	 * {@link #countStatements}, beside the results.
	 */
	static void writeTopStatements(JdbcTemplate jdbc, String workload) {
		if (!database().equals("postgres")
				|| !jdbc.queryForObject("select count(*) > 0 from pg_extension where extname = 'pg_stat_statements'",
						Boolean.class)) {
			return;
		}
		StringBuilder text = new StringBuilder("total_ms\tcalls\tmean_ms\trows\tquery\n");
		jdbc.query("""
				select round(total_exec_time::numeric, 1) total, calls, round(mean_exec_time::numeric, 3) mean, rows,
				       regexp_replace(query, '\\s+', ' ', 'g') query
				from pg_stat_statements order by total_exec_time desc limit 40""", (rs) -> {
			text.append(rs.getString("total"))
				.append('\t')
				.append(rs.getLong("calls"))
				.append('\t')
				.append(rs.getString("mean"))
				.append('\t')
				.append(rs.getLong("rows"))
				.append('\t')
				.append(rs.getString("query"))
				.append('\n');
		});
		Path dir = Path.of(System.getProperty("siyu.bench.out", "target/bench"));
		try {
			Files.createDirectories(dir);
			Files.writeString(dir.resolve("statements-" + workload + "-" + config() + ".tsv"), text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static double perSecond(long count, long nanos) {
		return Math.round(count * 1e9 / nanos * 10) / 10.0;
	}

	/** p50, p95, p99 and max of latencies in nanoseconds, as milliseconds. */
	static Map<String, Object> latencies(long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("p50_ms", millis(sorted, 0.50));
		figures.put("p95_ms", millis(sorted, 0.95));
		figures.put("p99_ms", millis(sorted, 0.99));
		figures.put("max_ms", Math.round(sorted[sorted.length - 1] / 1e5) / 10.0);
		return figures;
	}

	private static double millis(long[] sorted, double quantile) {
		int index = (int) Math.ceil(quantile * sorted.length) - 1;
		return Math.round(sorted[Math.max(0, index)] / 1e5) / 10.0;
	}

}
