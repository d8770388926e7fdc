package dev.siyu.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.siyu.system.SiyuClock;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Stored layers and the bulk runs that compute them. */
@Repository
class LayerStore {

	/** A lock held longer than this belongs to a node that died mid-run. */
	static final Duration LOCK_TIMEOUT = Duration.ofHours(2);

	private final JdbcClient jdbc;

	private final NamedParameterJdbcTemplate batch;

	private final SiyuClock clock;

	LayerStore(JdbcClient jdbc, NamedParameterJdbcTemplate batch, SiyuClock clock) {
		this.jdbc = jdbc;
		this.batch = batch;
		this.clock = clock;
	}

	record StoredLayer(String customerId, String ruleSet, String value, String rule, int version) {
	}

	record Run(long id, String triggerBy, String status, int customers, OffsetDateTime startedAt,
			OffsetDateTime finishedAt, String ruleSets, String error) {
	}

	long newRun(String trigger) {
		OffsetDateTime now = this.clock.nowUtc();
		this.jdbc.sql("insert into layering_run (trigger_by, status, started_at) values (:trigger, 'WAITING', :now)")
			.param("trigger", trigger)
			.param("now", now)
			.update();
		return this.jdbc.sql("select max(id) from layering_run where trigger_by = :trigger and started_at = :now")
			.param("trigger", trigger)
			.param("now", now)
			.query(Long.class)
			.single();
	}

	/**
	 * Takes the cluster-wide layering lock for the run, unless another live run holds it.
	 */
	boolean lock(long runId) {
		Instant now = this.clock.now();
		return this.jdbc.sql("""
				update layering_lock set run_id = :run, locked_at = :now
				where id = 1 and (run_id is null or locked_at < :stale)""")
			.param("run", runId)
			.param("now", SiyuClock.utc(now))
			.param("stale", SiyuClock.utc(now.minus(LOCK_TIMEOUT)))
			.update() == 1;
	}

	void unlock(long runId) {
		this.jdbc.sql("update layering_lock set run_id = null, locked_at = null where id = 1 and run_id = :run")
			.param("run", runId)
			.update();
	}

	void started(long runId, String ruleSets) {
		this.jdbc.sql("update layering_run set status = 'RUNNING', rule_sets = :ruleSets where id = :id")
			.param("ruleSets", ruleSets)
			.param("id", runId)
			.update();
	}

	void progress(long runId, int customers) {
		this.jdbc.sql("update layering_run set customers = :customers where id = :id")
			.param("customers", customers)
			.param("id", runId)
			.update();
	}

	void finished(long runId, String status, String error) {
		this.jdbc.sql("update layering_run set status = :status, finished_at = :now, error = :error where id = :id")
			.param("status", status)
			.param("now", this.clock.nowUtc())
			.param("error", (error != null && error.length() > 1000) ? error.substring(0, 1000) : error)
			.param("id", runId)
			.update();
	}

	Optional<Run> run(long runId) {
		return this.jdbc.sql("select * from layering_run where id = :id")
			.param("id", runId)
			.query((rs, row) -> new Run(rs.getLong("id"), rs.getString("trigger_by"), rs.getString("status"),
					rs.getInt("customers"), rs.getObject("started_at", OffsetDateTime.class),
					rs.getObject("finished_at", OffsetDateTime.class), rs.getString("rule_sets"),
					rs.getString("error")))
			.optional();
	}

	/** Replaces the stored layers of these customers. */
	void replace(List<String> customerIds, List<StoredLayer> layers) {
		this.jdbc.sql("delete from customer_layer where customer_id in (:ids)").param("ids", customerIds).update();
		OffsetDateTime now = this.clock.nowUtc();
		MapSqlParameterSource[] rows = layers.stream()
			.map((layer) -> new MapSqlParameterSource().addValue("customerId", layer.customerId())
				.addValue("ruleSet", layer.ruleSet())
				.addValue("value", layer.value())
				.addValue("rule", layer.rule())
				.addValue("version", layer.version())
				.addValue("now", now))
			.toArray(MapSqlParameterSource[]::new);
		this.batch.batchUpdate("""
				insert into customer_layer (customer_id, rule_set, layer_value, rule_name, version, computed_at)
				values (:customerId, :ruleSet, :value, :rule, :version, :now)""", rows);
	}

	List<StoredLayer> layersOf(String customerId) {
		return this.jdbc.sql("""
				select customer_id, rule_set, layer_value, rule_name, version from customer_layer
				where customer_id = :id order by rule_set""")
			.param("id", customerId)
			.query((rs, row) -> new StoredLayer(rs.getString("customer_id"), rs.getString("rule_set"),
					rs.getString("layer_value"), rs.getString("rule_name"), rs.getInt("version")))
			.list();
	}

	/** How many customers each layer of a rule set holds. */
	Map<String, Long> distribution(String ruleSet) {
		Map<String, Long> counts = new LinkedHashMap<>();
		this.jdbc.sql("""
				select coalesce(layer_value, '(none)') as layer, count(*) as customers from customer_layer
				where rule_set = :ruleSet group by coalesce(layer_value, '(none)') order by 2 desc, 1""")
			.param("ruleSet", ruleSet)
			.query((rs) -> {
				counts.put(rs.getString("layer"), rs.getLong("customers"));
			});
		return counts;
	}

}
