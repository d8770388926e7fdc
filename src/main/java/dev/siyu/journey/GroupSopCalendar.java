package dev.siyu.journey;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The days of a weekly group SOP, for the expressions of {@code group-weekly-sop}: which
 * days of the week are still to come ({@code ${groupSop.daysLeft(weekStart,
 * startedAt)}}), when a day's post is due to be prepared
 * ({@code ${groupSop.postAt(weekStart, sopDay)}}) and when the day is over. Days are
 * named {@code mon} … {@code sun}; times are the brand's
 * ({@code siyu.audiences.time-zone}).
 */
@Component("groupSop")
public class GroupSopCalendar {

	static final List<String> DAYS = Arrays.stream(DayOfWeek.values())
		.map((day) -> day.name().substring(0, 3).toLowerCase(Locale.ROOT))
		.toList();

	/** When each day's task appears: the morning, before the group's busy hours. */
	static final LocalTime POST_AT = LocalTime.of(9, 0);

	private final ZoneId zone;

	GroupSopCalendar(@Value("${siyu.audiences.time-zone:Asia/Shanghai}") String zone) {
		this.zone = ZoneId.of(zone);
	}

	/**
	 * The days of the week that began on {@code weekStart} not yet over when the journey
	 * started ({@code startedAt}, an ISO instant). Camunda reads a sequential loop's
	 * collection again for every turn, so the answer must not move with the clock.
	 */
	public List<String> daysLeft(String weekStart, String startedAt) {
		Instant started = Instant.parse(startedAt);
		return DAYS.stream().filter((day) -> dayOver(weekStart, day).toInstant().isAfter(started)).toList();
	}

	public Date postAt(String weekStart, String day) {
		return Date.from(date(weekStart, day).atTime(POST_AT).atZone(this.zone).toInstant());
	}

	/** Midnight at the end of the day: a task not done by then is missed. */
	public Date dayOver(String weekStart, String day) {
		return Date.from(date(weekStart, day).plusDays(1).atStartOfDay(this.zone).toInstant());
	}

	private static LocalDate date(String weekStart, String day) {
		int index = DAYS.indexOf(day);
		if (index < 0) {
			throw new IllegalArgumentException("'" + day + "' is not a day of the SOP week; the days are " + DAYS);
		}
		LocalDate monday = LocalDate.parse(weekStart);
		if (monday.getDayOfWeek() != DayOfWeek.MONDAY) {
			throw new IllegalArgumentException("weekStart " + weekStart + " is not a Monday");
		}
		return monday.plusDays(index);
	}

}
