package dev.siyu.system;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Looks into the database as a test needs to: which tables hold a value (what erasure
 * tests use to prove that no table holds a customer any more), whether a session waits
 * for another's lock.
 */
public final class DatabaseProbes {

	private DatabaseProbes() {
	}

	/**
	 * Where any of the values is found: {@code TABLE.COLUMN} for every text column of
	 * every table (Siyu's and Camunda's), and {@code ACT_GE_BYTEARRAY.BYTES_} for stored
	 * bytes.
	 */
	public static List<String> holding(JdbcClient jdbc, List<String> values) {
		List<String> found = new ArrayList<>();
		List<Map<String, Object>> columns = jdbc.sql("""
				select table_name, column_name, data_type from information_schema.columns
				where upper(table_schema) = upper(current_schema())""").query().listOfRows();
		StringBuilder anyValue = new StringBuilder();
		Map<String, Object> params = new HashMap<>();
		for (int i = 0; i < values.size(); i++) {
			params.put("v" + i, "%" + values.get(i) + "%");
		}
		for (Map<String, Object> column : columns) {
			String type = field(column, "data_type").toUpperCase(Locale.ROOT);
			if (!(type.contains("CHAR") || type.contains("TEXT") || type.contains("CLOB") || type.contains("JSON"))) {
				continue;
			}
			String table = field(column, "table_name");
			String name = field(column, "column_name");
			anyValue.setLength(0);
			for (int i = 0; i < values.size(); i++) {
				anyValue.append((i == 0) ? "" : " or ")
					.append("cast(\"")
					.append(name)
					.append("\" as varchar(100000)) like :v")
					.append(i);
			}
			// quoted as the schema names them (Flyway's table is lower-case on H2 too)
			long rows = jdbc.sql("select count(*) from \"" + table + "\" where " + anyValue)
				.params(params)
				.query(Long.class)
				.single();
			if (rows > 0) {
				found.add((table + "." + name).toUpperCase(Locale.ROOT));
			}
		}
		for (byte[] bytes : jdbc.sql("select BYTES_ from ACT_GE_BYTEARRAY where BYTES_ is not null")
			.query(byte[].class)
			.list()) {
			String text = new String(bytes, StandardCharsets.UTF_8);
			if (values.stream().anyMatch(text::contains)) {
				found.add("ACT_GE_BYTEARRAY.BYTES_");
			}
		}
		return found;
	}

	/**
	 * Whether another session of this database waits for a lock while running a statement
	 * that contains the text (the insert a test stages a conflict for). H2 2.3 does not
	 * wait on an uncommitted duplicate key: it runs the statement again after each
	 * concurrent-update error until its lock time-out, so there the sign is that
	 * statement running for over 200 ms.
	 */
	public static boolean waitingForALock(JdbcClient jdbc, SqlDialect dialect, String statement) {
		String waiting = dialect.postgres() ? """
				select count(*) from pg_stat_activity
				where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'
				  and query like :statement""" : """
				select count(*) from information_schema.sessions
				where session_id <> session_id() and executing_statement like :statement
				  and executing_statement_start < dateadd(millisecond, -200, current_timestamp)""";
		return jdbc.sql(waiting).param("statement", "%" + statement + "%").query(Long.class).single() > 0;
	}

	/** A column of an information_schema row, whatever case the database names it in. */
	private static String field(Map<String, Object> row, String name) {
		return row.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
			.map((entry) -> String.valueOf(entry.getValue()))
			.findFirst()
			.orElseThrow();
	}

}
