package dev.siyu.journey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siyu.event.EventType;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.Task;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every journey in {@code processes/} (and the benchmarks' in {@code bench/processes/}):
 * it parses, keeps history for a limited time, catches only catalogue messages, opens
 * laid out in Modeler (a shape for every element, an edge for every flow), names what
 * people read, and configures each custom task through an element template of
 * {@code ui-modeler-notes/element-templates/}, with only the parameters that template
 * offers.
 */
class JourneyLintUnitTest {

	static final Path PROCESSES = Path.of("processes");

	static final Path TEMPLATES = Path.of("ui-modeler-notes", "element-templates");

	static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";

	static Stream<Path> journeys() throws IOException {
		return Stream.of(PROCESSES, Path.of("bench", "processes")).flatMap((dir) -> {
			try {
				return Files.list(dir);
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}).filter((file) -> file.toString().endsWith(".bpmn")).sorted();
	}

	@ParameterizedTest
	@MethodSource("journeys")
	void parsesWithItsKeyAsFileNameAndAHistoryTimeToLive(Path file) {
		BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
		Bpmn.validateModel(model);

		List<Process> processes = List.copyOf(model.getModelElementsByType(Process.class));
		assertThat(processes).hasSize(1);
		Process process = processes.get(0);
		assertThat(process.getId() + ".bpmn").isEqualTo(file.getFileName().toString());
		assertThat(process.isExecutable()).isTrue();
		assertThat(process.getCamundaHistoryTimeToLiveString()).as("historyTimeToLive of " + file).isNotBlank();
		assertThat(process.getName()).isNotBlank();
	}

	@ParameterizedTest
	@MethodSource("journeys")
	void catchesOnlyMessagesOfTheCatalogue(Path file) {
		BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());

		assertThat(model.getModelElementsByType(Message.class)).extracting(Message::getName)
			.allSatisfy((name) -> assertThat(EventType.names()).contains(name));
	}

	@ParameterizedTest
	@MethodSource("journeys")
	void opensLaidOutWithNamedConnectedElements(Path file) {
		BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
		Set<String> shapes = model.getModelElementsByType(BpmnShape.class)
			.stream()
			.map((shape) -> shape.getBpmnElement().getId())
			.collect(Collectors.toSet());
		Set<String> edges = model.getModelElementsByType(BpmnEdge.class)
			.stream()
			.map((edge) -> edge.getBpmnElement().getId())
			.collect(Collectors.toSet());

		for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
			assertThat(shapes).as("diagram shape of " + node.getId()).contains(node.getId());
			boolean eventSubProcess = node instanceof SubProcess sub && sub.triggeredByEvent();
			boolean start = node instanceof StartEvent || node instanceof BoundaryEvent || eventSubProcess;
			if (!start) {
				assertThat(node.getIncoming()).as("incoming flow of " + node.getId()).isNotEmpty();
			}
			if (!(node instanceof EndEvent) && !eventSubProcess) {
				assertThat(node.getOutgoing()).as("outgoing flow of " + node.getId()).isNotEmpty();
			}
			if (node instanceof Activity || node instanceof StartEvent || node instanceof EndEvent) {
				assertThat(node.getName()).as("name of " + node.getId()).isNotBlank();
			}
		}
		for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
			assertThat(edges).as("diagram edge of " + flow.getId()).contains(flow.getId());
		}
	}

	@ParameterizedTest
	@MethodSource("journeys")
	void everyCustomTaskUsesAnElementTemplateAndOnlyItsParameters(Path file) {
		Map<String, JsonNode> templates = templates();
		BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());

		for (Task task : model.getModelElementsByType(Task.class)) {
			String templateId = task.getAttributeValueNs(CAMUNDA, "modelerTemplate");
			assertThat(templateId).as(task.getId() + " uses an element template").isNotNull();
			String version = task.getAttributeValueNs(CAMUNDA, "modelerTemplateVersion");
			String key = templateId + "@" + version;
			assertThat(templates).as("template " + key + " of " + task.getId()).containsKey(key);
			assertThat(version).as("template version of " + task.getId()).isEqualTo(latest(templates, templateId));
			JsonNode template = templates.get(key);
			String type = task.getElementType().getTypeName();
			String bpmnType = "bpmn:" + Character.toUpperCase(type.charAt(0)) + type.substring(1);
			assertThat(appliesTo(template)).as(templateId + " applies to " + bpmnType).contains(bpmnType);
			for (String attribute : List.of("delegateExpression", "asyncAfter")) {
				String actual = task.getAttributeValueNs(CAMUNDA, attribute);
				hidden(template, "camunda:" + attribute).forEach(
						(expected) -> assertThat(actual).as(attribute + " of " + task.getId()).isEqualTo(expected));
			}
			Set<String> offered = settings(template, false);
			Set<String> used = new HashSet<>();
			if (task.getExtensionElements() != null) {
				task.getExtensionElements()
					.getElementsQuery()
					.filterByType(CamundaInputOutput.class)
					.list()
					.forEach((io) -> io.getCamundaInputParameters()
						.forEach((input) -> used.add(input.getCamundaName())));
				task.getExtensionElements()
					.getElementsQuery()
					.filterByType(CamundaProperties.class)
					.list()
					.forEach((properties) -> properties.getCamundaProperties()
						.forEach((property) -> used.add(property.getCamundaName())));
			}
			assertThat(offered).as("settings of " + task.getId() + " offered by " + key).containsAll(used);
			assertThat(used).as("required settings of " + task.getId()).containsAll(settings(template, true));
		}
	}

	/**
	 * Element templates by id and version ({@code siyu.DecideWithRules@2}); a file may
	 * hold several versions of one template, as Modeler allows.
	 */
	static Map<String, JsonNode> templates() {
		Map<String, JsonNode> byId = new HashMap<>();
		try (Stream<Path> files = Files.list(TEMPLATES)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".json")).toList()) {
				for (JsonNode template : new ObjectMapper().readTree(file.toFile())) {
					byId.put(template.get("id").asText() + "@" + template.get("version").asText(), template);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return byId;
	}

	/**
	 * The newest version of the template: the one every journey of ours is drawn with.
	 */
	private static String latest(Map<String, JsonNode> templates, String templateId) {
		return templates.values()
			.stream()
			.filter((template) -> template.get("id").asText().equals(templateId))
			.map((template) -> template.get("version").asInt())
			.max(Integer::compare)
			.map(String::valueOf)
			.orElse(null);
	}

	/**
	 * The bean names the templates bind tasks to: {@code ${sendMessage}} →
	 * {@code sendMessage}.
	 */
	static Set<String> boundBeans() {
		Set<String> beans = new HashSet<>();
		templates().values().forEach((template) -> template.get("properties").forEach((property) -> {
			String value = property.path("value").asText("");
			if ("Hidden".equals(property.path("type").asText()) && value.startsWith("${")) {
				beans.add(value.substring(2, value.length() - 1));
			}
		}));
		return beans;
	}

	private static List<String> appliesTo(JsonNode template) {
		return Arrays.asList(new ObjectMapper().convertValue(template.get("appliesTo"), String[].class));
	}

	private static List<String> hidden(JsonNode template, String property) {
		List<String> values = new java.util.ArrayList<>();
		template.get("properties").forEach((p) -> {
			if ("Hidden".equals(p.path("type").asText()) && "property".equals(p.path("binding").path("type").asText())
					&& property.equals(p.path("binding").path("name").asText())) {
				values.add(p.get("value").asText());
			}
		});
		return values;
	}

	/**
	 * The names a template sets on a step, as input parameters or properties; with
	 * {@code required}, those it does not let be left empty.
	 */
	private static Set<String> settings(JsonNode template, boolean required) {
		Set<String> names = new HashSet<>();
		template.get("properties").forEach((p) -> {
			String binding = p.path("binding").path("type").asText();
			if (("camunda:inputParameter".equals(binding) || "camunda:property".equals(binding))
					&& (!required || p.path("constraints").path("notEmpty").asBoolean(false))) {
				names.add(p.path("binding").path("name").asText());
			}
		});
		return names;
	}

}
