package dev.siyu.bench;

import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siyu.event.EventStore;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audiences at a brand's scale: a million customers imported from CSV over HTTP, then
 * their orders (one or two lines each for 60 %), three million events and the RFM layer
 * written beside, then the previews of four segments of the kind marketers build (交并差
 * over orders, channels, layers and events), each the count, a sample of 20 and the reach
 * of four channels. Run by {@code bench/run}, never by {@code mvn verify}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@EnabledIfSystemProperty(named = "siyu.bench", matches = "true")
class AudienceBenchmark {

	static final Instant T0 = Instant.parse("2026-06-15T04:00:00Z");

	static final String[] CITIES = { "上海", "北京", "杭州", "广州", "深圳", "成都", "武汉", "南京" };

	static final String[] SOURCES = { "门店", "包裹卡", "直播间", "广告", "小红书" };

	static final String[] SKUS = { "HERO-59", "YOGURT-29", "CHEESE-89", "KIDS-MILK-129" };

	static final String[] EVENTS = { "LoggedIn", "LoggedIn", "ActivityJoined", "Followed" };

	static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	final HttpClient http = HttpClient.newHttpClient();

	@AfterEach
	void resetClock() {
		ClockUtil.reset();
	}

	@Test
	void audiences() throws Exception {
		int customers = BenchResults.size("audience", 1_000_000);
		ClockUtil.setCurrentTime(Date.from(T0));
		Path dir = Files.createDirectories(Path.of(System.getProperty("siyu.bench.out", "target/bench")));
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("customers", customers);

		Path customerFile = dir.resolve("customers.csv");
		writeCustomers(customerFile, customers);
		long start = System.nanoTime();
		JsonNode imported = upload("customers", customerFile);
		long customerNanos = System.nanoTime() - start;
		assertThat(imported.get("created").asLong()).as(imported.toString()).isEqualTo(customers);
		figures.put("import_customers_mb", Files.size(customerFile) / 1_000_000);
		figures.put("import_customers_s", seconds(customerNanos));
		figures.put("import_customers_per_s", BenchResults.perSecond(customers, customerNanos));

		Path orderFile = dir.resolve("orders.csv");
		int orderRows = writeOrders(orderFile, customers);
		start = System.nanoTime();
		JsonNode orders = upload("orders", orderFile);
		long orderNanos = System.nanoTime() - start;
		figures.put("import_order_rows", orderRows);
		figures.put("import_orders", orders.get("created").asLong());
		figures.put("import_orders_s", seconds(orderNanos));
		figures.put("import_order_rows_per_s", BenchResults.perSecond(orderRows, orderNanos));

		figures.put("events", writeEvents(customers));
		start = System.nanoTime();
		figures.put("recent_events", rememberLatestEvents());
		figures.put("recent_events_s", seconds(System.nanoTime() - start));
		writeLayers(customers);
		// one in twenty replied 回T to an SMS
		this.jdbc
			.update("""
					insert into channel_opt_out (customer_id, channel, opted_out_at, source)
					select id, 'sms', created_at, 'bench' from customer where mod(length(id) * 7 + ascii(substring(id, length(id), 1)), 20) = 0""");
		if (BenchResults.database().equals("postgres")) {
			this.jdbc.execute("analyze");
		}

		Map<String, String> segments = new LinkedHashMap<>();
		segments.put("hero_followers_not_friends",
				"""
						{"and": [{"bought": {"sku": "HERO-59"}}, {"reachable": "wechat-oa"}, {"not": {"reachable": "wecom"}}]}""");
		segments.put("important_value_minus_bought_7d",
				"""
						{"minus": [{"layer": {"ruleSet": "rfm", "in": ["IMPORTANT_VALUE"]}}, {"lastOrder": {"withinDays": 7}}]}""");
		segments.put("active_not_buying", """
				{"and": [{"event": {"type": "LoggedIn", "atLeast": 2, "withinDays": 30}},
				         {"noEvent": {"type": "Purchased", "withinDays": 30}}, {"orders": {"atMost": 0}}]}""");
		segments.put("big_spenders_in_shanghai_by_sms", """
				{"and": [{"spent": {"moreThan": 150}}, {"field": {"name": "city", "op": "eq", "value": "上海"}},
				         {"reachable": "sms"}]}""");
		for (Map.Entry<String, String> segment : segments.entrySet()) {
			String key = "bench-" + segment.getKey().replace('_', '-');
			post("/api/segments", "{\"key\": \"%s\", \"definition\": %s}".formatted(key, segment.getValue()));
			long[] nanos = new long[5];
			long count = 0;
			for (int i = 0; i < nanos.length; i++) {
				long t = System.nanoTime();
				JsonNode preview = get("/api/segments/" + key + "/preview?sample=20");
				nanos[i] = System.nanoTime() - t;
				count = preview.get("count").asLong();
			}
			Arrays.sort(nanos);
			figures.put("preview_" + segment.getKey() + "_count", count);
			figures.put("preview_" + segment.getKey() + "_ms_median", nanos[nanos.length / 2] / 1_000_000);
			figures.put("preview_" + segment.getKey() + "_ms_max", nanos[nanos.length - 1] / 1_000_000);
		}
		BenchResults.write("audience", figures);
	}

	private static void writeCustomers(Path file, int count) throws Exception {
		Random random = new Random(11);
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			out.write("客户ID,姓名,手机号,城市,来源,已关注公众号,openid,企微好友,external_userid,同意营销,标签\n");
			for (int i = 0; i < count; i++) {
				boolean follows = random.nextInt(100) < 55;
				boolean friend = random.nextInt(100) < 25;
				out.write("c" + i + ",客户" + i + "," + ((random.nextInt(100) < 80) ? 13_000_000_000L + i : "") + ","
						+ CITIES[random.nextInt(CITIES.length)] + "," + SOURCES[random.nextInt(SOURCES.length)] + ","
						+ (follows ? "是," : "否,") + (follows ? "oa-" + i : "") + "," + (friend ? "是" : "否") + ","
						+ (friend ? "wecom-" + i : "") + "," + ((random.nextInt(100) < 5) ? "否" : "") + ","
						+ ((random.nextInt(100) < 10) ? "vip" : "") + "\n");
			}
		}
	}

	/**
	 * 60 % bought: one or two orders, one or two lines each, within the last 180 days.
	 */
	private static int writeOrders(Path file, int customers) throws Exception {
		Random random = new Random(12);
		DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.ofHours(8));
		int rows = 0;
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			out.write("订单号,客户ID,下单时间,商品编码,数量,单价\n");
			for (int i = 0; i < customers; i++) {
				if (random.nextInt(100) >= 60) {
					continue;
				}
				int orders = 1 + random.nextInt(2);
				for (int o = 0; o < orders; o++) {
					String at = format.format(T0.minus(Duration.ofMinutes(random.nextInt(180 * 24 * 60))));
					int lines = 1 + random.nextInt(2);
					for (int l = 0; l < lines; l++) {
						String sku = SKUS[random.nextInt(SKUS.length)];
						out.write("o" + i + "-" + o + ",c" + i + "," + at + "," + sku + "," + (1 + random.nextInt(3))
								+ "," + sku.substring(sku.lastIndexOf('-') + 1) + "\n");
						rows++;
					}
				}
			}
		}
		return rows;
	}

	/** Three events per customer within the last 60 days, written beside Siyu. */
	private int writeEvents(int customers) {
		Random random = new Random(13);
		List<Object[]> batch = new ArrayList<>();
		int written = 0;
		for (int i = 0; i < customers; i++) {
			for (int e = 0; e < 3; e++) {
				Timestamp at = Timestamp.from(T0.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 60))));
				batch.add(new Object[] { UUID.randomUUID().toString(), "c" + i, EVENTS[random.nextInt(EVENTS.length)],
						at, at });
			}
			if (batch.size() >= 10_000) {
				written += flushEvents(batch);
			}
		}
		return written + flushEvents(batch);
	}

	private int flushEvents(List<Object[]> batch) {
		this.jdbc.batchUpdate("""
				insert into customer_event (event_id, customer_id, type, occurred_at, received_at, properties)
				values (?, ?, ?, ?, ?, '{}')""", batch);
		int size = batch.size();
		batch.clear();
		return size;
	}

	/**
	 * Each customer's latest events per type, which the event store keeps at intake, for
	 * the events written beside it: what the migration that added them does.
	 */
	private int rememberLatestEvents() {
		return this.jdbc.update("""
				insert into customer_event_recent (customer_id, type, recency, occurred_at)
				select customer_id, type, recency, occurred_at
				from (select customer_id, type, occurred_at,
				             row_number() over (partition by customer_id, type order by occurred_at desc) as recency
				      from customer_event) ranked
				where recency <= %d""".formatted(EventStore.RECENT_KEPT));
	}

	/** The RFM layer as a nightly layering would leave it, a fifth important-value. */
	private void writeLayers(int customers) {
		List<Object[]> batch = new ArrayList<>();
		Timestamp now = Timestamp.from(T0);
		String[] layers = { "IMPORTANT_VALUE", "IMPORTANT_KEEP", "GENERAL_VALUE", "GENERAL_KEEP", "GENERAL_RETAIN" };
		for (int i = 0; i < customers; i++) {
			batch.add(new Object[] { "c" + i, layers[i % layers.length], now });
			if (batch.size() >= 10_000) {
				flushLayers(batch);
			}
		}
		flushLayers(batch);
	}

	private void flushLayers(List<Object[]> batch) {
		this.jdbc.batchUpdate("""
				insert into customer_layer (customer_id, rule_set, layer_value, rule_name, version, computed_at)
				values (?, 'rfm', ?, 'bench', 1, ?)""", batch);
		batch.clear();
	}

	private JsonNode upload(String kind, Path file) throws Exception {
		HttpResponse<String> response = this.http.send(request("/api/import/" + kind).header("Content-Type", "text/csv")
			.POST(HttpRequest.BodyPublishers.ofFile(file))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private JsonNode get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(request(path).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private void post(String path, String json) throws Exception {
		HttpResponse<String> response = this.http.send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofMinutes(30))
			.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8)));
	}

	private static double seconds(long nanos) {
		return Math.round(nanos / 1e7) / 100.0;
	}

}
