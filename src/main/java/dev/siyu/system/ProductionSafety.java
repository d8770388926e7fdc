package dev.siyu.system;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * With the {@code production} profile, Siyu refuses to start on settings only a
 * developer's laptop should have: the demo admin password (or any shorter than 12
 * characters), the demo population, a PostgreSQL database without a password. It names
 * every such setting at once, with the variable that fixes it, before anything else
 * starts. (A live channel with a vendor setting missing is refused by the channel itself,
 * in every profile; a password kept in the database is checked by
 * {@link ProductionAdminPassword} once the engine runs.)
 */
public class ProductionSafety implements EnvironmentPostProcessor {

	static final String PROFILE = "production";

	static final int MIN_PASSWORD = 12;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!Arrays.asList(environment.getActiveProfiles()).contains(PROFILE)) {
			return;
		}
		List<String> problems = problems(environment);
		if (!problems.isEmpty()) {
			throw new IllegalStateException(
					"Siyu does not start with the production profile while: " + String.join("; ", problems) + ".");
		}
	}

	static List<String> problems(ConfigurableEnvironment environment) {
		List<String> problems = new ArrayList<>();
		String password = environment.getProperty("camunda.bpm.admin-user.password", "");
		if (password.isBlank() || password.equals("demo") || password.length() < MIN_PASSWORD) {
			problems.add("the admin password is the demo one or shorter than " + MIN_PASSWORD
					+ " characters (set SIYU_ADMIN_PASSWORD)");
		}
		if (environment.getProperty("siyu.demo-data.enabled", Boolean.class, false)) {
			problems.add("the demo population would be loaded into an empty database (unset SIYU_DEMO_DATA)");
		}
		String url = environment.getProperty("spring.datasource.url", "");
		if (url.startsWith("jdbc:postgresql:") && environment.getProperty("spring.datasource.password", "").isBlank()) {
			problems.add("the PostgreSQL database has no password (set SIYU_DB_PASSWORD)");
		}
		return problems;
	}

}
