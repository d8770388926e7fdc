package dev.siyu.system;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

/** HTTP clients for API tests against the application on a local port. */
public final class TestApi {

	private TestApi() {
	}

	/** Signed in as the demo admin; answers of any status are returned, not thrown. */
	public static RestClient asDemo(int port) {
		return builder(port).defaultHeaders((headers) -> headers.setBasicAuth("demo", "demo")).build();
	}

	/**
	 * Points {@code /engine-rest} at this context's engine. Camunda's REST API finds its
	 * engine in the static {@link ProcessEngines} registry, where each test context's
	 * engine registers as "default" when it starts: in a JVM that holds several cached
	 * contexts, the REST API of one would otherwise serve the engine of the one started
	 * last.
	 */
	public static void engineRestServes(ProcessEngine engine) {
		ProcessEngines.registerProcessEngine(engine);
	}

	/** Without credentials. */
	public static RestClient anonymous(int port) {
		return builder(port).build();
	}

	/** POSTs the body as JSON; the answer, whatever its status, as JSON. */
	public static ResponseEntity<JsonNode> postJson(RestClient client, String path, Object body) {
		return client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(JsonNode.class);
	}

	/**
	 * Deploys a journey through Camunda's REST API, as Modeler's "Deploy" does; returns
	 * the HTTP status.
	 */
	public static int deploy(RestClient client, String key, String bpmn) {
		MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
		body.add("deployment-name", key);
		body.add("data", new ByteArrayResource(bpmn.getBytes(StandardCharsets.UTF_8)) {
			@Override
			public String getFilename() {
				return key + ".bpmn";
			}
		});
		return client.post()
			.uri("/engine-rest/deployment/create")
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(body)
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value();
	}

	private static RestClient.Builder builder(int port) {
		return RestClient.builder()
			.baseUrl("http://localhost:" + port)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			});
	}

}
