package dev.siyu.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever code logs, a mobile number reaches the log masked. */
@SpringBootTest
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class PhoneMaskingTest {

	private static final Logger log = LoggerFactory.getLogger(PhoneMaskingTest.class);

	@Test
	void mobileNumbersAreMaskedInLogLinesAndStackTraces(CapturedOutput output) {
		log.warn("vendor refused 13812345678 and +8615900001111, order 2026061312345678");
		log.warn("send failed", new IllegalStateException("invalid mobile 13700002222"));

		assertThat(output).contains("vendor refused 138****5678 and +86159****1111, order 2026061312345678")
			.contains("invalid mobile 137****2222")
			.doesNotContain("13812345678")
			.doesNotContain("15900001111")
			.doesNotContain("13700002222");
	}

}
