package dev.siyu.journey;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siyu.system.InvalidInputException;
import dev.siyu.system.NotFoundException;
import dev.siyu.system.SiyuClock;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.batch.BatchStatistics;
import org.camunda.bpm.engine.management.ActivityStatistics;
import org.camunda.bpm.engine.migration.MigratingActivityInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationException;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigratingTransitionInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigrationInstruction;
import org.camunda.bpm.engine.migration.MigrationInstructionBuilder;
import org.camunda.bpm.engine.migration.MigrationInstructionValidationReport;
import org.camunda.bpm.engine.migration.MigrationInstructionsBuilder;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanBuilder;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.CatchEvent;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves a journey's running customers from one version to another with Camunda's process
 * instance migration: a plan (activities mapped by id, and as the caller maps them),
 * answered with where the customers wait and whether each group can move, and why not; on
 * confirmation a Camunda batch moves them, followed by how many have moved. Cockpit's
 * migration screens are in Camunda's enterprise edition only; this is the community
 * edition's way.
 */
@Service
public class JourneyMigrations {

	private final RepositoryService repository;

	private final RuntimeService runtime;

	private final ManagementService management;

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final SiyuClock clock;

	private final ObjectMapper json;

	JourneyMigrations(RepositoryService repository, RuntimeService runtime, ManagementService management,
			JdbcClient jdbc, TransactionTemplate transaction, SiyuClock clock, ObjectMapper json) {
		this.repository = repository;
		this.runtime = runtime;
		this.management = management;
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.clock = clock;
		this.json = json;
	}

	/**
	 * What to move: customers running on {@code fromVersion} to {@code toVersion} (the
	 * latest when not given); {@code mappings} from an activity of the one to an activity
	 * of the other, for those whose id changed (others are mapped by id);
	 * {@code updateEventTriggers}: timers and messages waited for take the new version's
	 * definition (a timer is set anew), instead of keeping theirs.
	 */
	public record Request(Integer fromVersion, Integer toVersion, Map<String, String> mappings,
			Boolean updateEventTriggers) {
	}

	/** One mapping of the plan: by id, or as the caller mapped it. */
	public record Instruction(String from, String to, boolean byId, boolean updateEventTrigger) {
	}

	/**
	 * Customers waiting at an activity of the old version: how many, where they go, and,
	 * when they cannot move, why (Camunda's own words, from a trial move of one of them
	 * that is rolled back).
	 */
	public record Waiting(String activityId, String name, long instances, String movesTo, boolean movable,
			List<String> reasons) {
	}

	/** A started migration: customers at the start, moved, still on the old version. */
	public record Progress(long instances, long moved, long remaining, int failedJobs) {
	}

	/**
	 * A migration. {@code state}: PLANNED (with the report as of now), RUNNING, DONE,
	 * FAILED (the batch's remaining jobs all failed: Cockpit shows their incidents).
	 */
	public record Migration(long id, String journey, int fromVersion, int toVersion, String state, long instances,
			long movable, long cannotMove, List<Waiting> activities, List<Instruction> instructions,
			boolean updateEventTriggers, Progress progress, OffsetDateTime plannedAt, String plannedBy,
			OffsetDateTime startedAt, String startedBy, String batchId) {
	}

	/** Asked of a migration in a state that does not allow it. */
	public static class MigrationStateException extends RuntimeException {

		MigrationStateException(String message) {
			super(message);
		}

	}

	private record Row(long id, String journey, String sourceId, String targetId, Map<String, String> mappings,
			boolean updateEventTriggers, OffsetDateTime plannedAt, String plannedBy, OffsetDateTime startedAt,
			String startedBy, Long instancesAtStart, String batchId) {
	}

	private record Built(ProcessDefinition source, ProcessDefinition target, BpmnModelInstance sourceModel,
			MigrationPlan plan, List<Instruction> instructions) {
	}

	private record Report(long instances, long cannotMove, List<Waiting> activities) {
	}

	/** Plans a move and answers the report; nothing moves yet. */
	public Migration plan(String journey, Request request, String user) {
		deployed(journey);
		if (request.fromVersion() == null) {
			throw new InvalidInputException("'fromVersion' is missing: the version whose customers move");
		}
		ProcessDefinition source = version(journey, request.fromVersion(), "fromVersion");
		ProcessDefinition target = (request.toVersion() != null) ? version(journey, request.toVersion(), "toVersion")
				: this.repository.createProcessDefinitionQuery()
					.processDefinitionKey(journey)
					.latestVersion()
					.singleResult();
		if (source.getId().equals(target.getId())) {
			throw new InvalidInputException("'fromVersion' and 'toVersion' are both " + source.getVersion()
					+ ": customers move from one version to another");
		}
		Map<String, String> mappings = new TreeMap<>((request.mappings() != null) ? request.mappings() : Map.of());
		boolean triggers = Boolean.TRUE.equals(request.updateEventTriggers());
		build(source, target, mappings, triggers);
		GeneratedKeyHolder key = new GeneratedKeyHolder();
		this.jdbc.sql("""
				insert into journey_migration (process_key, source_definition_id, target_definition_id, mappings,
				  update_event_triggers, planned_at, planned_by)
				values (:journey, :source, :target, :mappings, :triggers, :now, :user)""")
			.param("journey", journey)
			.param("source", source.getId())
			.param("target", target.getId())
			.param("mappings", toJson(mappings))
			.param("triggers", triggers)
			.param("now", SiyuClock.utc(this.clock.now()))
			.param("user", user)
			.update(key, "id");
		return find(journey, key.getKey().longValue()).orElseThrow();
	}

	/** The journey's migrations, newest first, without the report (read one for it). */
	public List<Migration> list(String journey) {
		deployed(journey);
		return rows(journey, null).stream().map((row) -> view(row, false)).toList();
	}

	public Optional<Migration> find(String journey, long id) {
		return rows(journey, id).stream().findFirst().map((row) -> view(row, true));
	}

	/**
	 * Starts the move as a Camunda batch, when every customer on the old version can
	 * move; the job executor works it off, on every node.
	 */
	public Migration execute(String journey, long id, String user) {
		Row row = rows(journey, id).stream()
			.findFirst()
			.orElseThrow(() -> new NotFoundException("No migration " + id + " of journey '" + journey + "'"));
		if (row.startedAt() != null) {
			throw new MigrationStateException("Migration " + id + " was started at " + row.startedAt() + " by "
					+ row.startedBy() + "; follow it at GET /api/journeys/" + journey + "/migrations/" + id);
		}
		Built built = built(row);
		Report report = report(built);
		if (report.instances() == 0) {
			throw new MigrationStateException(
					"No customer runs on version " + built.source().getVersion() + " of '" + journey + "' any more");
		}
		if (report.cannotMove() > 0) {
			String where = report.activities()
				.stream()
				.filter((waiting) -> !waiting.movable())
				.map((waiting) -> "'" + waiting.activityId() + "' (" + waiting.instances() + ": "
						+ String.join("; ", waiting.reasons()) + ")")
				.collect(Collectors.joining(", "));
			throw new MigrationStateException(
					report.cannotMove() + " of " + report.instances() + " customers wait where they cannot move: "
							+ where + ". Map those activities in 'mappings' and plan again.");
		}
		this.transaction.executeWithoutResult((status) -> {
			int claimed = this.jdbc.sql("""
					update journey_migration set started_at = :now, started_by = :user, instances_at_start = :instances
					where id = :id and started_at is null""")
				.param("now", SiyuClock.utc(this.clock.now()))
				.param("user", user)
				.param("instances", report.instances())
				.param("id", id)
				.update();
			if (claimed == 0) {
				throw new MigrationStateException("Migration " + id + " has just been started by someone else");
			}
			Batch batch = this.runtime.newMigration(built.plan())
				.processInstanceQuery(
						this.runtime.createProcessInstanceQuery().processDefinitionId(built.source().getId()))
				.skipCustomListeners()
				.executeAsync();
			this.jdbc.sql("update journey_migration set batch_id = :batch where id = :id")
				.param("batch", batch.getId())
				.param("id", id)
				.update();
		});
		return find(journey, id).orElseThrow();
	}

	private Migration view(Row row, boolean withReport) {
		ProcessDefinition source = definition(row.sourceId());
		ProcessDefinition target = definition(row.targetId());
		if (row.startedAt() == null) {
			Built built = build(source, target, row.mappings(), row.updateEventTriggers());
			Report report = withReport ? report(built) : null;
			return new Migration(row.id(), row.journey(), source.getVersion(), target.getVersion(), "PLANNED",
					(report != null) ? report.instances() : 0,
					(report != null) ? report.instances() - report.cannotMove() : 0,
					(report != null) ? report.cannotMove() : 0, (report != null) ? report.activities() : List.of(),
					built.instructions(), row.updateEventTriggers(), null, row.plannedAt(), row.plannedBy(), null, null,
					null);
		}
		long remaining = this.runtime.createProcessInstanceQuery().processDefinitionId(row.sourceId()).count();
		BatchStatistics batch = (row.batchId() != null)
				? this.management.createBatchStatisticsQuery().batchId(row.batchId()).singleResult() : null;
		int failed = (batch != null) ? batch.getFailedJobs() : 0;
		String state;
		if (remaining == 0 || batch == null) {
			state = "DONE";
		}
		else {
			state = (failed > 0 && batch.getRemainingJobs() == failed) ? "FAILED" : "RUNNING";
		}
		long instances = (row.instancesAtStart() != null) ? row.instancesAtStart() : 0;
		return new Migration(row.id(), row.journey(), source.getVersion(), target.getVersion(), state, instances, 0, 0,
				List.of(), instructions(row.mappings()), row.updateEventTriggers(),
				new Progress(instances, Math.max(0, instances - remaining), remaining, failed), row.plannedAt(),
				row.plannedBy(), row.startedAt(), row.startedBy(), row.batchId());
	}

	/**
	 * The mappings asked for, as stored (a started migration's plan is Camunda's now).
	 */
	private static List<Instruction> instructions(Map<String, String> mappings) {
		return mappings.entrySet()
			.stream()
			.map((mapping) -> new Instruction(mapping.getKey(), mapping.getValue(), false, false))
			.toList();
	}

	private Built built(Row row) {
		ProcessDefinition source = definition(row.sourceId());
		ProcessDefinition target = definition(row.targetId());
		return build(source, target, row.mappings(), row.updateEventTriggers());
	}

	/**
	 * The plan: Camunda's mapping of equal activities (same id, same kind, same level),
	 * except where the caller mapped an activity herself. Refuses, naming them,
	 * activities that are not there and mappings Camunda finds invalid.
	 */
	private Built build(ProcessDefinition source, ProcessDefinition target, Map<String, String> mappings,
			boolean triggers) {
		BpmnModelInstance from = this.repository.getBpmnModelInstance(source.getId());
		BpmnModelInstance to = this.repository.getBpmnModelInstance(target.getId());
		for (Map.Entry<String, String> mapping : mappings.entrySet()) {
			requireActivity(from, source, mapping.getKey(), "mappings");
			requireActivity(to, target, mapping.getValue(), "mappings." + mapping.getKey());
		}
		MigrationInstructionsBuilder equal = this.runtime.createMigrationPlan(source.getId(), target.getId())
			.mapEqualActivities();
		List<MigrationInstruction> byId = (triggers ? equal.updateEventTriggers() : equal).build().getInstructions();
		MigrationPlanBuilder builder = this.runtime.createMigrationPlan(source.getId(), target.getId());
		List<Instruction> instructions = new ArrayList<>();
		for (MigrationInstruction generated : byId) {
			if (!mappings.containsKey(generated.getSourceActivityId())) {
				MigrationInstructionBuilder instruction = builder.mapActivities(generated.getSourceActivityId(),
						generated.getTargetActivityId());
				builder = generated.isUpdateEventTrigger() ? instruction.updateEventTrigger() : instruction;
				instructions.add(new Instruction(generated.getSourceActivityId(), generated.getTargetActivityId(), true,
						generated.isUpdateEventTrigger()));
			}
		}
		for (Map.Entry<String, String> mapping : mappings.entrySet()) {
			MigrationInstructionBuilder instruction = builder.mapActivities(mapping.getKey(), mapping.getValue());
			boolean update = triggers && from.getModelElementById(mapping.getKey()) instanceof CatchEvent;
			builder = update ? instruction.updateEventTrigger() : instruction;
			instructions.add(new Instruction(mapping.getKey(), mapping.getValue(), false, update));
		}
		instructions.sort(Comparator.comparing(Instruction::from));
		try {
			return new Built(source, target, from, builder.build(), instructions);
		}
		catch (MigrationPlanValidationException ex) {
			throw new InvalidInputException("Camunda cannot move version " + source.getVersion() + " to "
					+ target.getVersion() + " this way: " + describe(ex.getValidationReport().getInstructionReports()));
		}
	}

	private static String describe(Collection<MigrationInstructionValidationReport> reports) {
		return reports.stream()
			.map((report) -> "'" + report.getMigrationInstruction().getSourceActivityId() + "' -> '"
					+ report.getMigrationInstruction().getTargetActivityId() + "': "
					+ String.join("; ", report.getFailures()))
			.collect(Collectors.joining(", "));
	}

	private static void requireActivity(BpmnModelInstance model, ProcessDefinition definition, String id,
			String field) {
		ModelElementInstance element = model.getModelElementById(id);
		if (!(element instanceof FlowNode)) {
			List<String> known = model.getModelElementsByType(FlowNode.class)
				.stream()
				.map(FlowNode::getId)
				.sorted()
				.toList();
			throw new InvalidInputException("'" + field + "': version " + definition.getVersion() + " of '"
					+ definition.getKey() + "' has no activity '" + id + "'; its activities are " + known);
		}
	}

	/**
	 * Where the customers on the old version wait, whether each group can move, and how
	 * many cannot. For each activity one of them is moved on trial in a transaction that
	 * is rolled back, so the reasons are Camunda's for a real customer.
	 */
	private Report report(Built built) {
		String sourceId = built.source().getId();
		Map<String, String> moves = new LinkedHashMap<>();
		built.plan()
			.getInstructions()
			.forEach((instruction) -> moves.put(instruction.getSourceActivityId(), instruction.getTargetActivityId()));
		BpmnModelInstance model = built.sourceModel();
		List<Waiting> activities = new ArrayList<>();
		List<ActivityStatistics> statistics = new ArrayList<>(
				this.management.createActivityStatisticsQuery(sourceId).list());
		statistics.sort(Comparator.comparing(ActivityStatistics::getId));
		for (ActivityStatistics waiting : statistics) {
			if (waiting.getInstances() == 0) {
				continue;
			}
			ModelElementInstance element = model.getModelElementById(waiting.getId());
			String name = (element instanceof FlowNode node) ? node.getName() : null;
			String movesTo = moves.get(waiting.getId());
			List<String> reasons;
			if (movesTo == null && !(element instanceof SubProcess)) {
				reasons = List.of("nothing in version " + built.target().getVersion() + " is mapped from it: map it to "
						+ "one of that version's activities in 'mappings'");
			}
			else {
				reasons = trial(built, waiting.getId());
			}
			activities
				.add(new Waiting(waiting.getId(), name, waiting.getInstances(), movesTo, reasons.isEmpty(), reasons));
		}
		long instances = this.runtime.createProcessInstanceQuery().processDefinitionId(sourceId).count();
		String[] stuck = activities.stream()
			.filter((waiting) -> !waiting.movable())
			.map(Waiting::activityId)
			.toArray(String[]::new);
		long cannotMove = (stuck.length == 0) ? 0
				: this.runtime.createProcessInstanceQuery().processDefinitionId(sourceId).activityIdIn(stuck).count();
		return new Report(instances, cannotMove, activities);
	}

	/**
	 * Moves one customer waiting at the activity and rolls back: Camunda's objections.
	 */
	private List<String> trial(Built built, String activityId) {
		List<String> instance = this.runtime.createProcessInstanceQuery()
			.processDefinitionId(built.source().getId())
			.activityIdIn(activityId)
			.listPage(0, 1)
			.stream()
			.map((found) -> found.getId())
			.toList();
		if (instance.isEmpty()) {
			return List.of();
		}
		List<String> reasons = new ArrayList<>();
		this.transaction.executeWithoutResult((status) -> {
			status.setRollbackOnly();
			try {
				this.runtime.newMigration(built.plan()).processInstanceIds(instance).skipCustomListeners().execute();
			}
			catch (MigratingProcessInstanceValidationException ex) {
				reasons.addAll(failures(ex.getValidationReport()));
			}
			catch (ProcessEngineException ex) {
				reasons.add(ex.getMessage());
			}
		});
		return reasons;
	}

	private static List<String> failures(MigratingProcessInstanceValidationReport report) {
		List<String> failures = new ArrayList<>(report.getFailures());
		for (MigratingActivityInstanceValidationReport activity : report.getActivityInstanceReports()) {
			activity.getFailures()
				.forEach((failure) -> failures.add("'" + activity.getSourceScopeId() + "': " + failure));
		}
		for (MigratingTransitionInstanceValidationReport transition : report.getTransitionInstanceReports()) {
			transition.getFailures()
				.forEach((failure) -> failures.add("'" + transition.getSourceScopeId() + "': " + failure));
		}
		return failures;
	}

	private void deployed(String journey) {
		if (this.repository.createProcessDefinitionQuery().processDefinitionKey(journey).count() == 0) {
			throw new NotFoundException("No journey '" + journey + "' is deployed");
		}
	}

	private ProcessDefinition version(String journey, int version, String field) {
		ProcessDefinition definition = this.repository.createProcessDefinitionQuery()
			.processDefinitionKey(journey)
			.processDefinitionVersion(version)
			.singleResult();
		if (definition == null) {
			List<Integer> versions = this.repository.createProcessDefinitionQuery()
				.processDefinitionKey(journey)
				.orderByProcessDefinitionVersion()
				.asc()
				.list()
				.stream()
				.map(ProcessDefinition::getVersion)
				.toList();
			throw new InvalidInputException(
					"'" + field + "': '" + journey + "' has no version " + version + "; its versions are " + versions);
		}
		return definition;
	}

	private ProcessDefinition definition(String id) {
		ProcessDefinition definition = this.repository.createProcessDefinitionQuery()
			.processDefinitionId(id)
			.singleResult();
		if (definition == null) {
			throw new MigrationStateException("Version " + id + " has been deleted since the migration was planned");
		}
		return definition;
	}

	private List<Row> rows(String journey, Long id) {
		return this.jdbc.sql("""
				select id, process_key, source_definition_id, target_definition_id, mappings, update_event_triggers,
				       planned_at, planned_by, started_at, started_by, instances_at_start, batch_id
				from journey_migration where process_key = :journey and (:id = -1 or id = :id)
				order by planned_at desc, id desc""")
			.param("journey", journey)
			.param("id", (id != null) ? id : -1L)
			.query((rs, n) -> new Row(rs.getLong("id"), rs.getString("process_key"),
					rs.getString("source_definition_id"), rs.getString("target_definition_id"),
					fromJson(rs.getString("mappings")), rs.getBoolean("update_event_triggers"),
					rs.getObject("planned_at", OffsetDateTime.class), rs.getString("planned_by"),
					rs.getObject("started_at", OffsetDateTime.class), rs.getString("started_by"),
					(Long) rs.getObject("instances_at_start", Long.class), rs.getString("batch_id")))
			.list();
	}

	private String toJson(Map<String, String> mappings) {
		try {
			return this.json.writeValueAsString(mappings);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("Mappings cannot be written as JSON", ex);
		}
	}

	private Map<String, String> fromJson(String mappings) {
		try {
			return new TreeMap<>(this.json.readValue(mappings, new TypeReference<Map<String, String>>() {
			}));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Stored mappings are not JSON", ex);
		}
	}

}
