package dev.siyu.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ceiling of commit-bound work on the PostgreSQL the other benchmarks use: pgbench's
 * TPC-B and a single-row insert per transaction, from one and from four clients. Siyu's
 * figures are reported as ratios to these. Run by {@code bench/run}, on PostgreSQL only.
 */
@SpringBootTest
@ActiveProfiles("test")
@EnabledIfSystemProperty(named = "siyu.test.database", matches = "postgres")
@EnabledIfSystemProperty(named = "siyu.bench", matches = "true")
class PostgresBaselineBenchmark {

	private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

	@Autowired
	JdbcTemplate jdbc;

	@Value("${spring.datasource.url}")
	String url;

	@Value("${spring.datasource.username}")
	String user;

	@Value("${spring.datasource.password}")
	String password;

	@Test
	void pgbench() throws Exception {
		int seconds = BenchResults.size("pgbench-seconds", 30);
		URI server = URI.create(this.url.substring("jdbc:".length()));
		String database = "pgbench_" + System.currentTimeMillis();
		this.jdbc.execute("create database " + database);
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("server", this.jdbc.queryForObject("show server_version", String.class));
		for (String setting : List.of("fsync", "synchronous_commit", "shared_buffers", "max_connections")) {
			figures.put(setting, this.jdbc.queryForObject("show " + setting, String.class));
		}
		List<String> connect = List.of("-h", server.getHost(), "-p", String.valueOf(server.getPort()), "-U", this.user);
		run("pgbench", connect, "-i", "-s", "10", "-q", database);
		figures.put("tpcb_scale", 10);
		figures.put("tpcb_1_client_tps", tps(connect, database, seconds, 1, null));
		figures.put("tpcb_4_clients_tps", tps(connect, database, seconds, 4, null));
		Path insert = Files.createTempFile("insert", ".sql");
		Files.writeString(insert,
				"insert into single_row (customer_id, payload) values ('c-' || :client_id, 'Purchased');\n");
		run("psql", connect, "-c",
				"create table single_row (id bigserial primary key, customer_id varchar(64), payload text,"
						+ " created_at timestamptz not null default now())",
				database);
		figures.put("insert_1_client_tps", tps(connect, database, seconds, 1, insert));
		figures.put("insert_4_clients_tps", tps(connect, database, seconds, 4, insert));
		this.jdbc.execute("drop database " + database);
		BenchResults.write("postgres-baseline", figures);
	}

	private double tps(List<String> connect, String database, int seconds, int clients, Path script) throws Exception {
		List<String> args = new ArrayList<>(List.of("-n", "-T", String.valueOf(seconds), "-c", String.valueOf(clients),
				"-j", String.valueOf(Math.min(clients, 2))));
		if (script != null) {
			args.add("-f");
			args.add(script.toString());
		}
		args.add(database);
		String output = run("pgbench", connect, args.toArray(String[]::new));
		Matcher tps = TPS.matcher(output);
		assertThat(tps.find()).as(output).isTrue();
		return Math.round(Double.parseDouble(tps.group(1)) * 10) / 10.0;
	}

	private String run(String program, List<String> connect, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(program);
		command.addAll(connect);
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().put("PGPASSWORD", this.password);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor()).as(String.join(" ", command) + "\n" + output).isZero();
		return output;
	}

}
