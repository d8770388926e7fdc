package dev.siyu.analytics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import dev.siyu.system.InvalidInputException;
import dev.siyu.system.NotFoundException;
import dev.siyu.system.SiyuClock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Money spent on a journey, or on one launch of it, beside its messages: the ads that
 * brought the leads, gifts, the staff's hours. Counted in the journey's cost and ROI.
 */
@Repository
class JourneySpend {

	private final JdbcClient jdbc;

	private final SiyuClock clock;

	JourneySpend(JdbcClient jdbc, SiyuClock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	record Entry(long id, String journey, Long launchId, BigDecimal amount, String note, LocalDate spentOn,
			OffsetDateTime createdAt, String createdBy) {
	}

	Entry add(String journey, Long launchId, BigDecimal amount, String note, LocalDate spentOn, String by) {
		if (amount == null || amount.signum() <= 0 || amount.scale() > 2 || amount.precision() - amount.scale() > 12) {
			throw new InvalidInputException("'amount' must be an amount in yuan above 0 with at most 2 decimals");
		}
		if (note != null && note.length() > 500) {
			throw new InvalidInputException("'note' may have at most 500 characters");
		}
		if (launchId != null) {
			String launched = this.jdbc.sql("select journey_key from launch where id = :id")
				.param("id", launchId)
				.query(String.class)
				.optional()
				.orElseThrow(() -> new InvalidInputException("'launchId': no launch " + launchId));
			if (!launched.equals(journey)) {
				throw new InvalidInputException("'launchId': launch " + launchId + " started journey '" + launched
						+ "', not '" + journey + "'");
			}
		}
		OffsetDateTime now = SiyuClock.utc(this.clock.now());
		GeneratedKeyHolder key = new GeneratedKeyHolder();
		this.jdbc.sql("""
				insert into journey_spend (process_key, launch_id, amount, note, spent_on, created_at, created_by)
				values (:journey, :launch, :amount, :note, :spentOn, :now, :by)""")
			.param("journey", journey)
			.param("launch", launchId)
			.param("amount", amount)
			.param("note", note)
			.param("spentOn", (spentOn != null) ? spentOn : now.toLocalDate())
			.param("now", now)
			.param("by", by)
			.update(key, "id");
		long id = key.getKey().longValue();
		return list(journey).stream()
			.filter((entry) -> entry.id() == id)
			.findFirst()
			.orElseThrow(() -> new NotFoundException("No spend " + id));
	}

	List<Entry> list(String journey) {
		return this.jdbc.sql("""
				select id, process_key, launch_id, amount, note, spent_on, created_at, created_by
				from journey_spend where process_key = :journey order by spent_on, id""")
			.param("journey", journey)
			.query((rs, n) -> new Entry(rs.getLong("id"), rs.getString("process_key"),
					(Long) rs.getObject("launch_id", Long.class), rs.getBigDecimal("amount"), rs.getString("note"),
					rs.getObject("spent_on", LocalDate.class), rs.getObject("created_at", OffsetDateTime.class),
					rs.getString("created_by")))
			.list();
	}

}
