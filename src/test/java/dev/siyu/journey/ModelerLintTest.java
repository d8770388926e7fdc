package dev.siyu.journey;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every journey opens clean in Camunda Modeler's linter: bpmnlint with its
 * {@code recommended} rules and {@code camunda-compat} for Camunda 7.24 (the repository's
 * {@code .bpmnlintrc}), run by Node on {@code processes/}, warnings included. bpmnlint is
 * a development dependency of the console ({@code src/main/console}), installed by the
 * build's {@code npm ci}.
 */
class ModelerLintTest {

	static final Path CONSOLE = Path.of("src/main/console/node_modules");

	static final Path BPMNLINT = CONSOLE.resolve("bpmnlint/bin/bpmnlint.js");

	@Test
	void everyJourneyPassesBpmnlintRecommendedAndCamundaCompatForCamunda724() throws Exception {
		assertThat(BPMNLINT)
			.as("bpmnlint is installed with the console's packages: run the build once without "
					+ "-Dsiyu.console.skip (npm ci in src/main/console)")
			.exists();
		List<String> command = new ArrayList<>(List.of("node", BPMNLINT.toString(), "--max-warnings=0"));
		try (Stream<Path> journeys = Files.list(Path.of("processes"))) {
			journeys.filter((file) -> file.toString().endsWith(".bpmn"))
				.sorted()
				.forEach((file) -> command.add(file.toString()));
		}
		assertThat(command).hasSizeGreaterThan(10);
		ProcessBuilder lint = new ProcessBuilder(command).redirectErrorStream(true);
		// the plugin is resolved the way Node resolves a module, from the console's
		// packages
		lint.environment().put("NODE_PATH", CONSOLE.toAbsolutePath().toString());
		Process process = lint.start();
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(output).as("bpmnlint's findings").doesNotContain("problem", "Error");
		assertThat(process.exitValue()).as(output).isZero();
	}

	@Test
	void theLinterFindsAGatewayThatForksAndJoins() throws Exception {
		Path broken = Files.createTempFile("fork-join", ".bpmn");
		// a gateway that decides and is also where a loop comes back: it joins and forks
		Files.writeString(broken,
				Bpmn.convertToString(Bpmn.createExecutableProcess("fork-join")
					.startEvent("StartEvent_Entered")
					.name("Entered")
					.userTask("Task_Call")
					.name("Call")
					.exclusiveGateway("Gateway_Answered")
					.name("Answered?")
					.condition("yes", "${answered}")
					.endEvent("EndEvent_Answered")
					.name("Answered")
					.moveToLastGateway()
					.condition("no", "${!answered}")
					.userTask("Task_Wait")
					.name("Wait a day")
					.connectTo("Gateway_Answered")
					.done()));
		ProcessBuilder lint = new ProcessBuilder("node", BPMNLINT.toString(), "--max-warnings=0", broken.toString())
			.redirectErrorStream(true);
		lint.environment().put("NODE_PATH", CONSOLE.toAbsolutePath().toString());
		lint.directory(new File("."));
		Process process = lint.start();
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(output).contains("Gateway_Answered", "no-gateway-join-fork");
		assertThat(process.exitValue()).isNotZero();
	}

}
