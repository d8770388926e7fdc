package dev.siyu.audience;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AudienceProperties.class)
class AudienceConfig {

	/** Launches run one after another: each already fills the engine with starts. */
	@Bean
	ThreadPoolTaskExecutor launchExecutor() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix("siyu-launch-");
		executor.setCorePoolSize(1);
		executor.setMaxPoolSize(1);
		return executor;
	}

}
