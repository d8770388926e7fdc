package dev.siyu.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs where Siyu is built, so {@code docker/compose.yaml} and the
 * Dockerfile are checked by reading them: Siyu's own configuration is loaded the way it
 * starts (Spring Boot's config data, with the container's environment), once with the
 * variables as the files set them and once with each given another value; a variable
 * whose value changes no setting is one Siyu does not read (a typo, or a setting
 * renamed). The settings the nodes need (PostgreSQL, its credentials, who loads the demo
 * data) are then read back.
 */
class ComposeFileTest {

	static final Path COMPOSE = Path.of("docker/compose.yaml");

	static final Path DOCKERFILE = Path.of("docker/Dockerfile");

	/** Read by the JVM itself, not by Siyu's configuration. */
	static final List<String> READ_BY_THE_JVM = List.of("JAVA_TOOL_OPTIONS");

	@Test
	void everyVariableTheImageSetsIsOneSiyuReads() throws Exception {
		// the image alone runs on embedded H2
		assertEveryVariableCounts("the image", Map.of(), imageEnvironment());
	}

	@Test
	void everyVariableTheComposeFileSetsIsOneSiyuReads() throws Exception {
		Map<String, Map<String, String>> nodes = siyuNodes();
		assertThat(nodes).containsOnlyKeys("siyu-1", "siyu-2");
		for (Map.Entry<String, Map<String, String>> node : nodes.entrySet()) {
			assertEveryVariableCounts(node.getKey(), imageEnvironment(), node.getValue());
		}
	}

	/**
	 * Each of {@code variables}, given {@code beside}, is read: another value of it
	 * changes at least one setting.
	 */
	private static void assertEveryVariableCounts(String where, Map<String, String> beside,
			Map<String, String> variables) {
		Map<String, String> environment = new LinkedHashMap<>(beside);
		environment.putAll(variables);
		Map<String, String> settings = settings(environment);
		for (String variable : variables.keySet()) {
			if (READ_BY_THE_JVM.contains(variable)) {
				continue;
			}
			Map<String, String> probed = new LinkedHashMap<>(environment);
			probed.put(variable, "probe-" + variable);
			assertThat(settings(probed).equals(settings)).as("%s sets %s, which Siyu does not read", where, variable)
				.isFalse();
		}
	}

	@Test
	void bothNodesRunOnTheComposePostgresAndOnlyTheFirstLoadsTheDemo() throws Exception {
		Map<String, Object> postgres = service("postgres");
		Map<String, String> database = environment(postgres);
		for (Map.Entry<String, Map<String, String>> node : siyuNodes().entrySet()) {
			Map<String, String> environment = new LinkedHashMap<>(imageEnvironment());
			environment.putAll(node.getValue());
			Map<String, String> settings = settings(environment);
			assertThat(settings.get("(active profiles)")).isEqualTo("[postgres]");
			assertThat(settings.get("spring.datasource.url"))
				.isEqualTo("jdbc:postgresql://postgres:5432/" + database.get("POSTGRES_DB"));
			assertThat(settings.get("spring.datasource.username")).isEqualTo(database.get("POSTGRES_USER"));
			assertThat(settings.get("spring.datasource.password")).isEqualTo(database.get("POSTGRES_PASSWORD"));
			assertThat(settings.get("siyu.demo-data.enabled")).as(node.getKey())
				.isEqualTo(node.getKey().equals("siyu-1") ? "true" : "false");
		}
	}

	/** The resolved value of each of Siyu's settings, and the active profiles. */
	static Map<String, String> settings(Map<String, String> environment) {
		StandardEnvironment spring = new StandardEnvironment();
		MutablePropertySources sources = spring.getPropertySources();
		sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new HashMap<>(environment)));
		ConfigDataEnvironmentPostProcessor.applyTo(spring);
		Map<String, String> settings = new TreeMap<>();
		for (PropertySource<?> source : sources) {
			if (source instanceof OriginTrackedMapPropertySource config) {
				for (String name : config.getPropertyNames()) {
					settings.computeIfAbsent(name, (key) -> resolved(spring, key));
				}
			}
		}
		settings.put("(active profiles)", Arrays.toString(spring.getActiveProfiles()));
		return settings;
	}

	private static String resolved(StandardEnvironment spring, String name) {
		try {
			return spring.getProperty(name);
		}
		catch (IllegalArgumentException ex) {
			return "(unresolvable: " + ex.getMessage() + ")";
		}
	}

	/**
	 * The services built from Siyu's image, with their environment as compose gives it.
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Map<String, String>> siyuNodes() throws Exception {
		Map<String, Object> services = (Map<String, Object>) compose().get("services");
		Map<String, Map<String, String>> nodes = new TreeMap<>();
		services.forEach((name, service) -> {
			if ("siyu:local".equals(((Map<String, Object>) service).get("image"))) {
				nodes.put(name, environment((Map<String, Object>) service));
			}
		});
		return nodes;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> service(String name) throws Exception {
		return (Map<String, Object>) ((Map<String, Object>) compose().get("services")).get(name);
	}

	static Map<String, Object> compose() throws Exception {
		return new Yaml().load(Files.readString(COMPOSE));
	}

	/**
	 * A service's variables, {@code ${NAME:-default}} taken as compose does without NAME.
	 */
	@SuppressWarnings("unchecked")
	static Map<String, String> environment(Map<String, Object> service) {
		Map<String, String> environment = new LinkedHashMap<>();
		((Map<String, Object>) service.getOrDefault("environment", Map.of()))
			.forEach((name, value) -> environment.put(name, interpolated(String.valueOf(value))));
		return environment;
	}

	private static String interpolated(String value) {
		Matcher matcher = Pattern.compile("\\$\\{[A-Z_]+:-([^}]*)}").matcher(value);
		return matcher.replaceAll((match) -> Matcher.quoteReplacement(match.group(1)));
	}

	/** The {@code ENV} lines of the Dockerfile's last stage. */
	static Map<String, String> imageEnvironment() throws Exception {
		String dockerfile = Files.readString(DOCKERFILE).replace("\\\n", " ");
		String last = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
		Map<String, String> environment = new LinkedHashMap<>();
		Matcher env = Pattern.compile("(?m)^ENV (.+)$").matcher(last);
		while (env.find()) {
			Matcher pair = Pattern.compile("([A-Z_]+)=(\"[^\"]*\"|\\S+)").matcher(env.group(1));
			while (pair.find()) {
				environment.put(pair.group(1), pair.group(2).replace("\"", ""));
			}
		}
		assertThat(environment).as("the image's environment").isNotEmpty();
		return environment;
	}

}
