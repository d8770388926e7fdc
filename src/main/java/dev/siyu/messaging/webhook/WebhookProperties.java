package dev.siyu.messaging.webhook;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param url where messages are POSTed as JSON
 * @param secret the HMAC-SHA256 key the receiver checks {@code X-Siyu-Signature} with
 */
@Validated
@ConfigurationProperties("siyu.channels.webhook")
record WebhookProperties(@NotBlank String url, @NotBlank String secret, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("10s") Duration readTimeout) {

}
