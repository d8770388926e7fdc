package dev.siyu.rules;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

@Configuration(proxyBeanMethods = false)
class RulesConfig {

	/** One thread: bulk layering runs one at a time anyway. */
	@Bean
	ThreadPoolTaskExecutor layeringExecutor() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix("siyu-layering-");
		executor.setCorePoolSize(1);
		executor.setMaxPoolSize(1);
		return executor;
	}

}
