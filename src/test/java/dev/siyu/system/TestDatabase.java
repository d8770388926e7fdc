package dev.siyu.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives every test application context a database of its own: an in-memory H2 by default,
 * or, with {@code -Dsiyu.test.database=postgres} (the failsafe run of
 * {@code mvn verify}), a fresh database inside one real PostgreSQL server started from
 * Maven Central binaries, or on a server given by {@code -Dsiyu.test.postgres-host}.
 */
public class TestDatabase implements EnvironmentPostProcessor {

	private static final AtomicInteger CONTEXTS = new AtomicInteger();

	private static EmbeddedPostgres postgres;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getProperty("siyu.test.database") == null
				|| environment.containsProperty("siyu.test.keep-datasource")) {
			return;
		}
		Map<String, Object> datasource = "postgres".equals(environment.getProperty("siyu.test.database"))
				? postgresDatabase() : h2Database();
		environment.getPropertySources().addFirst(new MapPropertySource("siyuTestDatabase", datasource));
	}

	/**
	 * In memory for tests; for benchmarks a file, as Siyu runs by default.
	 */
	private static Map<String, Object> h2Database() {
		String url = Boolean.getBoolean("siyu.bench")
				? "jdbc:h2:file:./target/bench-h2/siyu-" + UUID.randomUUID() + ";DB_CLOSE_ON_EXIT=FALSE"
				: "jdbc:h2:mem:siyu-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		return Map.of("spring.datasource.url", url, "spring.datasource.username", "sa", "spring.datasource.password",
				"");
	}

	/**
	 * A fresh database in the shared test PostgreSQL: its JDBC URL, user and password.
	 */
	public static synchronized Map<String, Object> newPostgresDatabase() {
		return postgresDatabase();
	}

	private static synchronized Map<String, Object> postgresDatabase() {
		String host = System.getProperty("siyu.test.postgres-host");
		if (host != null && !host.isBlank()) {
			return givenPostgresDatabase(host);
		}
		if (postgres == null) {
			try {
				// every cached test context keeps a pool, and crash tests start Siyu
				// beside them
				EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setServerConfig("max_connections", "300");
				if (Boolean.getBoolean("siyu.bench")) {
					// benchmarks show which statements the database spent its time on
					builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
				}
				postgres = builder.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		String database = "siyu_" + CONTEXTS.incrementAndGet();
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + database);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create test database " + database, ex);
		}
		// the server stops in a shutdown hook beside the contexts': waiting for it must
		// not hold the JVM
		return Map.of("spring.datasource.url", postgres.getJdbcUrl("postgres", database), "spring.datasource.username",
				"postgres", "spring.datasource.password", "postgres", "spring.datasource.hikari.connection-timeout",
				"2000", "spring.datasource.hikari.minimum-idle", "2");
	}

	/**
	 * A fresh database on a PostgreSQL server given by {@code -Dsiyu.test.postgres-host}
	 * (and {@code -port}, {@code -user}, {@code -password}; 5432, postgres, postgres
	 * unless given), for benchmarks against a server of one's own.
	 */
	private static Map<String, Object> givenPostgresDatabase(String host) {
		String server = "jdbc:postgresql://" + host + ":" + System.getProperty("siyu.test.postgres-port", "5432") + "/";
		String user = System.getProperty("siyu.test.postgres-user", "postgres");
		String password = System.getProperty("siyu.test.postgres-password", "postgres");
		String database = "siyu_" + System.currentTimeMillis() + "_" + CONTEXTS.incrementAndGet();
		try (Connection connection = DriverManager.getConnection(server + "postgres", user, password);
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + database);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create database " + database + " on " + server, ex);
		}
		return Map.of("spring.datasource.url", server + database, "spring.datasource.username", user,
				"spring.datasource.password", password);
	}

}
