package dev.siyu.customer;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siyu.system.TestApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CSV imports over real HTTP, in the encodings and shapes Chinese shop back-ends export.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ImportApiTest {

	static final Charset GBK = Charset.forName("GBK");

	@LocalServerPort
	int port;

	@Autowired
	CustomerRepository customers;

	@Autowired
	OrderRepository orders;

	@Autowired
	JdbcClient jdbc;

	RestClient api;

	String run;

	@BeforeEach
	void client() {
		this.api = TestApi.asDemo(this.port);
		this.run = "imp-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void customersWithChineseHeadersInUtf8WithAByteOrderMarkAreCreatedThenUpdated() {
		String csv = "\uFEFF客户ID,姓名,手机号,城市,来源,同意营销,标签\n" + "%1$s-1,王芳,138 0013 8000,上海,门店,是,vip|618\n"
				+ "%1$s-2,\"李, 娜\",,杭州,包裹卡,,\n";

		ResponseEntity<JsonNode> imported = post("customers", csv.formatted(this.run).getBytes(StandardCharsets.UTF_8),
				null);

		assertThat(imported.getStatusCode().value()).as(String.valueOf(imported.getBody())).isEqualTo(200);
		assertThat(imported.getBody().get("rows").asLong()).isEqualTo(2);
		assertThat(imported.getBody().get("created").asLong()).isEqualTo(2);
		assertThat(imported.getBody().get("charset").asText()).isEqualTo("UTF-8");
		Customer wang = this.customers.find(this.run + "-1").orElseThrow();
		assertThat(wang.name()).isEqualTo("王芳");
		assertThat(wang.phone()).isEqualTo("13800138000");
		assertThat(wang.city()).isEqualTo("上海");
		assertThat(wang.source()).isEqualTo("门店");
		assertThat(wang.marketingConsent()).isTrue();
		assertThat(wang.tags()).containsExactlyInAnyOrder("vip", "618");
		assertThat(this.customers.find(this.run + "-2").orElseThrow().name()).isEqualTo("李, 娜");

		// an empty cell keeps what Siyu knows; a tag is added to hers
		ResponseEntity<JsonNode> again = post("customers",
				"id,city,tags\n%s-1,,新客\n".formatted(this.run).getBytes(StandardCharsets.UTF_8), null);

		assertThat(again.getBody().get("updated").asLong()).isEqualTo(1);
		Customer updated = this.customers.find(this.run + "-1").orElseThrow();
		assertThat(updated.city()).isEqualTo("上海");
		assertThat(updated.tags()).containsExactlyInAnyOrder("vip", "618", "新客");
	}

	@Test
	void aGbkFileAsShopBackEndsExportItIsReadCorrectly() {
		String csv = "会员ID,昵称,城市,渠道\r\n%1$s-g1,张伟,北京,直播间\r\n%1$s-g2,陈静,广州,小红书\r\n".formatted(this.run);
		byte[] gbk = csv.getBytes(GBK);

		ResponseEntity<JsonNode> detected = post("customers", gbk, null);

		assertThat(detected.getStatusCode().value()).as(String.valueOf(detected.getBody())).isEqualTo(200);
		assertThat(detected.getBody().get("charset").asText()).isEqualTo("GB18030");
		assertThat(this.customers.find(this.run + "-g1").orElseThrow().name()).isEqualTo("张伟");
		assertThat(this.customers.find(this.run + "-g2").orElseThrow().city()).isEqualTo("广州");
		assertThat(this.customers.find(this.run + "-g2").orElseThrow().source()).isEqualTo("小红书");

		ResponseEntity<JsonNode> named = post("customers", "会员ID,昵称\n%s-g3,刘洋\n".formatted(this.run).getBytes(GBK),
				"GBK");
		assertThat(named.getStatusCode().value()).isEqualTo(200);
		assertThat(this.customers.find(this.run + "-g3").orElseThrow().name()).isEqualTo("刘洋");
	}

	@Test
	void aFileWithBadRowsImportsNothingAndSaysWhichLinesAndWhy() {
		String csv = """
				id,name,phone,email,marketingConsent
				%1$s-ok,Good,13800000000,good@example.com,yes
				%1$s-phone,Bad phone,call me,,
				"%1$s-multi","Two
				lines",,,
				%1$s-mail,Bad mail,,not-an-address,
				%1$s-ok,Twice,,,
				%1$s-consent,Maybe,,,maybe
				bad id!,X,,,
				""".formatted(this.run);

		ResponseEntity<JsonNode> refused = post("customers", csv.getBytes(StandardCharsets.UTF_8), null);

		assertThat(refused.getStatusCode().value()).isEqualTo(400);
		assertThat(refused.getBody().get("detail").asText()).contains("5 row(s) rejected, so nothing was imported");
		assertThat(refused.getBody().get("rejectedCount").asLong()).isEqualTo(5);
		List<JsonNode> rejected = items(refused.getBody().get("rejected"));
		assertThat(rejected).extracting((r) -> r.get("line").asLong()).containsExactly(3L, 6L, 7L, 8L, 9L);
		assertThat(rejected.get(0).get("reason").asText()).contains("'phone' must be digits");
		assertThat(rejected.get(1).get("reason").asText()).contains("'email' not-an-address");
		assertThat(rejected.get(2).get("reason").asText()).contains("on an earlier line too");
		assertThat(rejected.get(3).get("reason").asText()).contains("'marketingConsent' maybe is not yes or no");
		assertThat(rejected.get(4).get("reason").asText()).contains("'id' bad id!");
		assertThat(this.customers.find(this.run + "-ok")).isEmpty();
		assertThat(this.customers.find(this.run + "-multi")).isEmpty();
	}

	@Test
	void anUnknownOrMissingColumnIsNamed() {
		ResponseEntity<JsonNode> unknown = post("customers", "id,nickname\nx,y\n".getBytes(StandardCharsets.UTF_8),
				null);
		assertThat(unknown.getStatusCode().value()).isEqualTo(400);
		assertThat(unknown.getBody().get("detail").asText()).contains("unknown column 'nickname'");

		ResponseEntity<JsonNode> missing = post("orders", "orderId,sku\nx,y\n".getBytes(StandardCharsets.UTF_8), null);
		assertThat(missing.getStatusCode().value()).isEqualTo(400);
		assertThat(missing.getBody().get("detail").asText()).contains("no column 'customerId'");

		ResponseEntity<JsonNode> twice = post("customers",
				"客户ID,手机号,电话\nx,13800000000,\n".getBytes(StandardCharsets.UTF_8), null);
		assertThat(twice.getStatusCode().value()).isEqualTo(400);
		assertThat(twice.getBody().get("detail").asText()).contains("two columns mean 'phone' (手机号 and 电话)");

		assertThat(post("customers", "id\nx\n".getBytes(StandardCharsets.UTF_8), "latin1").getBody()
			.get("detail")
			.asText()).contains("'charset' must be UTF-8 or GBK");

		assertThat(post("coupons", "a\nb\n".getBytes(StandardCharsets.UTF_8), null).getStatusCode().value())
			.isEqualTo(404);
		assertThat(post("customers", "id\n".getBytes(StandardCharsets.UTF_8), null).getBody().get("detail").asText())
			.contains("no rows");
	}

	@Test
	void ordersAreImportedALineAtATimeInTheBrandsTimeZoneAndOnlyOnce() {
		this.customers.upsert(this.run + "-buyer", CustomerChanges.none());
		String csv = """
				订单号,客户ID,下单时间,实付金额,商品编码,数量,单价
				%1$s-o1,%1$s-buyer,2026-06-18 20:30:00,177.00,HERO-59,2,59
				%1$s-o1,%1$s-buyer,2026-06-18 20:30:00,177.00,TEA-1,1,59
				%1$s-o2,%1$s-buyer,2026/6/20 9:05,,HERO-59,1,59.00
				""".formatted(this.run);

		ResponseEntity<JsonNode> imported = post("orders", csv.getBytes(StandardCharsets.UTF_8), null);

		assertThat(imported.getStatusCode().value()).as(String.valueOf(imported.getBody())).isEqualTo(200);
		assertThat(imported.getBody().get("rows").asLong()).isEqualTo(3);
		assertThat(imported.getBody().get("created").asLong()).isEqualTo(2);
		List<Order> bought = this.orders.findByCustomer(this.run + "-buyer");
		assertThat(bought).hasSize(2);
		Order first = bought.stream().filter((o) -> o.id().endsWith("-o1")).findFirst().orElseThrow();
		assertThat(first.amount()).isEqualByComparingTo("177.00");
		assertThat(first.orderedAt().toInstant()).isEqualTo(OffsetDateTime.parse("2026-06-18T12:30:00Z").toInstant());
		assertThat(first.items()).extracting(Order.Item::sku).containsExactly("HERO-59", "TEA-1");
		Order second = bought.stream().filter((o) -> o.id().endsWith("-o2")).findFirst().orElseThrow();
		assertThat(second.amount()).isEqualByComparingTo("59.00");

		ResponseEntity<JsonNode> again = post("orders", csv.getBytes(StandardCharsets.UTF_8), null);
		assertThat(again.getBody().get("created").asLong()).isZero();
		assertThat(again.getBody().get("unchanged").asLong()).isEqualTo(2);
		assertThat(this.orders.findByCustomer(this.run + "-buyer")).hasSize(2);
	}

	@Test
	void segmentsSeeImportedOrdersAddedToThoseFromEventsOnce() {
		String buyer = this.run + "-sum";
		this.customers.upsert(buyer, CustomerChanges.none());
		this.orders.record(new Order(this.run + "-e1", buyer, new java.math.BigDecimal("100.00"),
				OffsetDateTime.parse("2026-06-01T10:00:00+08:00"),
				List.of(new Order.Item("TEA-1", 1, new java.math.BigDecimal("100.00")))), "event-" + this.run);
		String csv = """
				订单号,客户ID,下单时间,实付金额,商品编码,数量,单价,优惠券金额
				%1$s-o1,%2$s,2026-06-18 20:30:00,177.00,HERO-59,2,59,20
				%1$s-o1,%2$s,2026-06-18 20:30:00,177.00,TEA-1,1,59,20
				%1$s-o2,%2$s,2026-06-20 09:05:00,59.00,HERO-59,1,59,
				""".formatted(this.run, buyer);

		assertThat(post("orders", csv.getBytes(StandardCharsets.UTF_8), null).getStatusCode().value()).isEqualTo(200);
		// the coupon redeemed on an order (what the offer cost), given once per order
		assertThat(this.jdbc.sql("select coupon_value from customer_order where id = :id")
			.param("id", this.run + "-o1")
			.query(java.math.BigDecimal.class)
			.single()).isEqualByComparingTo("20");
		assertThat(this.jdbc.sql("select coupon_value from customer_order where id = :id")
			.param("id", this.run + "-o2")
			.query(java.math.BigDecimal.class)
			.optional()).isEmpty();
		// 100 + 177 + 59 = 336 over three orders; TEA-1 bought twice, the hero twice
		assertThat(count(buyer, "{\"spent\": {\"moreThan\": 335}}")).isEqualTo(1);
		assertThat(count(buyer, "{\"spent\": {\"moreThan\": 336}}")).isZero();
		assertThat(count(buyer, "{\"orders\": {\"atLeast\": 3, \"atMost\": 3}}")).isEqualTo(1);
		assertThat(count(buyer, "{\"lastOrder\": {\"after\": \"2026-06-20\"}}")).isEqualTo(1);
		assertThat(count(buyer, "{\"lastOrder\": {\"after\": \"2026-06-21\"}}")).isZero();

		post("orders", csv.getBytes(StandardCharsets.UTF_8), null);
		assertThat(count(buyer, "{\"spent\": {\"moreThan\": 336}}")).as("imported again, counted once").isZero();
		assertThat(count(buyer, "{\"orders\": {\"atMost\": 3}}")).isEqualTo(1);
	}

	private long count(String customer, String condition) {
		String definition = """
				{"definition": {"and": [{"field": {"name": "id", "op": "eq", "value": "%s"}}, %s]}}"""
			.formatted(customer, condition);
		return this.api.post()
			.uri("/api/segments/preview?sample=0")
			.contentType(MediaType.APPLICATION_JSON)
			.body(definition)
			.retrieve()
			.body(JsonNode.class)
			.get("count")
			.asLong();
	}

	@Test
	void ordersOfCustomersSiyuDoesNotKnowAreRejected() {
		String csv = """
				orderId,customerId,orderedAt,amount,sku
				%1$s-o1,%1$s-nobody,2026-06-18,59,HERO-59
				%1$s-o2,%1$s-nobody,yesterday,59,HERO-59
				""".formatted(this.run);

		ResponseEntity<JsonNode> refused = post("orders", csv.getBytes(StandardCharsets.UTF_8), null);

		assertThat(refused.getStatusCode().value()).isEqualTo(400);
		assertThat(refused.getBody().get("rejected").toString()).contains("\"line\":3")
			.contains("'orderedAt' yesterday")
			.contains("\"line\":2")
			.contains("no customer '" + this.run + "-nobody': import the customers first");
	}

	@Test
	void tagsAreAddedToKnownCustomersAsAFormUpload() {
		this.customers.upsert(this.run + "-t", new CustomerChanges(null, null, null, null, java.util.Set.of("old")));
		String csv = "客户ID,标签\n%1$s-t,直播观众\n%1$s-t,old\n".formatted(this.run);
		MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
		form.add("file", new ByteArrayResource(csv.getBytes(StandardCharsets.UTF_8)) {
			@Override
			public String getFilename() {
				return "tags.csv";
			}
		});

		ResponseEntity<JsonNode> imported = this.api.post()
			.uri("/api/import/tags")
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(form)
			.retrieve()
			.toEntity(JsonNode.class);

		assertThat(imported.getStatusCode().value()).as(String.valueOf(imported.getBody())).isEqualTo(200);
		assertThat(imported.getBody().get("created").asLong()).isEqualTo(1);
		assertThat(imported.getBody().get("unchanged").asLong()).isEqualTo(1);
		assertThat(this.customers.find(this.run + "-t").orElseThrow().tags()).containsExactlyInAnyOrder("old", "直播观众");
	}

	private ResponseEntity<JsonNode> post(String kind, byte[] csv, String charset) {
		return this.api.post()
			.uri("/api/import/" + kind + ((charset != null) ? "?charset=" + charset : ""))
			.contentType(MediaType.parseMediaType("text/csv"))
			.body(csv)
			.retrieve()
			.toEntity(JsonNode.class);
	}

	private static List<JsonNode> items(JsonNode array) {
		List<JsonNode> items = new java.util.ArrayList<>();
		array.forEach(items::add);
		return items;
	}

}
