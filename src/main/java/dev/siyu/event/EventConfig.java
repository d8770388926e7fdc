package dev.siyu.event;

import java.util.concurrent.ThreadPoolExecutor;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventProperties.class)
class EventConfig {

	/**
	 * The notifier's thread. A hint that finds it busy is no loss: the running round goes
	 * round again, and the sweep comes every second.
	 */
	@Bean
	ThreadPoolTaskExecutor eventNotifierExecutor() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix("siyu-notify-");
		executor.setCorePoolSize(1);
		executor.setMaxPoolSize(1);
		executor.setQueueCapacity(1);
		executor.setRejectedExecutionHandler((task, pool) -> {
		});
		return executor;
	}

	/**
	 * The notifier's lanes; a lane that finds no free thread runs in the notifier's own.
	 */
	@Bean
	ThreadPoolTaskExecutor eventNotifierLanes(EventProperties properties) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix("siyu-notify-lane-");
		executor.setCorePoolSize(Math.max(1, properties.notifyLanes()));
		executor.setMaxPoolSize(Math.max(1, properties.notifyLanes()));
		executor.setQueueCapacity(0);
		executor.setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
		return executor;
	}

}
