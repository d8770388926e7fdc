package dev.siyu.journey;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import dev.siyu.SiyuApplication;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history level Siyu ships is the one it claims: a new database is created at
 * {@code audit} (Camunda's {@code auto} would otherwise fall back to {@code full}), and a
 * database created at {@code full} by an earlier Siyu keeps it and starts.
 */
@SpringBootTest
@ActiveProfiles("test")
class HistoryLevelTest {

	@Autowired
	ProcessEngine engine;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aNewDatabaseIsCreatedAtAudit() {
		assertThat(((ProcessEngineConfigurationImpl) this.engine.getProcessEngineConfiguration()).getHistoryLevel())
			.isEqualTo(HistoryLevel.HISTORY_LEVEL_AUDIT);
		assertThat(this.jdbc.sql("select VALUE_ from ACT_GE_PROPERTY where NAME_ = 'historyLevel'")
			.query(String.class)
			.single()).isEqualTo(String.valueOf(HistoryLevel.HISTORY_LEVEL_AUDIT.getId()));
	}

	@Test
	void aDatabaseCreatedAtFullKeepsFull() throws Exception {
		Path directory = Files.createTempDirectory("siyu-history-level");
		String url = "jdbc:h2:file:" + directory.toAbsolutePath() + "/siyu;DB_CLOSE_ON_EXIT=FALSE";
		try (ConfigurableApplicationContext earlier = start(url, "--camunda.bpm.history-level=full")) {
			assertThat(level(earlier)).isEqualTo(HistoryLevel.HISTORY_LEVEL_FULL);
		}
		try (ConfigurableApplicationContext shipped = start(url)) {
			assertThat(level(shipped)).isEqualTo(HistoryLevel.HISTORY_LEVEL_FULL);
		}
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				Statement statement = connection.createStatement();
				ResultSet rs = statement
					.executeQuery("select VALUE_ from ACT_GE_PROPERTY where NAME_ = 'historyLevel'")) {
			assertThat(rs.next()).isTrue();
			assertThat(rs.getString(1)).isEqualTo(String.valueOf(HistoryLevel.HISTORY_LEVEL_FULL.getId()));
		}
	}

	private static ConfigurableApplicationContext start(String url, String... more) {
		String[] base = { "--spring.datasource.url=" + url, "--spring.datasource.username=sa",
				"--spring.datasource.password=", "--server.port=0", "--siyu.demo-data.enabled=false",
				"--camunda.bpm.job-execution.enabled=false", "--camunda.bpm.process-engine-name=history-level-check",
				"--siyu.messaging.auto-dispatch=false", "--siyu.events.auto-notify=false", "--siyu.kafka.enabled=false",
				"--spring.main.banner-mode=off", "--logging.level.root=warn",
				// this database, not the fresh one tests get
				"--siyu.test.keep-datasource=true" };
		String[] arguments = new String[base.length + more.length];
		System.arraycopy(base, 0, arguments, 0, base.length);
		System.arraycopy(more, 0, arguments, base.length, more.length);
		return new SpringApplicationBuilder(SiyuApplication.class).run(arguments);
	}

	private static HistoryLevel level(ConfigurableApplicationContext context) {
		return ((ProcessEngineConfigurationImpl) context.getBean(ProcessEngine.class).getProcessEngineConfiguration())
			.getHistoryLevel();
	}

}
