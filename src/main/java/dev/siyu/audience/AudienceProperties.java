package dev.siyu.audience;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param timeZone the brand's time zone: dates in segments ("last order before
 * 2026-06-01") and launch schedules' cron expressions are read in it, not in the server's
 * @param scheduleCheck how often scheduled launches and recurring schedules that are due
 * are looked for
 * @param resumeCheck how often launches whose node died are looked for
 * @param abandonedAfter how long a running launch may go without a heartbeat before it is
 * taken to have died and is taken up again: a page of starts takes seconds, and a launch
 * waiting for its pace beats three times in this time
 * @param previewWorkMem on PostgreSQL, the memory a segment preview may take for each of
 * its groupings and sorts ({@code work_mem}, for that transaction only): the default 4 MB
 * makes "logged in twice in 30 days" over a million customers spill to disk
 * @param previewParallelWorkers on PostgreSQL, how many parallel workers a preview may
 * use ({@code max_parallel_workers_per_gather}): none by default, since each worker built
 * the whole grouping of events again (three times the work on two cores, measured), and a
 * preview should leave the other cores to the journeys
 */
@ConfigurationProperties("siyu.audiences")
record AudienceProperties(@DefaultValue("Asia/Shanghai") String timeZone, @DefaultValue("30s") Duration scheduleCheck,
		@DefaultValue("30s") Duration resumeCheck, @DefaultValue("2m") Duration abandonedAfter,
		@DefaultValue("64MB") String previewWorkMem, @DefaultValue("0") int previewParallelWorkers) {

	AudienceProperties {
		if (!previewWorkMem.matches("[1-9][0-9]{0,6}(kB|MB|GB)")) {
			throw new IllegalArgumentException(
					"siyu.audiences.preview-work-mem must be a size such as 64MB, not '" + previewWorkMem + "'");
		}
	}

}
