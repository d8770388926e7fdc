package dev.siyu.journey;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.CatchEvent;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.ReceiveTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.springframework.stereotype.Component;

/**
 * What a journey declares about itself on its process element, as Camunda extension
 * properties that the marketer sets in Modeler: {@code goal} (the event that ends it as
 * converted), {@code reentry} ({@code never}, {@code after-exit}, or an ISO-8601 duration
 * that must also pass since the previous entry) and, where the defaults do not fit,
 * {@code eventLifetime} or {@code eventLifetime.<Message>} (an ISO-8601 duration: how
 * long an event that arrived while the journey was busy is kept for its next wait;
 * {@code PT0S} keeps none).
 */
@Component
public class JourneyDefinitions {

	private final RepositoryService repository;

	private final Map<String, Journey> byDefinitionId = new ConcurrentHashMap<>();

	JourneyDefinitions(RepositoryService repository) {
		this.repository = repository;
	}

	/**
	 * The version of the journey a step runs in: the definition the execution holds (no
	 * command, no query), else the repository's.
	 */
	static ProcessDefinition definitionOf(DelegateExecution execution) {
		if (execution instanceof ExecutionEntity entity && entity.getProcessDefinition() != null) {
			return entity.getProcessDefinition();
		}
		return execution.getProcessEngineServices()
			.getRepositoryService()
			.getProcessDefinition(execution.getProcessDefinitionId());
	}

	public Journey get(String processDefinitionId) {
		return this.byDefinitionId.computeIfAbsent(processDefinitionId, this::read);
	}

	private Journey read(String processDefinitionId) {
		BpmnModelInstance model = this.repository.getBpmnModelInstance(processDefinitionId);
		String key = this.repository.getProcessDefinition(processDefinitionId).getKey();
		Process process = model.getModelElementById(key);
		Map<String, String> properties = new java.util.HashMap<>();
		if (process.getExtensionElements() != null) {
			process.getExtensionElements()
				.getElementsQuery()
				.filterByType(CamundaProperties.class)
				.list()
				.forEach((list) -> list.getCamundaProperties()
					.forEach((CamundaProperty p) -> properties.put(p.getCamundaName(), p.getCamundaValue())));
		}
		Set<String> subProcessStarts = model.getModelElementsByType(SubProcess.class)
			.stream()
			.filter(SubProcess::triggeredByEvent)
			.flatMap((subProcess) -> subProcess.getChildElementsByType(StartEvent.class).stream())
			.map(StartEvent::getId)
			.collect(Collectors.toUnmodifiableSet());
		Map<String, Duration> lifetimes = new java.util.HashMap<>();
		properties.forEach((name, value) -> {
			if (name.equals(LIFETIME) || name.startsWith(LIFETIME + ".")) {
				lifetimes.put(name, duration(key, name, value));
			}
		});
		return new Journey(key, Optional.ofNullable(properties.get("goal")),
				Reentry.parse(key, properties.getOrDefault("reentry", "never")), subProcessStarts,
				caughtMessages(model), Map.copyOf(lifetimes));
	}

	private static final String LIFETIME = "eventLifetime";

	/**
	 * The messages the journey can wait for anywhere: intermediate and boundary catches,
	 * receive tasks and event sub-process starts (not the start events of the journey
	 * itself: those start new instances).
	 */
	private static Set<String> caughtMessages(BpmnModelInstance model) {
		Set<String> names = new java.util.HashSet<>();
		for (MessageEventDefinition definition : model.getModelElementsByType(MessageEventDefinition.class)) {
			if (definition.getParentElement() instanceof CatchEvent event && definition.getMessage() != null
					&& !(event instanceof StartEvent && event.getParentElement() instanceof Process)) {
				names.add(definition.getMessage().getName());
			}
		}
		model.getModelElementsByType(ReceiveTask.class)
			.stream()
			.map(ReceiveTask::getMessage)
			.filter(java.util.Objects::nonNull)
			.map(Message::getName)
			.forEach(names::add);
		return Set.copyOf(names);
	}

	private static Duration duration(String journey, String property, String value) {
		try {
			Duration duration = Duration.parse(value);
			if (!duration.isNegative()) {
				return duration;
			}
		}
		catch (DateTimeParseException ex) {
			// said below
		}
		throw new IllegalStateException("Journey " + journey + " has " + property + " '" + value
				+ "': use an ISO-8601 duration such as PT6H or P2D (PT0S keeps no event)");
	}

	/**
	 * @param eventSubProcessStarts ids of the start events of its event sub-processes
	 * @param caughtMessages the messages it can wait for
	 * @param eventLifetimes its {@code eventLifetime[.<Message>]} properties
	 */
	public record Journey(String key, Optional<String> goal, Reentry reentry, Set<String> eventSubProcessStarts,
			Set<String> caughtMessages, Map<String, Duration> eventLifetimes) {

		/**
		 * How long an event of this message is kept for the journey when it arrives while
		 * the journey waits elsewhere: the journey's own setting, else the event type's.
		 */
		public Duration lifetime(String messageName, Duration eventTypeLifetime) {
			Duration own = this.eventLifetimes.get(LIFETIME + "." + messageName);
			if (own == null) {
				own = this.eventLifetimes.get(LIFETIME);
			}
			return (own != null) ? own : eventTypeLifetime;
		}

	}

	/** When a customer may enter the same journey again. */
	public record Reentry(boolean afterExit, Duration cooldown) {

		static Reentry parse(String journey, String value) {
			return switch (value) {
				case "never" -> new Reentry(false, Duration.ZERO);
				case "after-exit" -> new Reentry(true, Duration.ZERO);
				default -> {
					try {
						yield new Reentry(true, Duration.parse(value));
					}
					catch (DateTimeParseException ex) {
						throw new IllegalStateException("Journey " + journey + " has reentry '" + value
								+ "': use never, after-exit or an ISO-8601 duration such as P7D", ex);
					}
				}
			};
		}

	}

}
