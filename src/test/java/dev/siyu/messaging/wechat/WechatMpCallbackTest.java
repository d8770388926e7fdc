package dev.siyu.messaging.wechat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siyu.customer.Customer;
import dev.siyu.customer.CustomerChanges;
import dev.siyu.customer.CustomerRepository;
import dev.siyu.referral.ReferralCodes;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WeChat's pushes to the server URL over real HTTP, signed as WeChat signs them: SHA-1 of
 * the callback token, timestamp and nonce, sorted and joined.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "siyu.channels.wechat-mp.mode=live",
				"siyu.channels.wechat-mp.app-id=" + WechatMpCallbackTest.APP_ID,
				"siyu.channels.wechat-mp.secret=0123456789abcdef0123456789abcdef",
				"siyu.channels.wechat-mp.token=" + WechatMpCallbackTest.TOKEN,
				"siyu.channels.wechat-mp.aes-key=" + WechatMpCallbackTest.AES_KEY })
@ActiveProfiles("test")
class WechatMpCallbackTest {

	static final String APP_ID = "wx5f1e2d3c4b5a6978";

	static final String TOKEN = "siyu-callback-token";

	static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private CustomerRepository customers;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private ObjectMapper json;

	@Autowired
	private ReferralCodes codes;

	@Test
	void echoesEchostrWhenTheServerUrlCheckIsSigned() throws Exception {
		String timestamp = now();
		HttpResponse<String> response = get(Map.of("signature", sign(TOKEN, timestamp, "n-1"), "timestamp", timestamp,
				"nonce", "n-1", "echostr", "7315498823661244216"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("7315498823661244216");
	}

	@Test
	void refusesServerUrlCheckWithForgedSignature() throws Exception {
		String timestamp = now();
		HttpResponse<String> response = get(Map.of("signature", sign("not-the-token", timestamp, "n-1"), "timestamp",
				timestamp, "nonce", "n-1", "echostr", "7315498823661244216"));

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).doesNotContain("7315498823661244216");
	}

	@Test
	void followFromAdQrCodeCreatesFollowingCustomerWithTheAdPlan() throws Exception {
		String openId = newOpenId();
		HttpResponse<String> response = postSigned(subscribe(openId, now(), "qrscene_plan-618"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("success");
		Customer customer = customerWith(openId);
		assertThat(customer.followedOfficialAccount()).isTrue();
		assertThat(events(customer.id())).singleElement().satisfies((event) -> {
			assertThat(event.get("type")).isEqualTo("Followed");
			assertThat(properties(event)).containsEntry("adPlanId", "plan-618").containsEntry("scene", "qrcode");
		});
	}

	@Test
	void followFromACustomersInviteQrCodeIsHerInvitation() throws Exception {
		String inviter = "inviter-" + newOpenId();
		this.customers.upsert(inviter, new CustomerChanges(null, null, true, null, null));
		String code = this.codes.codeOf(inviter);
		String openId = newOpenId();

		assertThat(postSigned(subscribe(openId, now(), "qrscene_invite_" + code)).body()).isEqualTo("success");

		Customer friend = customerWith(openId);
		assertThat(events(friend.id())).filteredOn((event) -> "Followed".equals(event.get("type")))
			.singleElement()
			.satisfies((event) -> assertThat(properties(event)).containsEntry("scene", "invite")
				.containsEntry("inviteCode", code)
				.doesNotContainKey("adPlanId"));
		assertThat(this.jdbc.sql("select inviter_id || ':' || decision from referral where invitee_id = :id")
			.param("id", friend.id())
			.query(String.class)
			.single()).isEqualTo(inviter + ":COUNTED");
	}

	@Test
	void repeatedPushOfTheSameFollowIsStoredOnce() throws Exception {
		String openId = newOpenId();
		String xml = subscribe(openId, now(), "qrscene_plan-618");

		assertThat(postSigned(xml).body()).isEqualTo("success");
		assertThat(postSigned(xml).body()).isEqualTo("success");

		assertThat(events(customerWith(openId).id())).hasSize(1);
	}

	@Test
	void unfollowMarksTheCustomerNotFollowing() throws Exception {
		String openId = newOpenId();
		String followedAt = String.valueOf(Instant.now().getEpochSecond() - 60);
		postSigned(subscribe(openId, followedAt, ""));
		HttpResponse<String> response = postSigned(event(openId, now(), "unsubscribe", ""));

		assertThat(response.body()).isEqualTo("success");
		Customer customer = customerWith(openId);
		assertThat(customer.followedOfficialAccount()).isFalse();
		assertThat(events(customer.id())).extracting((event) -> event.get("type"))
			.containsExactlyInAnyOrder("Followed", "Unfollowed");
	}

	@Test
	void templateMessageReceiptBecomesDeliveryReport() throws Exception {
		String openId = newOpenId();
		String xml = """
				<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName>
				<FromUserName><![CDATA[%s]]></FromUserName>
				<CreateTime>%s</CreateTime>
				<MsgType><![CDATA[event]]></MsgType>
				<Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>
				<MsgID>200163840</MsgID>
				<Status><![CDATA[failed:user block]]></Status></xml>""".formatted(openId, now());

		assertThat(postSigned(xml).body()).isEqualTo("success");

		assertThat(events(customerWith(openId).id())).singleElement().satisfies((event) -> {
			assertThat(event.get("type")).isEqualTo("DeliveryReported");
			assertThat(properties(event)).containsEntry("status", "failed:user block")
				.containsEntry("msgId", "200163840");
		});
	}

	@Test
	void followInSafeModeIsDecrypted() throws Exception {
		String openId = newOpenId();
		WxCryptUtil.EncryptContext encrypted = new WxCryptUtil(TOKEN, AES_KEY, APP_ID)
			.encryptContext(subscribe(openId, now(), "qrscene_plan-618"));
		String body = """
				<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><Encrypt><![CDATA[%s]]></Encrypt></xml>"""
			.formatted(encrypted.getEncrypt());

		HttpResponse<String> response = post(Map.of("signature",
				sign(TOKEN, encrypted.getTimeStamp(), encrypted.getNonce()), "timestamp", encrypted.getTimeStamp(),
				"nonce", encrypted.getNonce(), "encrypt_type", "aes", "msg_signature", encrypted.getSignature()), body);

		assertThat(response.body()).isEqualTo("success");
		assertThat(events(customerWith(openId).id())).singleElement()
			.satisfies((event) -> assertThat(properties(event)).containsEntry("adPlanId", "plan-618"));
	}

	@Test
	void textMessageIsHerReplyAndOtherMessagesAreNotStored() throws Exception {
		String openId = newOpenId();
		String text = """
				<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName>
				<FromUserName><![CDATA[%s]]></FromUserName>
				<CreateTime>%s</CreateTime>
				<MsgType><![CDATA[text]]></MsgType>
				<Content><![CDATA[你好，营业时间是几点？]]></Content>
				<MsgId>23637352235060880</MsgId></xml>""".formatted(openId, now());
		String image = """
				<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName>
				<FromUserName><![CDATA[%s]]></FromUserName>
				<CreateTime>%s</CreateTime>
				<MsgType><![CDATA[image]]></MsgType>
				<PicUrl><![CDATA[https://mmbiz.qpic.cn/example]]></PicUrl>
				<MediaId><![CDATA[media_id]]></MediaId>
				<MsgId>23637352235060881</MsgId></xml>""".formatted(openId, now());

		assertThat(postSigned(text).body()).isEqualTo("success");
		assertThat(postSigned(text).body()).isEqualTo("success");
		assertThat(postSigned(image).body()).isEqualTo("success");

		String customer = customerIdWith(openId);
		assertThat(events(customer)).singleElement().satisfies((event) -> {
			assertThat(event.get("type")).isEqualTo("MessageReplied");
			assertThat(properties(event)).containsEntry("channel", "wechat-oa")
				.containsEntry("text", "你好，营业时间是几点？")
				.containsEntry("length", 11);
		});
		// answered once by the keyword rules, on the Official Account, as a service reply
		assertThat(this.jdbc
			.sql("select template || ':' || channel || ':' || category from message where customer_id = :id")
			.param("id", customer)
			.query(String.class)
			.list()).containsExactly("reply-hours:WECHAT_OA:TRANSACTIONAL");
	}

	@Test
	void forgedPushIsRefusedAndNothingStored() throws Exception {
		String openId = newOpenId();
		String timestamp = now();
		HttpResponse<String> response = post(
				Map.of("signature", sign("not-the-token", timestamp, "n-2"), "timestamp", timestamp, "nonce", "n-2"),
				subscribe(openId, timestamp, "qrscene_plan-618"));

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(customerIdWith(openId)).isNull();
		assertThat(eventCountMentioning(openId)).isZero();
	}

	@Test
	void stalePushIsRefusedAndNothingStored() throws Exception {
		String openId = newOpenId();
		String timestamp = String.valueOf(Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond());
		HttpResponse<String> response = post(
				Map.of("signature", sign(TOKEN, timestamp, "n-3"), "timestamp", timestamp, "nonce", "n-3"),
				subscribe(openId, timestamp, "qrscene_plan-618"));

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(customerIdWith(openId)).isNull();
		assertThat(eventCountMentioning(openId)).isZero();
	}

	private static String subscribe(String openId, String createTime, String eventKey) {
		return event(openId, createTime, "subscribe", eventKey);
	}

	private static String event(String openId, String createTime, String event, String eventKey) {
		return """
				<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName>
				<FromUserName><![CDATA[%s]]></FromUserName>
				<CreateTime>%s</CreateTime>
				<MsgType><![CDATA[event]]></MsgType>
				<Event><![CDATA[%s]]></Event>
				<EventKey><![CDATA[%s]]></EventKey></xml>""".formatted(openId, createTime, event, eventKey);
	}

	/** As WeChat signs: the token, timestamp and nonce sorted, joined, SHA-1 in hex. */
	private static String sign(String token, String timestamp, String nonce) throws NoSuchAlgorithmException {
		String joined = Stream.of(token, timestamp, nonce).sorted().collect(Collectors.joining());
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-1").digest(joined.getBytes(StandardCharsets.UTF_8)));
	}

	private HttpResponse<String> postSigned(String xml) throws Exception {
		String timestamp = now();
		String nonce = UUID.randomUUID().toString().substring(0, 8);
		return post(Map.of("signature", sign(TOKEN, timestamp, nonce), "timestamp", timestamp, "nonce", nonce), xml);
	}

	private HttpResponse<String> post(Map<String, String> query, String xml) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(query))
			.header("Content-Type", "text/xml")
			.POST(HttpRequest.BodyPublishers.ofString(xml))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(Map<String, String> query) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(query)).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(Map<String, String> query) {
		String params = query.entrySet()
			.stream()
			.map((param) -> param.getKey() + "=" + URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return URI.create("http://localhost:" + this.port + "/callbacks/wechat-mp?" + params);
	}

	private static String now() {
		return String.valueOf(Instant.now().getEpochSecond());
	}

	private static String newOpenId() {
		return "oX" + UUID.randomUUID().toString().replace("-", "").substring(0, 26);
	}

	private String customerIdWith(String openId) {
		return this.jdbc.sql("select id from customer where wechat_open_id = :openId")
			.param("openId", openId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private Customer customerWith(String openId) {
		String id = customerIdWith(openId);
		assertThat(id).as("customer with open id %s", openId).isNotNull();
		return this.customers.find(id).orElseThrow();
	}

	private List<Map<String, Object>> events(String customerId) {
		return this.jdbc.sql("select event_id, type, properties from customer_event where customer_id = :id")
			.param("id", customerId)
			.query()
			.listOfRows();
	}

	private long eventCountMentioning(String openId) {
		return this.jdbc.sql("select count(*) from customer_event where event_id like :pattern")
			.param("pattern", "%" + openId + "%")
			.query(Long.class)
			.single();
	}

	private Map<String, Object> properties(Map<String, Object> event) throws Exception {
		return this.json.readValue((String) event.get("properties"), new TypeReference<Map<String, Object>>() {
		});
	}

}
