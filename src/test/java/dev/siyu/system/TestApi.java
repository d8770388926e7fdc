package dev.siyu.system;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

/** HTTP clients for API tests against the application on a local port. */
public final class TestApi {

	private TestApi() {
	}

	/** Signed in as the demo admin; answers of any status are returned, not thrown. */
	public static RestClient asDemo(int port) {
		return builder(port).defaultHeaders((headers) -> headers.setBasicAuth("demo", "demo")).build();
	}

	/** Without credentials. */
	public static RestClient anonymous(int port) {
		return builder(port).build();
	}

	private static RestClient.Builder builder(int port) {
		return RestClient.builder()
			.baseUrl("http://localhost:" + port)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			});
	}

}
