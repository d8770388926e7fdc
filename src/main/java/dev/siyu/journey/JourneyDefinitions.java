package dev.siyu.journey;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.springframework.stereotype.Component;

/**
 * What a journey declares about itself on its process element, as Camunda extension
 * properties that the marketer sets in Modeler: {@code goal} (the event that ends it as
 * converted) and {@code reentry} ({@code never}, {@code after-exit}, or an ISO-8601
 * duration that must also pass since the previous entry).
 */
@Component
public class JourneyDefinitions {

	private final RepositoryService repository;

	private final Map<String, Journey> byDefinitionId = new ConcurrentHashMap<>();

	JourneyDefinitions(RepositoryService repository) {
		this.repository = repository;
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
		return new Journey(key, Optional.ofNullable(properties.get("goal")),
				Reentry.parse(key, properties.getOrDefault("reentry", "never")), subProcessStarts);
	}

	/**
	 * @param eventSubProcessStarts ids of the start events of its event sub-processes
	 */
	public record Journey(String key, Optional<String> goal, Reentry reentry, Set<String> eventSubProcessStarts) {
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
