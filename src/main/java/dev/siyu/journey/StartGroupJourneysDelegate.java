package dev.siyu.journey;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.siyu.community.CommunityGroups;
import dev.siyu.system.SiyuClock;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Starts a group journey (template {@code siyu.StartGroupJourneys}) for every community
 * group of the given types and, if asked, of the given health by the latest assessment;
 * not for a group whose journey of that key still runs, nor for one carrying the skip
 * tag, nor for a dismissed one. Each gets the group's id as business key and its name,
 * type, owners, the week's Monday and when it started as variables. Sets
 * {@code groupJourneysStarted}.
 */
@Component("startGroupJourneys")
class StartGroupJourneysDelegate implements JavaDelegate {

	private final CommunityGroups groups;

	private final RuntimeService runtime;

	private final SiyuClock clock;

	private final ZoneId zone;

	StartGroupJourneysDelegate(CommunityGroups groups, RuntimeService runtime, SiyuClock clock,
			@Value("${siyu.audiences.time-zone:Asia/Shanghai}") String zone) {
		this.groups = groups;
		this.runtime = runtime;
		this.clock = clock;
		this.zone = ZoneId.of(zone);
	}

	@Override
	public void execute(DelegateExecution execution) {
		String journey = (String) StepSettings.get(execution, "journey");
		if (journey == null || journey.isBlank()) {
			throw new IllegalStateException(execution.getCurrentActivityId() + " needs the journey to start");
		}
		Set<String> types = list(StepSettings.get(execution, "groupTypes"));
		String health = blankToNull(StepSettings.get(execution, "health"));
		String skipTag = blankToNull(StepSettings.get(execution, "skipTag"));
		Set<String> unknown = types.stream()
			.filter((type) -> !CommunityGroups.TYPES.contains(type))
			.collect(Collectors.toCollection(java.util.TreeSet::new));
		if (!unknown.isEmpty()) {
			throw new IllegalStateException(execution.getCurrentActivityId() + ": unknown group types " + unknown
					+ "; the types are " + CommunityGroups.TYPES.stream().sorted().toList());
		}
		Set<String> running = this.runtime.createProcessInstanceQuery()
			.processDefinitionKey(journey)
			.list()
			.stream()
			.map((instance) -> instance.getBusinessKey())
			.collect(Collectors.toSet());
		Instant now = this.clock.now();
		LocalDate monday = now.atZone(this.zone).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
		int started = 0;
		for (CommunityGroups.Group group : this.groups.all(null, health)) {
			if (group.dismissedAt() != null || (!types.isEmpty() && !types.contains(group.type()))
					|| running.contains(group.id()) || (skipTag != null && group.tags().contains(skipTag))) {
				continue;
			}
			Map<String, Object> variables = GroupJourneys.variables(group);
			variables.put(GroupJourneys.WEEK_START, monday.toString());
			variables.put(GroupJourneys.STARTED_AT, now.toString());
			this.runtime.startProcessInstanceByKey(journey, group.id(), variables);
			started++;
		}
		execution.setVariable("groupJourneysStarted", started);
	}

	private static Set<String> list(Object value) {
		if (value == null) {
			return Set.of();
		}
		return Arrays.stream(value.toString().split(","))
			.map(String::trim)
			.filter((item) -> !item.isEmpty())
			.collect(Collectors.toSet());
	}

	private static String blankToNull(Object value) {
		return (value == null || value.toString().isBlank()) ? null : value.toString().trim();
	}

}
