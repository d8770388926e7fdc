package dev.siyu.messaging;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How messages are delivered and what templates may link to.
 *
 * @param landingBaseUrl where an ad plan's landing page lives ({@code <base>/<adPlanId>})
 * @param wecomQrUrl the WeCom "add me" QR code sent for second-round conversion
 * @param offers offer code → the title customers read
 * @param persona the brand's persona (人设) that replies speak as: {@code name},
 * {@code title}, …, read by templates as {@code {{persona.name}}}
 * @param maxAttempts attempts before a message that keeps failing is FAILED
 * @param retryBackoff wait before the second attempt; doubles with each further one
 * @param pollInterval how often the dispatcher looks for due messages it was not told
 * about
 * @param autoDispatch deliver right after commit and sweep on a schedule; tests that
 * drive the dispatcher themselves turn it off
 * @param sweepLanes how many customers' messages a sweep delivers at once; one customer's
 * messages always go one after another, so her caps hold
 * @param claimTimeout how long a message may stay claimed by a dispatcher before another
 * takes it over (the first is taken to have died mid-send); longer than any vendor call
 * may take (SMS and webhook calls time out after 15 s, SMTP's connect, read and write
 * after 10 s each), short enough that a dead node's sends go on within a minute
 */
@Validated
@ConfigurationProperties("siyu.messaging")
public record MessagingProperties(@NotBlank @DefaultValue("https://m.siyu.example/l") String landingBaseUrl,
		@NotBlank @DefaultValue("https://m.siyu.example/wecom-qr.png") String wecomQrUrl,
		@DefaultValue Map<String, String> offers, @DefaultValue Map<String, String> persona,
		@Min(1) @DefaultValue("8") int maxAttempts, @DefaultValue("30s") Duration retryBackoff,
		@DefaultValue("5s") Duration pollInterval, @DefaultValue("true") boolean autoDispatch,
		@Min(1) @DefaultValue("4") int sweepLanes, @DefaultValue("45s") Duration claimTimeout) {

}
