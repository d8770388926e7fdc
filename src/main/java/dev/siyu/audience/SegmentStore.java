package dev.siyu.audience;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siyu.system.SiyuClock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Saved segments, every version kept: a launch names the version it froze, and a segment
 * that others refer to can change without rewriting them.
 */
@Repository
class SegmentStore {

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	private final SiyuClock clock;

	SegmentStore(JdbcClient jdbc, ObjectMapper json, SiyuClock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	record Segment(String key, int version, String name, String description, JsonNode definition,
			OffsetDateTime createdAt, String createdBy) {
	}

	/**
	 * Saves the definition as the segment's next version, unless it equals the latest
	 * (then the latest is returned as it is).
	 */
	Segment save(String key, String name, String description, JsonNode definition, String by) {
		Optional<Segment> latest = latest(key);
		if (latest.isPresent() && latest.get().definition().equals(definition) && same(latest.get().name(), name)
				&& same(latest.get().description(), description)) {
			return latest.get();
		}
		int version = latest.map(Segment::version).orElse(0) + 1;
		this.jdbc.sql("""
				insert into segment (segment_key, version, name, description, definition, created_at, created_by)
				values (:key, :version, :name, :description, :definition, :now, :by)""")
			.param("key", key)
			.param("version", version)
			.param("name", name)
			.param("description", description)
			.param("definition", write(definition))
			.param("now", this.clock.nowUtc())
			.param("by", by)
			.update();
		return version(key, version).orElseThrow();
	}

	Optional<Segment> latest(String key) {
		return this.jdbc.sql("""
				select * from segment where segment_key = :key order by version desc fetch first 1 rows only""")
			.param("key", key)
			.query(this::map)
			.optional();
	}

	Optional<Segment> version(String key, int version) {
		return this.jdbc.sql("select * from segment where segment_key = :key and version = :version")
			.param("key", key)
			.param("version", version)
			.query(this::map)
			.optional();
	}

	/** The latest version of every segment, by key. */
	List<Segment> all() {
		return this.jdbc.sql("""
				select s.* from segment s
				where s.version = (select max(v.version) from segment v where v.segment_key = s.segment_key)
				order by s.segment_key""").query(this::map).list();
	}

	List<Segment> versions(String key) {
		return this.jdbc.sql("select * from segment where segment_key = :key order by version")
			.param("key", key)
			.query(this::map)
			.list();
	}

	private Segment map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new Segment(rs.getString("segment_key"), rs.getInt("version"), rs.getString("name"),
				rs.getString("description"), read(rs.getString("definition")),
				rs.getObject("created_at", OffsetDateTime.class), rs.getString("created_by"));
	}

	private JsonNode read(String text) {
		try {
			return this.json.readTree(text);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A stored segment is not JSON", ex);
		}
	}

	private String write(JsonNode definition) {
		try {
			return this.json.writeValueAsString(definition);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	private static boolean same(String a, String b) {
		return (a == null) ? b == null : a.equals(b);
	}

}
