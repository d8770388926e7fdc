package dev.siyu.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Siyu in a JVM of its own, as it runs in production, for tests that kill it with SIGKILL
 * and start it again on the same database. Its output goes to one log file across
 * restarts; it listens on one port for its whole life.
 */
public final class SiyuJvm implements AutoCloseable {

	private final List<String> arguments;

	private final Path log;

	private final int port;

	private Process process;

	public SiyuJvm(List<String> arguments) {
		this.port = freePort();
		this.arguments = new ArrayList<>(arguments);
		this.arguments.add("--server.port=" + this.port);
		try {
			this.log = Files.createTempFile("siyu-jvm", ".log");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The arguments that point Siyu at the database a test made. */
	public static List<String> database(java.util.Map<String, Object> datasource) {
		return List.of("--spring.datasource.url=" + datasource.get("spring.datasource.url"),
				"--spring.datasource.username=" + datasource.get("spring.datasource.username"),
				"--spring.datasource.password=" + datasource.get("spring.datasource.password"));
	}

	/** Starts Siyu and returns once it has said it started. */
	public void start() {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp",
						System.getProperty("java.class.path"), "dev.siyu.SiyuApplication"));
		command.addAll(this.arguments);
		long startedBefore = started();
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		await().atMost(Duration.ofMinutes(2)).until(() -> !this.process.isAlive() || started() > startedBefore);
		assertThat(this.process.isAlive()).as("Siyu started; see " + this.log).isTrue();
	}

	/** SIGKILL: no shutdown hook, no flush, no goodbye. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor();
	}

	/** SIGTERM, waiting for Siyu to close its database. */
	public void stop() throws InterruptedException {
		this.process.destroy();
		this.process.waitFor();
	}

	public int port() {
		return this.port;
	}

	public String baseUrl() {
		return "http://localhost:" + this.port;
	}

	public Path log() {
		return this.log;
	}

	@Override
	public void close() {
		if (this.process != null) {
			this.process.destroyForcibly();
		}
	}

	private long started() {
		try (var lines = Files.lines(this.log)) {
			return lines.filter((line) -> line.contains("Started SiyuApplication")).count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
