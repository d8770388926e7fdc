package dev.siyu.community;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.siyu.event.CustomerEvent;
import dev.siyu.event.EventIntake;
import dev.siyu.event.EventType;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group health on scripted group activity: members join and leave, post and advertise
 * through the real intake, the nightly process assesses every group with the group-health
 * rules on the last seven days.
 */
@SpringBootTest
@ActiveProfiles("test")
class GroupHealthTest {

	static final Instant T0 = Instant.parse("2026-06-01T02:00:00Z");

	@Autowired
	EventIntake intake;

	@Autowired
	CommunityGroups groups;

	@Autowired
	ProcessEngine engine;

	final String run = UUID.randomUUID().toString().substring(0, 8);

	@BeforeEach
	void clock() {
		ClockUtil.setCurrentTime(Date.from(T0));
	}

	@AfterEach
	void resetClock() {
		ClockUtil.reset();
	}

	@Test
	void theNightlyProcessSortsEachGroupByItsLastWeek() {
		// a lively group: 4 of 20 speak, one ad in 31 messages; 5 more joined and left
		List<String> lively = members("lively", 20);
		List<String> passing = members("lively", 5);
		passing.forEach((customer) -> event(customer, EventType.GroupLeft, "lively", Map.of()));
		// an ad board: 4 ads in 10 messages
		List<String> board = members("board", 10);
		// a group gone quiet: busy nine days ago, 3 messages this week
		List<String> quiet = members("quiet", 50);
		// a big group where few speak: 5 of 100
		List<String> big = members("big", 100);
		posts(quiet.subList(0, 10), "quiet", 5, false);
		later(Duration.ofDays(5));
		posts(lively.subList(0, 4), "lively", 30, false);
		posts(lively.subList(4, 5), "lively", 1, true);
		posts(board.subList(0, 3), "board", 6, false);
		posts(board.subList(3, 7), "board", 4, true);
		posts(quiet.subList(0, 3), "quiet", 3, false);
		posts(big.subList(0, 5), "big", 20, false);
		later(Duration.ofDays(4));

		this.engine.getManagementService()
			.executeJob(this.engine.getManagementService()
				.createJobQuery()
				.processDefinitionKey("group-health-nightly")
				.timers()
				.singleResult()
				.getId());

		assertThat(health("lively")).isEqualTo("VALUE:20:4:31:1");
		assertThat(health("board")).isEqualTo("SPAM:10:3:10:4");
		assertThat(health("quiet")).isEqualTo("DEAD:50:3:3:0");
		assertThat(health("big")).isEqualTo("TASTELESS:100:5:20:0");
		assertThat(this.groups.all(null, "DEAD")).extracting(CommunityGroups.Group::id).contains(id("quiet"));
		assertThat(this.groups.find(id("lively")).orElseThrow().members()).isEqualTo(20);
		// assessed again the same day: the first assessment stays
		posts(quiet.subList(0, 10), "quiet", 10, false);
		this.groups.assess();
		assertThat(this.groups.history(id("quiet"), 10)).hasSize(1);
		later(Duration.ofDays(1));
		this.groups.assess();
		assertThat(this.groups.history(id("quiet"), 10)).extracting(CommunityGroups.Health::health)
			.containsExactly("VALUE", "DEAD");
	}

	private String health(String group) {
		CommunityGroups.Health health = this.groups.find(id(group)).orElseThrow().health();
		return health.health() + ":" + health.members() + ":" + health.activeMembers() + ":" + health.messages() + ":"
				+ health.adMessages();
	}

	private List<String> members(String group, int count) {
		List<String> members = new java.util.ArrayList<>();
		for (int i = 0; i < count; i++) {
			String customer = "m-" + UUID.randomUUID();
			event(customer, EventType.GroupJoined, group, Map.of());
			members.add(customer);
		}
		return members;
	}

	/** {@code each} messages from each member, a minute apart. */
	private void posts(List<String> members, String group, int total, boolean ad) {
		for (int i = 0; i < total; i++) {
			event(members.get(i % members.size()), EventType.GroupMessagePosted, group, Map.of("ad", ad));
			later(Duration.ofMinutes(1));
		}
	}

	private void event(String customer, EventType type, String group, Map<String, Object> extra) {
		Map<String, Object> properties = new HashMap<>(extra);
		properties.put("groupId", id(group));
		this.intake.accept(new CustomerEvent(UUID.randomUUID().toString(), customer, type,
				OffsetDateTime.ofInstant(ClockUtil.getCurrentTime().toInstant(), ZoneOffset.UTC), properties));
	}

	private String id(String group) {
		return "wr" + this.run + "-" + group;
	}

	private static void later(Duration by) {
		ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(by)));
	}

}
