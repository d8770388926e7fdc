package dev.siyu.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.siyu.SiyuApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The production profile's rules, one by one: Siyu refuses the demo password (set or kept
 * in the database), a short one, the demo population and a PostgreSQL database without a
 * password; started with proper settings, anonymous callers see the health status and
 * nothing else, and the API refuses bodies over its size limit.
 */
class ProductionProfileTest {

	static final String STRONG = "correct-horse-battery-staple";

	static List<Object[]> settings() {
		String pg = "jdbc:postgresql://db:5432/siyu";
		return List.of(new Object[] { Map.of("camunda.bpm.admin-user.password", STRONG), List.of() },
				new Object[] { Map.of("camunda.bpm.admin-user.password", "demo"), List.of("SIYU_ADMIN_PASSWORD") },
				new Object[] {
						Map.of("camunda.bpm.admin-user.password", "short-pass1"), List.of("SIYU_ADMIN_PASSWORD") },
				new Object[] { Map.of(), List.of("SIYU_ADMIN_PASSWORD") },
				new Object[] { Map.of("camunda.bpm.admin-user.password", STRONG, "siyu.demo-data.enabled", "true"),
						List.of("SIYU_DEMO_DATA") },
				new Object[] { Map.of("camunda.bpm.admin-user.password", STRONG, "spring.datasource.url", pg,
						"spring.datasource.password", ""), List.of("SIYU_DB_PASSWORD") },
				new Object[] { Map.of("camunda.bpm.admin-user.password", STRONG, "spring.datasource.url", pg,
						"spring.datasource.password", "s3cret"), List.of() },
				new Object[] {
						Map.of("camunda.bpm.admin-user.password", "demo", "siyu.demo-data.enabled", "true",
								"spring.datasource.url", pg),
						List.of("SIYU_ADMIN_PASSWORD", "SIYU_DEMO_DATA", "SIYU_DB_PASSWORD") });
	}

	@ParameterizedTest
	@MethodSource("settings")
	void eachUnsafeSettingIsNamedWithTheVariableThatFixesIt(Map<String, Object> properties, List<String> named) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("given", properties));

		List<String> problems = ProductionSafety.problems(environment);

		assertThat(problems).hasSize(named.size());
		for (int i = 0; i < named.size(); i++) {
			assertThat(problems.get(i)).contains(named.get(i));
		}
	}

	@Test
	void siyuDoesNotStartWithTheDemoPassword() throws Exception {
		String url = h2(Files.createTempDirectory("siyu-production"));

		assertThatThrownBy(() -> start(url, true, "--camunda.bpm.admin-user.password=demo").close())
			.hasMessageContaining("production profile")
			.hasMessageContaining("SIYU_ADMIN_PASSWORD");
	}

	@Test
	void aDemoPasswordKeptInTheDatabaseIsRefusedToo() throws Exception {
		String url = h2(Files.createTempDirectory("siyu-production"));
		start(url, false, "--camunda.bpm.admin-user.password=demo").close();

		assertThatThrownBy(() -> start(url, true, "--camunda.bpm.admin-user.password=" + STRONG).close())
			.hasStackTraceContaining("logs in with the demo password");
	}

	@Test
	void startedProperlyItShowsAnonymousCallersTheHealthStatusAlone() throws Exception {
		String url = h2(Files.createTempDirectory("siyu-production"));
		try (ConfigurableApplicationContext siyu = start(url, true, "--camunda.bpm.admin-user.password=" + STRONG,
				"--siyu.api.max-request-size=64KB", "--siyu.api.max-import-size=128KB")) {
			int port = ((WebServerApplicationContext) siyu).getWebServer().getPort();
			HttpClient http = HttpClient.newHttpClient();

			HttpResponse<String> health = get(http, port, "/actuator/health", null);
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).startsWith("{\"status\":\"UP\"").doesNotContain("components", "details");
			assertThat(get(http, port, "/actuator/prometheus", null).statusCode()).isEqualTo(401);
			assertThat(get(http, port, "/api/journeys", null).statusCode()).isEqualTo(401);
			assertThat(get(http, port, "/api-docs", null).statusCode()).isEqualTo(404);
			assertThat(get(http, port, "/api/journeys", "demo:" + STRONG).statusCode()).isEqualTo(200);

			String big = "{\"events\":[" + "{\"eventId\":\"x\"},".repeat(8000) + "{}]}";
			HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base(port) + "/api/events"))
				.header("Content-Type", "application/json")
				.header("Authorization", basic("demo:" + STRONG))
				.POST(HttpRequest.BodyPublishers.ofString(big))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(refused.statusCode()).isEqualTo(413);
			assertThat(refused.body()).contains("at most 64 KB", "siyu.api.max-request-size", "batches of at most 500");

			// sent without a length (chunked), it is counted as it is read
			HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create(base(port) + "/api/events"))
				.header("Content-Type", "application/json")
				.header("Authorization", basic("demo:" + STRONG))
				.POST(HttpRequest.BodyPublishers
					.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(chunked.statusCode()).isEqualTo(413);
			assertThat(chunked.body()).contains("more than 65536 bytes", "at most 64 KB");

			// a CSV file sent as the body of an import is read as a stream: its limit is
			// the
			// import's; 100 KB of tags for customers Siyu does not know is read whole and
			// refused
			String tags = "customerId,tag\n" + java.util.stream.IntStream.range(0, 6000)
				.mapToObj("nobody-%05d,vip\n"::formatted)
				.collect(java.util.stream.Collectors.joining());
			HttpResponse<String> file = http.send(HttpRequest.newBuilder(URI.create(base(port) + "/api/import/tags"))
				.header("Content-Type", "text/csv")
				.header("Authorization", basic("demo:" + STRONG))
				.POST(HttpRequest.BodyPublishers.ofString(tags))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(file.statusCode()).as(file.body()).isEqualTo(400);
			assertThat(file.body()).contains("\"rejectedCount\":6000");
			HttpResponse<String> tooBig = http.send(HttpRequest.newBuilder(URI.create(base(port) + "/api/import/tags"))
				.header("Content-Type", "text/csv")
				.header("Authorization", basic("demo:" + STRONG))
				.POST(HttpRequest.BodyPublishers.ofString(tags + tags))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(tooBig.statusCode()).isEqualTo(413);
			assertThat(tooBig.body()).contains("at most 128 KB", "siyu.api.max-import-size", "Split the file");

			// last: a wrong password holds the admin's next logins back a few seconds
			assertThat(get(http, port, "/api/journeys", "demo:demo").statusCode()).isEqualTo(401);
		}
	}

	private static HttpResponse<String> get(HttpClient http, int port, String path, String credentials)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(port) + path)).GET();
		if (credentials != null) {
			request.header("Authorization", basic(credentials));
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String base(int port) {
		return "http://localhost:" + port;
	}

	private static String basic(String credentials) {
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	private static String h2(Path directory) {
		return "jdbc:h2:file:" + directory.toAbsolutePath() + "/siyu;DB_CLOSE_ON_EXIT=FALSE";
	}

	private static ConfigurableApplicationContext start(String url, boolean production, String... more) {
		List<String> arguments = new java.util.ArrayList<>(List.of("--spring.datasource.url=" + url,
				"--spring.datasource.username=sa", "--spring.datasource.password=", "--server.port=0",
				"--siyu.demo-data.enabled=false", "--camunda.bpm.job-execution.enabled=false",
				"--camunda.bpm.process-engine-name=production-check", "--siyu.messaging.auto-dispatch=false",
				"--siyu.events.auto-notify=false", "--siyu.kafka.enabled=false", "--spring.main.banner-mode=off",
				"--logging.level.root=warn",
				// Cockpit's filters keep the last context in a static field, which a
				// start
				// refused midway would leave to the next test's context
				"--camunda.bpm.webapp.enabled=false",
				// this database, not the fresh one tests get
				"--siyu.test.keep-datasource=true"));
		arguments.addAll(List.of(more));
		SpringApplicationBuilder siyu = new SpringApplicationBuilder(SiyuApplication.class);
		return (production ? siyu.profiles("production") : siyu).run(arguments.toArray(String[]::new));
	}

}
