package dev.siyu.messaging.wechat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import dev.siyu.customer.CustomerRepository;
import dev.siyu.event.CustomerEvent;
import dev.siyu.event.EventIntake;
import dev.siyu.event.EventType;
import dev.siyu.referral.Referrals;
import me.chanjar.weixin.common.api.WxConsts;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Official Account's server URL. WeChat signs every call with the callback token; a
 * call that is not signed, or signed more than {@link #MAX_SKEW} away from now (a
 * replay), is refused and nothing is stored. Follows, unfollows and template-message
 * receipts become customer events; WeChat repeats a push it got no answer to within 5
 * seconds, and the event id made of the push's own fields makes the repeat a duplicate.
 */
@RestController
@ConditionalOnProperty(name = "siyu.channels.wechat-mp.mode", havingValue = "live")
@RequestMapping(path = "/callbacks/wechat-mp", produces = MediaType.TEXT_PLAIN_VALUE)
class WechatMpCallbackController {

	private static final Logger log = LoggerFactory.getLogger(WechatMpCallbackController.class);

	static final Duration MAX_SKEW = Duration.ofMinutes(5);

	/** What a parametric QR code's scene value comes after in a follow's EventKey. */
	static final String QR_SCENE_PREFIX = "qrscene_";

	private static final String SUCCESS = "success";

	private final WxMpService wechat;

	private final CustomerRepository customers;

	private final EventIntake intake;

	private final JdbcClient jdbc;

	WechatMpCallbackController(WxMpService wechat, CustomerRepository customers, EventIntake intake, JdbcClient jdbc) {
		this.wechat = wechat;
		this.customers = customers;
		this.intake = intake;
		this.jdbc = jdbc;
	}

	/** WeChat's check of the server URL when it is configured. */
	@GetMapping
	ResponseEntity<String> verify(@RequestParam(required = false) String signature,
			@RequestParam(required = false) String timestamp, @RequestParam(required = false) String nonce,
			@RequestParam(required = false) String echostr) {
		if (!signed(signature, timestamp, nonce) || echostr == null) {
			return forbidden();
		}
		return ResponseEntity.ok(echostr);
	}

	@PostMapping
	ResponseEntity<String> receive(@RequestParam(required = false) String signature,
			@RequestParam(required = false) String timestamp, @RequestParam(required = false) String nonce,
			@RequestParam(name = "encrypt_type", required = false) String encryptType,
			@RequestParam(name = "msg_signature", required = false) String msgSignature,
			@RequestBody(required = false) String body) {
		if (!signed(signature, timestamp, nonce) || !fresh(timestamp) || body == null) {
			return forbidden();
		}
		WxMpXmlMessage message;
		try {
			message = "aes".equals(encryptType) ? WxMpXmlMessage.fromEncryptedXml(body,
					this.wechat.getWxMpConfigStorage(), timestamp, nonce, msgSignature) : WxMpXmlMessage.fromXml(body);
		}
		catch (RuntimeException ex) {
			// safe mode checks the message's own signature while decrypting
			log.warn("WeChat callback refused: {}", ex.getMessage());
			return forbidden();
		}
		CustomerEvent event = toEvent(message);
		if (event != null) {
			this.intake.accept(event);
		}
		return ResponseEntity.ok(SUCCESS);
	}

	private CustomerEvent toEvent(WxMpXmlMessage message) {
		String openId = message.getFromUser();
		if (openId == null || openId.isBlank()) {
			return null;
		}
		if (WxConsts.XmlMsgType.TEXT.equals(message.getMsgType()) && message.getMsgId() != null) {
			// she wrote to the Official Account: a reply, for the keyword rules and the
			// KOC rules (its length)
			String text = (message.getContent() != null) ? message.getContent() : "";
			Map<String, Object> properties = new HashMap<>();
			properties.put("channel", "wechat-oa");
			properties.put("text", (text.length() > 500) ? text.substring(0, 500) : text);
			properties.put("length", text.length());
			String customerId = this.customers.idForVendorId(CustomerRepository.VendorId.WECHAT_OPEN_ID, openId);
			return new CustomerEvent("wechat-mp:" + openId + ":msg:" + message.getMsgId(), customerId,
					EventType.MessageReplied, occurredAt(message), properties);
		}
		if (!WxConsts.XmlMsgType.EVENT.equals(message.getMsgType())) {
			return null;
		}
		String event = message.getEvent();
		Map<String, Object> properties = new HashMap<>();
		EventType type;
		String eventId = "wechat-mp:" + openId + ":" + message.getCreateTime() + ":" + event;
		if (WxConsts.EventType.SUBSCRIBE.equals(event)) {
			type = EventType.Followed;
			String key = message.getEventKey();
			String scene = (key != null && key.startsWith(QR_SCENE_PREFIX)) ? key.substring(QR_SCENE_PREFIX.length())
					: null;
			if (scene != null && scene.startsWith(Referrals.QR_SCENE_PREFIX)) {
				// a customer's personal invite QR code: the scene holds her code
				properties.put("scene", "invite");
				properties.put(Referrals.INVITE_CODE, scene.substring(Referrals.QR_SCENE_PREFIX.length()));
			}
			else if (scene != null) {
				properties.put("scene", "qrcode");
				properties.put("adPlanId", scene);
			}
			else {
				properties.put("scene", "other");
			}
		}
		else if (WxConsts.EventType.UNSUBSCRIBE.equals(event)) {
			type = EventType.Unfollowed;
		}
		else if (WxConsts.EventType.TEMPLATE_SEND_JOB_FINISH.equals(event)) {
			type = EventType.DeliveryReported;
			Long msgId = (message.getMassMsgId() != null) ? message.getMassMsgId() : message.getMsgId();
			properties.put("status", message.getStatus());
			if (msgId != null) {
				properties.put("msgId", msgId.toString());
				eventId += ":" + msgId;
				Long messageId = siyuMessageId(msgId.toString());
				if (messageId != null) {
					properties.put("messageId", messageId);
				}
			}
		}
		else {
			return null;
		}
		String customerId = this.customers.idForVendorId(CustomerRepository.VendorId.WECHAT_OPEN_ID, openId);
		return new CustomerEvent(eventId, customerId, type, occurredAt(message), properties);
	}

	/** The Siyu message a template-message receipt is about, if Siyu sent it. */
	private Long siyuMessageId(String vendorMessageId) {
		return this.jdbc.sql("""
				select id from message where channel = 'WECHAT_OA' and vendor_message_id = :vendorId
				order by id desc fetch first 1 rows only""")
			.param("vendorId", vendorMessageId)
			.query(Long.class)
			.optional()
			.orElse(null);
	}

	private boolean signed(String signature, String timestamp, String nonce) {
		return signature != null && timestamp != null && nonce != null
				&& this.wechat.checkSignature(timestamp, nonce, signature);
	}

	/** WeChat's clock, so wall-clock time rather than the engine's. */
	private static boolean fresh(String timestamp) {
		try {
			Instant sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
			return Duration.between(sent, Instant.now()).abs().compareTo(MAX_SKEW) <= 0;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private static OffsetDateTime occurredAt(WxMpXmlMessage message) {
		Instant at = (message.getCreateTime() != null) ? Instant.ofEpochSecond(message.getCreateTime()) : Instant.now();
		return at.atOffset(ZoneOffset.UTC);
	}

	private static ResponseEntity<String> forbidden() {
		return ResponseEntity.status(HttpStatus.FORBIDDEN).body("forbidden");
	}

}
