package dev.siyu.messaging.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siyu.messaging.Channel;
import dev.siyu.messaging.ChannelException;
import dev.siyu.messaging.ChannelType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * POSTs each message as JSON to the configured URL. The receiver can trust it by
 * recomputing
 * {@code X-Siyu-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>}
 * and checking {@code X-Siyu-Timestamp} is recent; {@code Idempotency-Key} is the same on
 * every retry.
 */
@Component
@ConditionalOnProperty(name = "siyu.channels.webhook.mode", havingValue = "live")
@EnableConfigurationProperties(WebhookProperties.class)
class WebhookChannel implements Channel {

	private final WebhookProperties properties;

	private final ObjectMapper json;

	private final RestClient http;

	WebhookChannel(WebhookProperties properties, ObjectMapper json) {
		this.properties = properties;
		this.json = json;
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build());
		requests.setReadTimeout(properties.readTimeout());
		this.http = RestClient.builder().requestFactory(requests).build();
	}

	@Override
	public String mode() {
		return "live";
	}

	@Override
	public boolean supports(ChannelType type) {
		return type == ChannelType.WEBHOOK;
	}

	@Override
	public Delivery send(OutboundMessage message) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("messageId", message.id());
		payload.put("customerId", message.customer().id());
		payload.put("template", message.template());
		payload.put("category", message.category().name());
		payload.put("body", message.content().body());
		payload.put("params", message.content().params());
		String body = toJson(payload);
		String timestamp = String.valueOf(Instant.now().getEpochSecond());
		ResponseEntity<Void> response;
		try {
			response = this.http.post()
				.uri(URI.create(this.properties.url()))
				.contentType(MediaType.APPLICATION_JSON)
				.header("X-Siyu-Timestamp", timestamp)
				.header("X-Siyu-Signature", "sha256=" + sign(timestamp + "." + body))
				.header("Idempotency-Key", "siyu-" + message.id())
				.body(body)
				.retrieve()
				.onStatus((status) -> true, (request, reply) -> {
				})
				.toBodilessEntity();
		}
		catch (ResourceAccessException ex) {
			throw ChannelException.transientFailure("IO", "the webhook did not answer: " + ex.getMessage(), ex);
		}
		int status = response.getStatusCode().value();
		if (status == 429) {
			String retryAfter = response.getHeaders().getFirst("Retry-After");
			throw ChannelException.throttled("HTTP_429", "the webhook asked us to slow down",
					(retryAfter != null && retryAfter.matches("\\d+")) ? Duration.ofSeconds(Long.parseLong(retryAfter))
							: null);
		}
		if (status >= 500 || status == 408) {
			throw ChannelException.transientFailure("HTTP_" + status, "the webhook answered " + status, null);
		}
		if (status >= 400) {
			throw ChannelException.permanent("HTTP_" + status, "the webhook refused the message with " + status);
		}
		return new Delivery("siyu-" + message.id());
	}

	private String sign(String text) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.properties.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private String toJson(Map<String, Object> payload) {
		try {
			return this.json.writeValueAsString(payload);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
