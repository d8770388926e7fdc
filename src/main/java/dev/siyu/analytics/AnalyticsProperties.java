package dev.siyu.analytics;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param attributionWindow how long after entering a journey a customer's goal event and
 * orders count as the journey's conversion and revenue (the same for every arm, holdout
 * included, so their rates compare)
 * @param unitPrices what one message sent costs, in yuan, per channel ({@code sms},
 * {@code wechat-oa}, {@code wecom}, {@code email}, {@code webhook}); a channel not named
 * costs nothing
 */
@ConfigurationProperties("siyu.analytics")
public record AnalyticsProperties(@DefaultValue("7d") Duration attributionWindow,
		@DefaultValue Map<String, BigDecimal> unitPrices) {

	public AnalyticsProperties {
		if (attributionWindow.isNegative() || attributionWindow.isZero()
				|| attributionWindow.compareTo(Duration.ofDays(366)) > 0) {
			throw new IllegalArgumentException(
					"siyu.analytics.attribution-window must be longer than 0 and at most 366 days, not "
							+ attributionWindow);
		}
		unitPrices = Map.copyOf(unitPrices);
		unitPrices.forEach((channel, price) -> {
			if (price.signum() < 0) {
				throw new IllegalArgumentException("siyu.analytics.unit-prices." + channel + " must not be negative");
			}
		});
	}

	public BigDecimal unitPrice(String channel) {
		return this.unitPrices.getOrDefault(channel, BigDecimal.ZERO);
	}

}
