package dev.siyu.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import dev.siyu.messaging.ChannelType;
import dev.siyu.messaging.Dispatcher;
import dev.siyu.messaging.MessageCategory;
import dev.siyu.messaging.Outbox;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backlog of marketing SMS falling due at once (held by quiet hours until 08:00, say),
 * delivered by the dispatcher's sweeps through the Aliyun adapter to a local HTTP server
 * that answers as Dysmsapi does. Each message passes the guardrails (unsubscribe,
 * consent, quiet hours, daily and weekly caps) and is rendered from its template. Run by
 * {@code bench/run}, never by {@code mvn verify}.
 */
@SpringBootTest(properties = { "siyu.channels.sms.mode=live", "siyu.channels.sms.provider=aliyun",
		"siyu.channels.sms.access-key-id=bench-key-id", "siyu.channels.sms.access-key-secret=bench-key-secret",
		"siyu.channels.sms.sign-name=思域", "siyu.channels.sms.callback-token=bench-callback-token",
		"SIYU_SMS_TEMPLATE_HERO_OFFER_ALIYUN=SMS_465220009" })
@ActiveProfiles("test")
@EnabledIfSystemProperty(named = "siyu.bench", matches = "true")
class DispatchBenchmark {

	/** 10:00 in Shanghai: no quiet hours. */
	static final Instant T0 = Instant.parse("2026-06-01T02:00:00Z");

	static final AtomicLong received = new AtomicLong();

	static final HttpServer aliyun = aliyun();

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Outbox outbox;

	@Autowired
	Dispatcher dispatcher;

	@Autowired
	TransactionTemplate transaction;

	@DynamicPropertySource
	static void endpoint(DynamicPropertyRegistry registry) {
		registry.add("siyu.channels.sms.endpoint", () -> "http://localhost:" + aliyun.getAddress().getPort());
	}

	@AfterAll
	static void stopVendor() {
		aliyun.stop(0);
	}

	@AfterEach
	void resetClock() {
		ClockUtil.reset();
	}

	@Test
	void dispatch() {
		int messages = BenchResults.size("dispatch", 100_000);
		ClockUtil.setCurrentTime(Date.from(T0));
		BenchData.customers(this.jdbc, "sms", messages, T0, 5);
		this.jdbc.update("""
				update customer set name = '客户' || substring(id, 5), marketing_consent = true,
				phone = '1380' || substring(id, 5) where id like 'sms-%'""");
		for (int from = 1; from <= messages; from += 1000) {
			int first = from;
			this.transaction.executeWithoutResult((status) -> {
				for (int n = first; n < first + 1000 && n <= messages; n++) {
					String customer = "sms-%07d".formatted(n);
					this.outbox
						.enqueue(new Outbox.Request("bench-" + customer, customer, ChannelType.SMS, "hero-sms-offer",
								MessageCategory.MARKETING, Map.of("offerCode", "HERO_FIRST_ORDER"), null, null, null));
				}
			});
		}
		BenchResults.countStatements(this.jdbc);
		long t0 = System.nanoTime();
		while (this.dispatcher.dispatchDue() > 0) {
			// a sweep takes a batch of due messages; the backlog is gone when one finds
			// none
		}
		long elapsed = System.nanoTime() - t0;

		Integer sent = this.jdbc.queryForObject("select count(*) from message where status = 'SENT'", Integer.class);
		assertThat(sent).isEqualTo(messages);
		assertThat(received.get()).isEqualTo(messages);
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("messages", messages);
		figures.put("channel", "SMS through the Aliyun adapter (SDK, ACS3 signature) to a local Dysmsapi fake");
		figures.put("messages_per_s", BenchResults.perSecond(messages, elapsed));
		BenchResults.write("dispatch", figures);
		BenchResults.writeTopStatements(this.jdbc, "dispatch");
	}

	/** Answers every SendSms as Dysmsapi does when it accepts one. */
	private static HttpServer aliyun() {
		// the JDK server writes headers and body apart: without this, Nagle's algorithm
		// holds the body until the client's delayed ACK, 40 ms a message
		System.setProperty("sun.net.httpserver.nodelay", "true");
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 200);
			server.setExecutor(Executors.newFixedThreadPool(4));
			server.createContext("/", (exchange) -> {
				exchange.getRequestBody().readAllBytes();
				long n = received.incrementAndGet();
				byte[] body = """
						{"RequestId":"B7A3D8F2-%012d","Message":"OK","BizId":"%d^0","Code":"OK"}"""
					.formatted(n, 900619746936498440L + n)
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
