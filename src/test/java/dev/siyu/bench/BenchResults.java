package dev.siyu.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Where a benchmark leaves its figures: one JSON file per workload and database, merged
 * by {@code bench/run}.
 */
final class BenchResults {

	private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	private BenchResults() {
	}

	static String database() {
		return System.getProperty("siyu.test.database", "h2");
	}

	static int scale(int full) {
		return Integer.getInteger("siyu.bench.scale", full);
	}

	static void write(String workload, Map<String, Object> figures) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("workload", workload);
		result.put("database", database());
		result.putAll(figures);
		Path dir = Path.of(System.getProperty("siyu.bench.out", "target/bench"));
		try {
			Files.createDirectories(dir);
			JSON.writeValue(dir.resolve(workload + "-" + database() + ".json").toFile(), result);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		System.out.println("BENCH " + result);
	}

	static double perSecond(long count, long nanos) {
		return Math.round(count * 1e9 / nanos * 10) / 10.0;
	}

}
