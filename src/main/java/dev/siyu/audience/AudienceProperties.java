package dev.siyu.audience;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param timeZone the brand's time zone: dates in segments ("last order before
 * 2026-06-01") and launch schedules' cron expressions are read in it, not in the server's
 * @param scheduleCheck how often due scheduled and recurring launches are looked for
 */
@ConfigurationProperties("siyu.audiences")
record AudienceProperties(@DefaultValue("Asia/Shanghai") String timeZone,
		@DefaultValue("30s") java.time.Duration scheduleCheck) {
}
