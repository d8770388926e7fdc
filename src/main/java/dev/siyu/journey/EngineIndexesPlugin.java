package dev.siyu.journey;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Indexes Camunda's schema lacks for the way Siyu uses the engine, created once the
 * engine has built its tables (and again harmlessly at every start):
 * <ul>
 * <li>{@code ACT_RU_JOB(DUEDATE_)}: with {@code ensureJobDueDateNotNull} every job has a
 * due date and the job acquisition asks only for {@code DUEDATE_ <= now}, an index range
 * scan instead of a scan over every timer still waiting (a million in a big
 * campaign).</li>
 * <li>{@code ACT_RU_EVENT_SUBSCR(PROC_INST_ID_)}: an event finds the subscriptions of the
 * customer's instances by instance; without it the only index is on the message name,
 * which every waiting instance shares.</li>
 * <li>{@code ACT_RU_EVENT_SUBSCR(EVENT_NAME_, EXECUTION_ID_)}: the journeys an event
 * starts are found by their start subscriptions, those of the message's name without an
 * execution, not among every instance waiting for it.</li>
 * </ul>
 */
@Component
@ConditionalOnProperty(name = "siyu.engine.extra-indexes", havingValue = "true", matchIfMissing = true)
class EngineIndexesPlugin extends AbstractProcessEnginePlugin {

	private static final Logger log = LoggerFactory.getLogger(EngineIndexesPlugin.class);

	static final Map<String, String> INDEXES = Map.of("SIYU_IDX_JOB_DUEDATE", "ACT_RU_JOB (DUEDATE_)",
			"SIYU_IDX_EVENT_SUBSCR_PROCINST", "ACT_RU_EVENT_SUBSCR (PROC_INST_ID_)", "SIYU_IDX_EVENT_SUBSCR_START",
			"ACT_RU_EVENT_SUBSCR (EVENT_NAME_, EXECUTION_ID_)");

	private DataSource dataSource;

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		this.dataSource = configuration.getDataSource();
	}

	@Override
	public void postProcessEngineBuild(ProcessEngine engine) {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			for (Map.Entry<String, String> index : INDEXES.entrySet()) {
				statement.execute("create index if not exists " + index.getKey() + " on " + index.getValue());
			}
			if (!connection.getAutoCommit()) {
				connection.commit();
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create Siyu's indexes on the engine's tables", ex);
		}
		log.debug("Engine indexes in place: {}", INDEXES.keySet());
	}

}
