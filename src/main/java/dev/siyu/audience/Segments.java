package dev.siyu.audience;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siyu.system.InvalidInputException;
import dev.siyu.system.NotFoundException;
import dev.siyu.system.SqlDialect;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Saving segments (each checked by compiling it) and previewing who they hold. */
@Service
class Segments {

	private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

	static final int MAX_SAMPLE = 100;

	private final SegmentStore store;

	private final SegmentCompiler compiler;

	private final JdbcClient jdbc;

	private final SqlDialect dialect;

	private final AudienceProperties properties;

	Segments(SegmentStore store, SegmentCompiler compiler, JdbcClient jdbc, SqlDialect dialect,
			AudienceProperties properties) {
		this.store = store;
		this.compiler = compiler;
		this.jdbc = jdbc;
		this.dialect = dialect;
		this.properties = properties;
	}

	record Preview(String key, Integer version, long count, Map<String, Long> reachable, List<SampleCustomer> sample) {
	}

	record SampleCustomer(String id, String name, String city) {
	}

	@Transactional
	SegmentStore.Segment save(String key, String name, String description, JsonNode definition, String by) {
		if (key == null || !KEY.matcher(key).matches()) {
			throw new InvalidInputException("'key' must be 1–100 lower-case letters, digits, '.', '_' or '-', such as"
					+ " 'hero-buyers-not-friends'");
		}
		if (definition == null || definition.isNull()) {
			throw new InvalidInputException("'definition' is missing: give the segment's conditions");
		}
		this.compiler.compile(definition, key);
		return this.store.save(key, name, description, definition, by);
	}

	Integer versionOf(String key) {
		return this.store.latest(key).map(SegmentStore.Segment::version).orElse(null);
	}

	List<SegmentStore.Segment> all() {
		return this.store.all();
	}

	List<SegmentStore.Segment> versions(String key) {
		return this.store.versions(key);
	}

	SegmentStore.Segment find(String key, Integer version) {
		return ((version == null) ? this.store.latest(key) : this.store.version(key, version))
			.orElseThrow(() -> new NotFoundException(
					"No segment '" + key + "'" + ((version == null) ? "" : " version " + version)));
	}

	@Transactional(readOnly = true)
	Preview preview(String key, Integer version, int sample) {
		SegmentStore.Segment segment = find(key, version);
		return preview(segment.key(), segment.version(), segment.definition(), sample);
	}

	@Transactional(readOnly = true)
	Preview preview(String key, Integer version, JsonNode definition, int sample) {
		if (sample < 0 || sample > MAX_SAMPLE) {
			throw new InvalidInputException("'sample' must be between 0 and " + MAX_SAMPLE);
		}
		SegmentCompiler.Compiled compiled = this.compiler.compile(definition);
		if (this.dialect.postgres()) {
			// one scan of a million customers: compiling it to machine code (JIT) takes
			// longer than it saves, its groupings should stay in memory, parallel workers
			// would each build them again, and hashing a condition's customers beats
			// probing the customer table once for each of them (a nested loop over
			// 273,715 hero buyers: 1.87 s; hashed: 0.40 s)
			this.jdbc.sql("set local jit = off").update();
			this.jdbc.sql("set local enable_nestloop = off").update();
			this.jdbc.sql("set local work_mem = '" + this.properties.previewWorkMem() + "'").update();
			this.jdbc.sql("set local max_parallel_workers_per_gather = " + this.properties.previewParallelWorkers())
				.update();
		}
		// the members are found once: each row of the sample carries the totals, counted
		// over all members by window functions (one row, dropped, when no sample is
		// asked)
		StringBuilder select = new StringBuilder(
				"select c.id, c.name, c.city, count(*) over () as total, row_number() over (order by c.id) as n");
		for (String channel : SegmentCompiler.CHANNELS) {
			select.append(", sum(case when ")
				.append(this.compiler.reachableJoined(channel))
				.append(" then 1 else 0 end) over () as ")
				.append(column(channel));
		}
		select.append(" from customer c left join ")
			.append(SegmentCompiler.OPT_OUTS)
			.append(" x on x.customer_id = c.id where ")
			.append(compiled.where());
		List<SampleCustomer> customers = new ArrayList<>();
		Map<String, Long> reachable = new LinkedHashMap<>();
		SegmentCompiler.CHANNELS.forEach((channel) -> reachable.put(channel, 0L));
		long[] total = { 0 };
		this.jdbc.sql("select * from (" + select + ") m where m.n <= " + Math.max(sample, 1) + " order by m.n")
			.params(compiled.params())
			.query((rs) -> {
				total[0] = rs.getLong("total");
				for (String channel : SegmentCompiler.CHANNELS) {
					reachable.put(channel, rs.getLong(column(channel)));
				}
				if (customers.size() < sample) {
					customers.add(new SampleCustomer(rs.getString("id"), rs.getString("name"), rs.getString("city")));
				}
			});
		return new Preview(key, version, total[0], reachable, customers);
	}

	/** The ids of the segment's customers, for tests and small exports. */
	@Transactional(readOnly = true)
	List<String> members(JsonNode definition) {
		SegmentCompiler.Compiled compiled = this.compiler.compile(definition);
		return this.jdbc.sql("select c.id from customer c where " + compiled.where() + " order by c.id")
			.params(compiled.params())
			.query(String.class)
			.list();
	}

	private static String column(String channel) {
		return "reach_" + channel.replace('-', '_');
	}

}
