package dev.siyu.messaging.wecom;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.siyu.community.CommunityGroups;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;
import me.chanjar.weixin.cp.util.crypto.WxCpCryptUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * WeCom's callbacks over real HTTP, built as WeCom builds them: the event XML is
 * encrypted with the EncodingAESKey and the receiving corp id appended, and signed with
 * {@code msg_signature} = SHA-1 of the sorted token, timestamp, nonce and ciphertext.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "siyu.channels.wecom.mode=live", "siyu.channels.wecom.corp-id=" + WecomCallbackTest.CORP_ID,
				"siyu.channels.wecom.secret=unused-in-callbacks",
				"siyu.channels.wecom.token=" + WecomCallbackTest.TOKEN,
				"siyu.channels.wecom.aes-key=" + WecomCallbackTest.AES_KEY })
@ActiveProfiles("test")
class WecomCallbackTest {

	static final String CORP_ID = "ww5823bf96d3bd56c7";

	static final String TOKEN = "QDG6eK";

	static final String AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

	static final String GROUP_CHAT_PATH = "/cgi-bin/externalcontact/groupchat/get";

	/** Answers as qyapi.weixin.qq.com does: the token, and groupchat/get. */
	static final WireMockServer wecom = new WireMockServer(options().dynamicPort());

	static {
		wecom.start();
	}

	@DynamicPropertySource
	static void wecomApi(DynamicPropertyRegistry registry) {
		registry.add("siyu.channels.wecom.api-base-url", wecom::baseUrl);
	}

	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	private CommunityGroups groups;

	@BeforeEach
	void wecomGivesTokens() {
		wecom.resetAll();
		wecom.stubFor(get(urlPathEqualTo("/cgi-bin/gettoken")).withQueryParam("corpid", equalTo(CORP_ID))
			.willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"TOKEN_G\",\"expires_in\":7200}")));
	}

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void addedContactBecomesAFriendCustomerAndIsStoredOnceWhenWecomSendsItTwice() throws Exception {
		String externalUserId = newExternalUserId();
		String xml = contactChange("add_external_contact", externalUserId, 1_780_000_000L,
				"<WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode><State><![CDATA[ad-plan-7]]></State>");

		HttpResponse<String> first = post(xml, CORP_ID, TOKEN, now());
		HttpResponse<String> again = post(xml, CORP_ID, TOKEN, now());

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.body()).isEqualTo("success");
		assertThat(again.statusCode()).isEqualTo(200);
		Map<String, Object> customer = customerByExternalUserId(externalUserId);
		assertThat(customer).containsEntry("wecom_friend", true);
		List<String> events = eventsOf((String) customer.get("id"));
		assertThat(events).containsExactly("WecomFriendAdded");
		assertThat(this.jdbc.sql("select properties from customer_event where customer_id = :id")
			.param("id", customer.get("id"))
			.query(String.class)
			.single()).contains("\"userId\":\"zhangsan\"")
			.contains("\"welcomeCode\":\"WELCOMECODE\"")
			.contains("\"state\":\"ad-plan-7\"");
	}

	@Test
	void deletedContactIsNoLongerAFriend() throws Exception {
		String externalUserId = newExternalUserId();
		post(contactChange("add_external_contact", externalUserId, 1_780_000_000L, ""), CORP_ID, TOKEN, now());

		HttpResponse<String> response = post(contactChange("del_external_contact", externalUserId, 1_780_000_600L, ""),
				CORP_ID, TOKEN, now());

		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> customer = customerByExternalUserId(externalUserId);
		assertThat(customer).containsEntry("wecom_friend", false);
		assertThat(eventsOf((String) customer.get("id"))).containsExactly("WecomFriendAdded", "WecomFriendDeleted");
	}

	@Test
	void forgedSignatureIsRefusedAndNothingIsStored() throws Exception {
		String externalUserId = newExternalUserId();

		HttpResponse<String> response = post(contactChange("add_external_contact", externalUserId, 1_780_000_000L, ""),
				CORP_ID, "not-the-token", now());

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(customerCount(externalUserId)).isZero();
	}

	@Test
	void messageEncryptedForAnotherCorpIsRefused() throws Exception {
		String externalUserId = newExternalUserId();

		HttpResponse<String> response = post(contactChange("add_external_contact", externalUserId, 1_780_000_000L, ""),
				"wwANOTHERCORP00000", TOKEN, now());

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(customerCount(externalUserId)).isZero();
	}

	@Test
	void staleCallbackIsRefused() throws Exception {
		String externalUserId = newExternalUserId();

		HttpResponse<String> response = post(contactChange("add_external_contact", externalUserId, 1_780_000_000L, ""),
				CORP_ID, TOKEN, now() - 6 * 60);

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(customerCount(externalUserId)).isZero();
	}

	@Test
	void urlVerificationAnswersTheDecryptedEchostr() throws Exception {
		String timestamp = String.valueOf(now());
		String nonce = "1372623149";
		String echostr = crypt(CORP_ID).encrypt(randomString(), "1616140317555161061");

		HttpResponse<String> response = this.http.send(HttpRequest
			.newBuilder(uri("msg_signature=" + signature(TOKEN, timestamp, nonce, echostr) + "&timestamp=" + timestamp
					+ "&nonce=" + nonce + "&echostr=" + URLEncoder.encode(echostr, StandardCharsets.UTF_8)))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("1616140317555161061");
	}

	@Test
	void groupMemberChangesAreRecordedForTheCustomersTheyName() throws Exception {
		String externalUserId = newExternalUserId();
		post(contactChange("add_external_contact", externalUserId, 1_780_000_000L, ""), CORP_ID, TOKEN, now());
		String customerId = (String) customerByExternalUserId(externalUserId).get("id");

		post(groupChange("add_member", externalUserId, 1_780_000_100L), CORP_ID, TOKEN, now());
		post(groupChange("del_member", externalUserId, 1_780_000_200L), CORP_ID, TOKEN, now());

		assertThat(eventsOf(customerId)).containsExactly("WecomFriendAdded", "GroupJoined", "GroupLeft");
		assertThat(
				this.jdbc.sql("select properties from customer_event where customer_id = :id and type = 'GroupJoined'")
					.param("id", customerId)
					.query(String.class)
					.single())
			.contains("\"groupId\":\"wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA\"");
		assertThat(this.jdbc.sql("select count(*) from customer where id = 'wecom:lisi'").query(Long.class).single())
			.as("staff members of the group are no customers")
			.isZero();
	}

	@Test
	void aNewGroupIsReadFromWecomAndTheCustomersInItJoinIt() throws Exception {
		String chatId = "wr" + UUID.randomUUID().toString().replace("-", "");
		String first = newExternalUserId();
		String second = newExternalUserId();
		groupChat(chatId, "宝妈福利群", first, second);

		HttpResponse<String> created = post(groupLifecycle(chatId, "create", "", 1_780_000_300L), CORP_ID, TOKEN,
				now());
		HttpResponse<String> again = post(groupLifecycle(chatId, "create", "", 1_780_000_300L), CORP_ID, TOKEN, now());

		assertThat(created.statusCode()).isEqualTo(200);
		assertThat(again.statusCode()).isEqualTo(200);
		wecom
			.verify(postRequestedFor(urlPathEqualTo(GROUP_CHAT_PATH)).withQueryParam("access_token", equalTo("TOKEN_G"))
				.withRequestBody(equalToJson("{\"chat_id\":\"" + chatId + "\",\"need_name\":0}")));
		CommunityGroups.Group group = this.groups.find(chatId).orElseThrow();
		assertThat(group.name()).isEqualTo("宝妈福利群");
		assertThat(group.owners()).containsExactly("zhangsan", "sam");
		assertThat(group.members()).isEqualTo(2);
		String customer = (String) customerByExternalUserId(first).get("id");
		assertThat(eventsOf(customer)).as("one join, however often WeCom sends the callback")
			.containsExactly("GroupJoined");
		assertThat(
				this.jdbc.sql("select count(*) from customer where id = 'wecom:zhangsan'").query(Long.class).single())
			.as("the staff owner is no customer")
			.isZero();
	}

	@Test
	void aRenamedGroupIsReadAgainAndADismissedOneIsKeptAsDismissed() throws Exception {
		String chatId = "wr" + UUID.randomUUID().toString().replace("-", "");
		String member = newExternalUserId();
		groupChat(chatId, "新品体验群", member);
		post(groupLifecycle(chatId, "create", "", 1_780_000_300L), CORP_ID, TOKEN, now());
		groupChat(chatId, "新品体验官 6 月群", member);

		post(groupLifecycle(chatId, "update", "change_name", 1_780_000_400L), CORP_ID, TOKEN, now());
		assertThat(this.groups.find(chatId).orElseThrow().name()).isEqualTo("新品体验官 6 月群");
		HttpResponse<String> dismissed = post(groupLifecycle(chatId, "dismiss", "", 1_780_000_500L), CORP_ID, TOKEN,
				now());

		assertThat(dismissed.statusCode()).isEqualTo(200);
		CommunityGroups.Group group = this.groups.find(chatId).orElseThrow();
		assertThat(group.dismissedAt())
			.isAtSameInstantAs(Instant.ofEpochSecond(1_780_000_500L).atOffset(ZoneOffset.UTC));
		assertThat(group.members()).isZero();
		assertThat(this.groups.assess()).extracting(CommunityGroups.Health::groupId).doesNotContain(chatId);
	}

	@Test
	void aGroupWecomWillNotDescribeFailsTheCallbackSoWecomSendsItAgain() throws Exception {
		String chatId = "wr" + UUID.randomUUID().toString().replace("-", "");
		wecom.stubFor(WireMock.post(urlPathEqualTo(GROUP_CHAT_PATH))
			.willReturn(okJson("{\"errcode\":40050,\"errmsg\":\"chatid not exist\"}")));

		HttpResponse<String> refused = post(groupLifecycle(chatId, "create", "", 1_780_000_300L), CORP_ID, TOKEN,
				now());

		assertThat(refused.statusCode()).isEqualTo(500);
		assertThat(this.groups.find(chatId)).isEmpty();
		groupChat(chatId, "复购福利群", newExternalUserId());
		assertThat(post(groupLifecycle(chatId, "create", "", 1_780_000_300L), CORP_ID, TOKEN, now()).statusCode())
			.isEqualTo(200);
		assertThat(this.groups.find(chatId)).isPresent();
	}

	/**
	 * groupchat/get answers for the group: the owner zhangsan, the admin sam, the
	 * customers.
	 */
	private static void groupChat(String chatId, String name, String... externalUserIds) {
		StringBuilder members = new StringBuilder("""
				{"userid":"zhangsan","type":1,"join_time":1572505491,"join_scene":1}""");
		for (String externalUserId : externalUserIds) {
			members.append(",")
				.append("""
						{"userid":"%s","type":2,"unionid":"ozynqsulJFCZ2z1aYeS8h-nuasdAAA","join_time":1572505491,					"join_scene":3,"group_nickname":"顾客老王"}"""
					.formatted(externalUserId));
		}
		wecom.stubFor(WireMock.post(urlPathEqualTo(GROUP_CHAT_PATH))
			.withRequestBody(matchingJsonPath("$.chat_id", equalTo(chatId)))
			.willReturn(
					okJson("""
							{"errcode":0,"errmsg":"ok","group_chat":{"chat_id":"%s","name":"%s","owner":"zhangsan",					"create_time":1572505490,"notice":"文明沟通，拒绝广告","member_list":[%s],					"admin_list":[{"userid":"sam"}],"member_version":"71217227bbd112ecfe3a49c482195cb4"}}"""
						.formatted(chatId, name, members))));
	}

	private static String groupLifecycle(String chatId, String changeType, String updateDetail, long createTime) {
		return """
				<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>\
				<CreateTime>%d</CreateTime><MsgType><![CDATA[event]]></MsgType>\
				<Event><![CDATA[change_external_chat]]></Event><ChatId><![CDATA[%s]]></ChatId>\
				<ChangeType><![CDATA[%s]]></ChangeType>%s</xml>""".formatted(CORP_ID, createTime, chatId, changeType,
				updateDetail.isEmpty() ? "" : "<UpdateDetail><![CDATA[" + updateDetail + "]]></UpdateDetail>");
	}

	private HttpResponse<String> post(String xml, String encryptedFor, String token, long timestamp)
			throws IOException, InterruptedException, NoSuchAlgorithmException {
		String encrypt = crypt(encryptedFor).encrypt(randomString(), xml);
		String nonce = randomString();
		String body = """
				<xml><ToUserName><![CDATA[%s]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID>\
				<Encrypt><![CDATA[%s]]></Encrypt></xml>""".formatted(CORP_ID, encrypt);
		String query = "msg_signature=" + signature(token, String.valueOf(timestamp), nonce, encrypt) + "&timestamp="
				+ timestamp + "&nonce=" + nonce;
		return this.http.send(HttpRequest.newBuilder(uri(query))
			.header("Content-Type", "text/xml")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String query) {
		return URI.create("http://localhost:" + this.port + "/callbacks/wecom?" + query);
	}

	private static String contactChange(String changeType, String externalUserId, long createTime, String extra) {
		return """
				<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>\
				<CreateTime>%d</CreateTime><MsgType><![CDATA[event]]></MsgType>\
				<Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[%s]]></ChangeType>\
				<UserID><![CDATA[zhangsan]]></UserID><ExternalUserID><![CDATA[%s]]></ExternalUserID>%s</xml>"""
			.formatted(CORP_ID, createTime, changeType, externalUserId, extra);
	}

	private static String groupChange(String updateDetail, String externalUserId, long createTime) {
		return """
				<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>\
				<CreateTime>%d</CreateTime><MsgType><![CDATA[event]]></MsgType>\
				<Event><![CDATA[change_external_chat]]></Event><ChatId><![CDATA[wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA]]></ChatId>\
				<ChangeType><![CDATA[update]]></ChangeType><UpdateDetail><![CDATA[%s]]></UpdateDetail>\
				<JoinScene>1</JoinScene><QuitScene>0</QuitScene><MemChangeCnt>2</MemChangeCnt>\
				<MemChangeList><Item><![CDATA[%s]]></Item><Item><![CDATA[lisi]]></Item></MemChangeList>\
				<LastMemVer>9c3f97c2ada667dfb5f6d03308d963e1</LastMemVer><CurMemVer>71217227bbd112ecfe3a49c482195cb4</CurMemVer>\
				</xml>"""
			.formatted(CORP_ID, createTime, updateDetail, externalUserId);
	}

	private static WxCpCryptUtil crypt(String corpId) {
		WxCpDefaultConfigImpl config = new WxCpDefaultConfigImpl();
		config.setCorpId(corpId);
		config.setToken(TOKEN);
		config.setAesKey(AES_KEY);
		return new WxCpCryptUtil(config);
	}

	/** WeCom's msg_signature: SHA-1 over the sorted, concatenated values. */
	private static String signature(String... values) throws NoSuchAlgorithmException {
		String joined = Stream.of(values).sorted().collect(Collectors.joining());
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-1").digest(joined.getBytes(StandardCharsets.UTF_8)));
	}

	private Map<String, Object> customerByExternalUserId(String externalUserId) {
		return this.jdbc.sql("select id, wecom_friend from customer where wecom_external_user_id = :id")
			.param("id", externalUserId)
			.query()
			.singleRow();
	}

	private long customerCount(String externalUserId) {
		return this.jdbc.sql("select count(*) from customer where wecom_external_user_id = :ext or id = :id")
			.param("ext", externalUserId)
			.param("id", "wecom:" + externalUserId)
			.query(Long.class)
			.single();
	}

	private List<String> eventsOf(String customerId) {
		return this.jdbc.sql("select type from customer_event where customer_id = :id order by occurred_at")
			.param("id", customerId)
			.query(String.class)
			.list();
	}

	private static long now() {
		return Instant.now().getEpochSecond();
	}

	private static String newExternalUserId() {
		return "wm" + UUID.randomUUID().toString().replace("-", "");
	}

	private static String randomString() {
		return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
	}

}
