package dev.siyu.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.siyu.messaging.ChannelNames;
import dev.siyu.messaging.ChannelType;
import dev.siyu.system.InvalidInputException;
import dev.siyu.system.NotFoundException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A journey's figures, counted by the database over Siyu's tables (each entry with its
 * version, launch, arm and end; messages; events; orders) and Camunda's activity history,
 * never instance by instance in memory. A customer converted if one of the journey's goal
 * events happened within the attribution window after she entered (not the event that
 * started it); her orders in that window are the journey's revenue, and go to the last
 * message sent to her by the journey before the goal.
 */
@Service
public class JourneyFigures {

	private final JdbcClient jdbc;

	private final RepositoryService repository;

	private final AnalyticsProperties properties;

	JourneyFigures(JdbcClient jdbc, RepositoryService repository, AnalyticsProperties properties) {
		this.jdbc = jdbc;
		this.repository = repository;
		this.properties = properties;
	}

	/**
	 * Which entries to count: one journey, and optionally a version, a time and a launch.
	 */
	public record Filter(String journey, Integer version, OffsetDateTime from, OffsetDateTime to, Long launch) {
	}

	public record Cost(BigDecimal messages, BigDecimal offers, BigDecimal spend, BigDecimal total) {
	}

	public record Totals(long entered, long active, long ended, long converted, Double conversionRate,
			BigDecimal revenue, long orders, Cost cost, Double roi) {
	}

	public record Exits(long goal, long withoutGoal, long cancelled, long stuckOnError) {
	}

	public record MessageCounts(long sent, long suppressed, long failed, long pending) {
	}

	public record Activity(String activityId, String name, String type, long entered, long visits, long completed,
			long waiting, long incidents, Map<String, MessageCounts> messages, Map<String, Long> suppressedBy,
			long attributedConversions, BigDecimal attributedRevenue) {
	}

	public record Lift(String against, double difference, double relative, double low95, double high95) {
	}

	public record Arm(String variant, boolean holdout, long entered, long converted, Double conversionRate,
			BigDecimal revenue, BigDecimal revenuePerCustomer, BigDecimal cost, Double roi, Lift lift) {
	}

	public record Unattributed(long conversions, BigDecimal revenue) {
	}

	public record Funnel(String journey, Integer version, OffsetDateTime from, OffsetDateTime to, Long launch,
			List<String> goals, String attributionWindow, Totals totals, Exits exits, Map<String, Long> endEvents,
			List<Activity> activities, Map<String, MessageCounts> channels, List<Arm> arms, Unattributed unattributed) {
	}

	public record Layer(String layer, long entered, long pushed, double shareOfPushed, long converted,
			BigDecimal revenue, double shareOfRevenue, BigDecimal cost, Double roi) {
	}

	public record LayerReport(String journey, Long launch, String ruleSet, long pushed, BigDecimal revenue,
			List<Layer> layers) {
	}

	@Transactional(readOnly = true)
	public Funnel funnel(Filter filter) {
		Scope scope = scope(filter);
		Map<String, Object> params = scope.params();
		String entries = scope.entries();

		Map<String, ArmRow> armRows = new LinkedHashMap<>();
		this.jdbc
			.sql("""
					select x.variant, x.holdout, count(*) as entered,
					       sum(case when x.ended_at is null then 1 else 0 end) as active,
					       sum(case when x.converted_at is not null then 1 else 0 end) as converted,
					       sum(x.revenue) as revenue, sum(x.orders) as orders, sum(x.coupons) as coupons,
					       sum(case when x.goal_reached then 1 else 0 end) as goal,
					       sum(case when x.ended_at is not null and not x.goal_reached and not x.cancelled then 1 else 0 end)
					           as without_goal,
					       sum(case when x.cancelled then 1 else 0 end) as cancelled
					from (%s) x
					group by x.variant, x.holdout
					order by x.holdout, x.variant"""
				.formatted(entries))
			.params(params)
			.query((rs) -> {
				ArmRow row = new ArmRow(rs.getString("variant"), rs.getBoolean("holdout"), rs.getLong("entered"),
						rs.getLong("active"), rs.getLong("converted"), money(rs.getBigDecimal("revenue")),
						rs.getLong("orders"), money(rs.getBigDecimal("coupons")), rs.getLong("goal"),
						rs.getLong("without_goal"), rs.getLong("cancelled"));
				armRows.put(row.key(), row);
			});

		Map<String, Map<String, long[]>> messagesByArm = new HashMap<>();
		Map<String, Map<String, long[]>> messagesByActivity = new HashMap<>();
		Map<String, Map<String, Long>> suppressedBy = new HashMap<>();
		Map<String, long[]> channels = new TreeMap<>();
		this.jdbc
			.sql("""
					select e.variant, e.holdout, m.activity_id, m.channel, m.status, m.outcome_reason, count(*) as n
					from message m join enrolment e on e.process_instance_id = m.process_instance_id
					where %s
					group by e.variant, e.holdout, m.activity_id, m.channel, m.status, m.outcome_reason"""
				.formatted(scope.where()))
			.params(params)
			.query((rs) -> {
				String channel = ChannelNames.of(ChannelType.valueOf(rs.getString("channel")));
				String status = rs.getString("status");
				long n = rs.getLong("n");
				String activity = String.valueOf(rs.getString("activity_id"));
				count(messagesByActivity.computeIfAbsent(activity, (a) -> new TreeMap<>())
					.computeIfAbsent(channel, (c) -> new long[4]), status, n);
				count(channels.computeIfAbsent(channel, (c) -> new long[4]), status, n);
				count(messagesByArm
					.computeIfAbsent(ArmRow.key(rs.getString("variant"), rs.getBoolean("holdout")),
							(a) -> new HashMap<>())
					.computeIfAbsent(channel, (c) -> new long[4]), status, n);
				if ("SUPPRESSED".equals(status)) {
					suppressedBy.computeIfAbsent(activity, (a) -> new TreeMap<>())
						.merge(String.valueOf(rs.getString("outcome_reason")), n, Long::sum);
				}
			});

		Map<String, long[]> attributed = new HashMap<>();
		Map<String, BigDecimal> attributedRevenue = new HashMap<>();
		long[] unattributed = new long[1];
		BigDecimal[] unattributedRevenue = { BigDecimal.ZERO };
		this.jdbc.sql("""
				select y.activity_id, count(*) as conversions, sum(y.revenue) as revenue
				from (select x.revenue,
				             (select m.activity_id from message m
				              where m.process_instance_id = x.process_instance_id and m.status = 'SENT'
				                and m.sent_at <= x.converted_at
				              order by m.sent_at desc, m.id desc fetch first 1 rows only) as activity_id
				      from (%s) x
				      where x.converted_at is not null) y
				group by y.activity_id""".formatted(entries)).params(params).query((rs) -> {
			String activity = rs.getString("activity_id");
			if (activity == null) {
				unattributed[0] += rs.getLong("conversions");
				unattributedRevenue[0] = unattributedRevenue[0].add(money(rs.getBigDecimal("revenue")));
			}
			else {
				attributed.computeIfAbsent(activity, (a) -> new long[1])[0] += rs.getLong("conversions");
				attributedRevenue.merge(activity, money(rs.getBigDecimal("revenue")), BigDecimal::add);
			}
		});

		List<Activity> activities = new ArrayList<>();
		this.jdbc.sql("""
				select a.act_id_ as activity_id, max(a.act_name_) as name, max(a.act_type_) as type,
				       count(distinct a.proc_inst_id_) as entered, count(*) as visits,
				       sum(case when a.end_time_ is not null then 1 else 0 end) as completed,
				       sum(case when a.end_time_ is null then 1 else 0 end) as waiting,
				       min(a.start_time_) as first_start
				from act_hi_actinst a join enrolment e on e.process_instance_id = a.proc_inst_id_
				where %s
				group by a.act_id_
				order by min(a.start_time_), a.act_id_""".formatted(scope.where())).params(params).query((rs) -> {
			String id = rs.getString("activity_id");
			activities.add(new Activity(id, rs.getString("name"), rs.getString("type"), rs.getLong("entered"),
					rs.getLong("visits"), rs.getLong("completed"), rs.getLong("waiting"), 0,
					counts(messagesByActivity.getOrDefault(id, Map.of())), suppressedBy.getOrDefault(id, Map.of()),
					attributed.containsKey(id) ? attributed.get(id)[0] : 0,
					attributedRevenue.getOrDefault(id, BigDecimal.ZERO)));
		});
		Map<String, Long> incidents = new HashMap<>();
		this.jdbc.sql("""
				select i.activity_id_ as activity_id, count(distinct i.proc_inst_id_) as n
				from act_ru_incident i join enrolment e on e.process_instance_id = i.proc_inst_id_
				where %s
				group by i.activity_id_""".formatted(scope.where()))
			.params(params)
			.query((RowCallbackHandler) (rs) -> incidents.put(rs.getString("activity_id"), rs.getLong("n")));
		activities.replaceAll((a) -> new Activity(a.activityId(), a.name(), a.type(), a.entered(), a.visits(),
				a.completed(), a.waiting(), incidents.getOrDefault(a.activityId(), 0L), a.messages(), a.suppressedBy(),
				a.attributedConversions(), a.attributedRevenue()));

		Map<String, Long> endEvents = new TreeMap<>();
		this.jdbc.sql("""
				select e.end_activity_id, count(*) as n from enrolment e
				where %s and e.ended_at is not null and not e.cancelled
				group by e.end_activity_id""".formatted(scope.where()))
			.params(params)
			.query((RowCallbackHandler) (rs) -> endEvents.put(String.valueOf(rs.getString("end_activity_id")),
					rs.getLong("n")));

		BigDecimal spend = spend(filter);
		long enteredAll = armRows.values().stream().mapToLong(ArmRow::entered).sum();
		List<Arm> arms = arms(armRows, messagesByArm, spend, enteredAll);
		BigDecimal messageCost = messageCost(channels);
		BigDecimal offers = armRows.values().stream().map(ArmRow::coupons).reduce(BigDecimal.ZERO, BigDecimal::add);
		BigDecimal revenue = armRows.values().stream().map(ArmRow::revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
		long converted = armRows.values().stream().mapToLong(ArmRow::converted).sum();
		Cost cost = new Cost(messageCost, offers, spend, messageCost.add(offers).add(spend));
		Totals totals = new Totals(enteredAll, armRows.values().stream().mapToLong(ArmRow::active).sum(),
				enteredAll - armRows.values().stream().mapToLong(ArmRow::active).sum(), converted,
				rate(converted, enteredAll), revenue, armRows.values().stream().mapToLong(ArmRow::orders).sum(), cost,
				roi(revenue, cost.total()));
		Exits exits = new Exits(armRows.values().stream().mapToLong(ArmRow::goal).sum(),
				armRows.values().stream().mapToLong(ArmRow::withoutGoal).sum(),
				armRows.values().stream().mapToLong(ArmRow::cancelled).sum(),
				incidents.values().stream().mapToLong(Long::longValue).sum());
		return new Funnel(filter.journey(), filter.version(), filter.from(), filter.to(), filter.launch(),
				scope.goals(), this.properties.attributionWindow().toString(), totals, exits, endEvents, activities,
				counts(channels), arms, new Unattributed(unattributed[0], unattributedRevenue[0]));
	}

	public record Overview(String key, String name, int version, long entered, long active, long converted,
			Double conversionRate, BigDecimal revenue, Cost cost, Double roi) {
	}

	/**
	 * Every deployed journey (its latest version's name) with its totals over all
	 * versions.
	 */
	@Transactional(readOnly = true)
	public List<Overview> overview() {
		List<Overview> journeys = new ArrayList<>();
		for (ProcessDefinition definition : this.repository.createProcessDefinitionQuery()
			.latestVersion()
			.orderByProcessDefinitionKey()
			.asc()
			.list()) {
			Totals totals = funnel(new Filter(definition.getKey(), null, null, null, null)).totals();
			journeys.add(new Overview(definition.getKey(),
					(definition.getName() != null) ? definition.getName() : definition.getKey(),
					definition.getVersion(), totals.entered(), totals.active(), totals.converted(),
					totals.conversionRate(), totals.revenue(), totals.cost(), totals.roi()));
		}
		return journeys;
	}

	/** The BPMN XML of the journey's version (the latest when none is named). */
	public String diagram(String journey, Integer version) {
		ProcessDefinition definition = (version == null)
				? this.repository.createProcessDefinitionQuery()
					.processDefinitionKey(journey)
					.latestVersion()
					.singleResult()
				: this.repository.createProcessDefinitionQuery()
					.processDefinitionKey(journey)
					.processDefinitionVersion(version)
					.singleResult();
		if (definition == null) {
			throw new NotFoundException(
					"No journey '" + journey + "'" + ((version == null) ? "" : " version " + version) + " is deployed");
		}
		try (java.io.InputStream xml = this.repository.getProcessModel(definition.getId())) {
			return new String(xml.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/**
	 * For the journey's entries (of a launch, say), per layer of the rule set the
	 * customers are in now: how many entered, were sent at least one message, converted,
	 * and what they brought, as shares of the whole.
	 */
	@Transactional(readOnly = true)
	public LayerReport layers(Filter filter, String ruleSet) {
		if (ruleSet == null || ruleSet.isBlank()) {
			throw new InvalidInputException("'ruleSet' is required, such as rfm or hero-tier");
		}
		Scope scope = scope(filter);
		Map<String, Object> params = new HashMap<>(scope.params());
		params.put("ruleSet", ruleSet);
		record Row(String layer, long entered, long pushed, long converted, BigDecimal revenue, BigDecimal coupons,
				Map<String, Long> sent) {
		}
		Map<String, Row> rows = new TreeMap<>();
		this.jdbc.sql("""
				select coalesce(l.layer_value, '(none)') as layer, count(*) as entered,
				       sum(case when exists (select 1 from message m where m.process_instance_id = x.process_instance_id
				                             and m.status = 'SENT') then 1 else 0 end) as pushed,
				       sum(case when x.converted_at is not null then 1 else 0 end) as converted,
				       sum(x.revenue) as revenue, sum(x.coupons) as coupons
				from (%s) x
				left join customer_layer l on l.customer_id = x.customer_id and l.rule_set = :ruleSet
				group by coalesce(l.layer_value, '(none)')""".formatted(scope.entries())).params(params).query((rs) -> {
			rows.put(rs.getString("layer"),
					new Row(rs.getString("layer"), rs.getLong("entered"), rs.getLong("pushed"), rs.getLong("converted"),
							money(rs.getBigDecimal("revenue")), money(rs.getBigDecimal("coupons")), new HashMap<>()));
		});
		this.jdbc.sql("""
				select coalesce(l.layer_value, '(none)') as layer, m.channel, count(*) as n
				from message m join enrolment e on e.process_instance_id = m.process_instance_id
				left join customer_layer l on l.customer_id = e.customer_id and l.rule_set = :ruleSet
				where %s and m.status = 'SENT'
				group by coalesce(l.layer_value, '(none)'), m.channel""".formatted(scope.where()))
			.params(params)
			.query((rs) -> {
				Row row = rows.get(rs.getString("layer"));
				if (row != null) {
					row.sent().put(ChannelNames.of(ChannelType.valueOf(rs.getString("channel"))), rs.getLong("n"));
				}
			});
		long pushed = rows.values().stream().mapToLong(Row::pushed).sum();
		BigDecimal revenue = rows.values().stream().map(Row::revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
		List<Layer> layers = rows.values().stream().map((row) -> {
			BigDecimal cost = row.coupons();
			for (Map.Entry<String, Long> sent : row.sent().entrySet()) {
				cost = cost.add(this.properties.unitPrice(sent.getKey()).multiply(BigDecimal.valueOf(sent.getValue())));
			}
			cost = cost.setScale(2, RoundingMode.HALF_UP);
			return new Layer(row.layer(), row.entered(), row.pushed(), share(row.pushed(), pushed), row.converted(),
					row.revenue(),
					(revenue.signum() == 0) ? 0 : row.revenue().divide(revenue, 6, RoundingMode.HALF_UP).doubleValue(),
					cost, roi(row.revenue(), cost));
		}).toList();
		return new LayerReport(filter.journey(), filter.launch(), ruleSet, pushed, revenue, layers);
	}

	private record Scope(String where, String entries, Map<String, Object> params, List<String> goals) {
	}

	/**
	 * The condition on entries ({@code e}) the filter asks for, and the entries with each
	 * one's conversion time, revenue, orders and coupons within the attribution window.
	 */
	private Scope scope(Filter filter) {
		ProcessDefinition latest = this.repository.createProcessDefinitionQuery()
			.processDefinitionKey(filter.journey())
			.latestVersion()
			.singleResult();
		if (latest == null) {
			throw new NotFoundException("No journey '" + filter.journey() + "' is deployed");
		}
		Map<String, Object> params = new HashMap<>();
		StringBuilder where = new StringBuilder("e.process_key = :journey and e.process_instance_id is not null");
		params.put("journey", filter.journey());
		ProcessDefinition goalsOf = latest;
		if (filter.version() != null) {
			ProcessDefinition version = this.repository.createProcessDefinitionQuery()
				.processDefinitionKey(filter.journey())
				.processDefinitionVersion(filter.version())
				.singleResult();
			if (version == null) {
				throw new NotFoundException("Journey '" + filter.journey() + "' has no version " + filter.version()
						+ "; the latest is " + latest.getVersion());
			}
			where.append(" and e.process_definition_id = :definition");
			params.put("definition", version.getId());
			goalsOf = version;
		}
		if (filter.from() != null) {
			where.append(" and e.enrolled_at >= :from");
			params.put("from", filter.from());
		}
		if (filter.to() != null) {
			if (filter.from() != null && !filter.to().isAfter(filter.from())) {
				throw new InvalidInputException("'to' must be after 'from'");
			}
			where.append(" and e.enrolled_at < :to");
			params.put("to", filter.to());
		}
		if (filter.launch() != null) {
			String journey = this.jdbc.sql("select journey_key from launch where id = :id")
				.param("id", filter.launch())
				.query(String.class)
				.optional()
				.orElseThrow(() -> new NotFoundException("No launch " + filter.launch()));
			if (!journey.equals(filter.journey())) {
				throw new InvalidInputException("Launch " + filter.launch() + " started journey '" + journey
						+ "', not '" + filter.journey() + "'");
			}
			where.append(" and e.launch_id = :launch");
			params.put("launch", filter.launch());
		}
		List<String> goals = goals(goalsOf);
		params.put("goals", goals.isEmpty() ? List.of("") : goals);
		// a literal, not a parameter: the window is a number of seconds from
		// configuration, and H2 and PostgreSQL both add "interval 'n' second"
		String until = "e.enrolled_at + interval '" + this.properties.attributionWindow().toSeconds() + "' second";
		String entries = """
				select e.id, e.customer_id, e.process_instance_id, e.variant, e.holdout, e.ended_at, e.cancelled,
				       e.goal_reached,
				       (select min(v.occurred_at) from customer_event v
				        where v.customer_id = e.customer_id and v.type in (:goals)
				          and v.occurred_at >= e.enrolled_at and v.occurred_at <= %1$s
				          and (e.trigger_event_id is null or v.event_id <> e.trigger_event_id)) as converted_at,
				       (select coalesce(sum(o.amount), 0) from customer_order o
				        where o.customer_id = e.customer_id and o.ordered_at >= e.enrolled_at
				          and o.ordered_at <= %1$s) as revenue,
				       (select count(*) from customer_order o
				        where o.customer_id = e.customer_id and o.ordered_at >= e.enrolled_at
				          and o.ordered_at <= %1$s) as orders,
				       (select coalesce(sum(o.coupon_value), 0) from customer_order o
				        where o.customer_id = e.customer_id and o.ordered_at >= e.enrolled_at
				          and o.ordered_at <= %1$s) as coupons
				from enrolment e
				where %2$s""".formatted(until, where);
		return new Scope(where.toString(), entries, params, goals);
	}

	/** The events that count as the journey's goal: its {@code goal} property. */
	private List<String> goals(ProcessDefinition definition) {
		return this.repository.getBpmnModelInstance(definition.getId())
			.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Process.class)
			.stream()
			.filter((process) -> process.getId().equals(definition.getKey()))
			.flatMap((process) -> (process.getExtensionElements() == null) ? java.util.stream.Stream.empty()
					: process.getExtensionElements()
						.getElementsQuery()
						.filterByType(org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties.class)
						.list()
						.stream())
			.flatMap((properties) -> properties.getCamundaProperties().stream())
			.filter((property) -> "goal".equals(property.getCamundaName()) && property.getCamundaValue() != null)
			.map(CamundaProperty::getCamundaValue)
			.flatMap((value) -> Arrays.stream(value.split(",")))
			.map(String::trim)
			.filter((goal) -> !goal.isEmpty())
			.toList();
	}

	private BigDecimal spend(Filter filter) {
		String sql = "select coalesce(sum(amount), 0) from journey_spend where process_key = :journey"
				+ ((filter.launch() != null) ? " and launch_id = :launch" : "");
		JdbcClient.StatementSpec statement = this.jdbc.sql(sql).param("journey", filter.journey());
		if (filter.launch() != null) {
			statement = statement.param("launch", filter.launch());
		}
		return money(statement.query(BigDecimal.class).single());
	}

	private List<Arm> arms(Map<String, ArmRow> rows, Map<String, Map<String, long[]>> messages, BigDecimal spend,
			long enteredAll) {
		ArmRow holdout = rows.values()
			.stream()
			.filter(ArmRow::holdout)
			.reduce((a, b) -> new ArmRow(null, true, a.entered() + b.entered(), 0, a.converted() + b.converted(),
					a.revenue().add(b.revenue()), 0, a.coupons().add(b.coupons()), 0, 0, 0))
			.orElse(null);
		List<Arm> arms = new ArrayList<>();
		for (ArmRow row : rows.values()) {
			if (row.holdout()) {
				continue;
			}
			arms.add(arm(row, messages.getOrDefault(row.key(), Map.of()), spend, enteredAll, holdout));
		}
		if (holdout != null) {
			Map<String, long[]> held = new HashMap<>();
			rows.values()
				.stream()
				.filter(ArmRow::holdout)
				.forEach((row) -> messages.getOrDefault(row.key(), Map.of()).forEach((channel, counts) -> {
					long[] sum = held.computeIfAbsent(channel, (c) -> new long[4]);
					for (int i = 0; i < 4; i++) {
						sum[i] += counts[i];
					}
				}));
			arms.add(arm(holdout, held, spend, enteredAll, null));
		}
		return arms;
	}

	private Arm arm(ArmRow row, Map<String, long[]> messages, BigDecimal spend, long enteredAll, ArmRow holdout) {
		// spend entered for the whole journey or launch is shared by the arms by
		// headcount
		BigDecimal share = (enteredAll == 0) ? BigDecimal.ZERO : spend.multiply(BigDecimal.valueOf(row.entered()))
			.divide(BigDecimal.valueOf(enteredAll), 2, RoundingMode.HALF_UP);
		BigDecimal cost = messageCost(messages).add(row.coupons()).add(share);
		return new Arm(row.variant(), row.holdout(), row.entered(), row.converted(),
				rate(row.converted(), row.entered()), row.revenue(),
				(row.entered() == 0) ? BigDecimal.ZERO
						: row.revenue().divide(BigDecimal.valueOf(row.entered()), 2, RoundingMode.HALF_UP),
				cost, roi(row.revenue(), cost), (holdout == null) ? null : lift(row, holdout));
	}

	/**
	 * The arm's conversion rate minus the holdout's, relative to the holdout's, with a 95
	 * % confidence interval of the difference (normal approximation of two proportions).
	 */
	static Lift lift(ArmRow arm, ArmRow holdout) {
		if (arm.entered() == 0 || holdout.entered() == 0) {
			return null;
		}
		double p1 = (double) arm.converted() / arm.entered();
		double p0 = (double) holdout.converted() / holdout.entered();
		double difference = p1 - p0;
		double se = Math.sqrt(p1 * (1 - p1) / arm.entered() + p0 * (1 - p0) / holdout.entered());
		return new Lift("holdout", round(difference), (p0 == 0) ? Double.NaN : round(difference / p0),
				round(difference - 1.959964 * se), round(difference + 1.959964 * se));
	}

	private BigDecimal messageCost(Map<String, long[]> channels) {
		BigDecimal cost = BigDecimal.ZERO;
		for (Map.Entry<String, long[]> channel : channels.entrySet()) {
			cost = cost
				.add(this.properties.unitPrice(channel.getKey()).multiply(BigDecimal.valueOf(channel.getValue()[0])));
		}
		return cost.setScale(2, RoundingMode.HALF_UP);
	}

	record ArmRow(String variant, boolean holdout, long entered, long active, long converted, BigDecimal revenue,
			long orders, BigDecimal coupons, long goal, long withoutGoal, long cancelled) {

		String key() {
			return key(this.variant, this.holdout);
		}

		static String key(String variant, boolean holdout) {
			return (holdout ? "holdout" : "arm") + ":" + variant;
		}

	}

	private static void count(long[] counts, String status, long n) {
		switch (status) {
			case "SENT" -> counts[0] += n;
			case "SUPPRESSED" -> counts[1] += n;
			case "FAILED" -> counts[2] += n;
			default -> counts[3] += n;
		}
	}

	private static Map<String, MessageCounts> counts(Map<String, long[]> counts) {
		Map<String, MessageCounts> result = new TreeMap<>();
		counts.forEach((channel, c) -> result.put(channel, new MessageCounts(c[0], c[1], c[2], c[3])));
		return result;
	}

	private static BigDecimal money(BigDecimal value) {
		return (value == null) ? BigDecimal.ZERO.setScale(2) : value.setScale(2, RoundingMode.HALF_UP);
	}

	private static Double rate(long part, long whole) {
		return (whole == 0) ? null : round((double) part / whole);
	}

	private static double share(long part, long whole) {
		return (whole == 0) ? 0 : round((double) part / whole);
	}

	private static Double roi(BigDecimal revenue, BigDecimal cost) {
		return (cost.signum() == 0) ? null : revenue.divide(cost, 4, RoundingMode.HALF_UP).doubleValue();
	}

	private static double round(double value) {
		return Math.round(value * 1_000_000d) / 1_000_000d;
	}

}
