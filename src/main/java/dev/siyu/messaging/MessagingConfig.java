package dev.siyu.messaging;

import java.util.concurrent.ThreadPoolExecutor;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Configuration records are enabled here, not scanned, so that a channel adapter's
 * settings are bound (and validated) only when its live mode is on.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ MessagingProperties.class, ChannelsProperties.class, GuardrailProperties.class })
class MessagingConfig {

	/**
	 * Threads that deliver messages right after their journey step commits. A full queue
	 * is no loss: the message stays PENDING and the dispatcher's sweep picks it up.
	 */
	@Bean
	ThreadPoolTaskExecutor dispatchExecutor() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix("siyu-dispatch-");
		executor.setCorePoolSize(4);
		executor.setMaxPoolSize(4);
		executor.setQueueCapacity(10_000);
		executor.setRejectedExecutionHandler((task, pool) -> {
		});
		executor.setWaitForTasksToCompleteOnShutdown(true);
		executor.setAwaitTerminationSeconds(10);
		return executor;
	}

	/**
	 * The lanes of a dispatcher sweep. A sweep waits for its lanes, so a lane that finds
	 * no free thread runs in the sweeping thread rather than being dropped.
	 */
	@Bean
	ThreadPoolTaskExecutor sweepExecutor(MessagingProperties properties) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix("siyu-sweep-");
		executor.setCorePoolSize(properties.sweepLanes());
		executor.setMaxPoolSize(properties.sweepLanes());
		executor.setQueueCapacity(0);
		executor.setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
		executor.setWaitForTasksToCompleteOnShutdown(true);
		executor.setAwaitTerminationSeconds(10);
		return executor;
	}

}
