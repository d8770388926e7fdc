package dev.siyu.audience;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AudienceProperties.class)
class AudienceConfig {

	/**
	 * Up to four launches at a time on a node: a paced launch spends most of its time
	 * waiting (a million at 1,000 a minute takes 17 hours) and must not hold back the
	 * others; more than four would only share the engine's starts.
	 */
	@Bean
	ThreadPoolTaskExecutor launchExecutor() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix("siyu-launch-");
		executor.setCorePoolSize(4);
		executor.setMaxPoolSize(4);
		return executor;
	}

}
