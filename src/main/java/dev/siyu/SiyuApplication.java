package dev.siyu;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableScheduling
public class SiyuApplication {

	public static void main(String[] args) {
		SpringApplication.run(SiyuApplication.class, args);
	}

}
