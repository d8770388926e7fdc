package dev.siyu.messaging.sms;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where the SMS vendors push status reports and replies, as JSON arrays of records:
 * Aliyun's SmsReport ({@code biz_id}, {@code out_id}, {@code success}, {@code err_code})
 * and SmsUp ({@code phone_number}, {@code content}, {@code sequence_id}); Tencent's
 * status callback ({@code sid}, {@code report_status}, {@code errmsg}) and reply callback
 * ({@code nationcode}, {@code mobile}, {@code text}, {@code time}, one object or an
 * array). Neither vendor signs its callbacks, so the URL configured in the vendor's
 * console carries {@code ?token=<siyu.channels.sms.callback-token>}; anything without it
 * is refused with 403 and nothing is stored. Each vendor is answered the acknowledgement
 * it expects, or it pushes again.
 */
@RestController
@RequestMapping("/callbacks/sms")
@ConditionalOnProperty(name = "siyu.channels.sms.mode", havingValue = "live")
class SmsCallbackController {

	private static final Logger log = LoggerFactory.getLogger(SmsCallbackController.class);

	private final SmsInbox inbox;

	private final SmsProperties properties;

	private final ObjectMapper json;

	SmsCallbackController(SmsInbox inbox, SmsProperties properties, ObjectMapper json) {
		this.inbox = inbox;
		this.properties = properties;
		this.json = json;
	}

	@PostMapping("/{provider}")
	ResponseEntity<Map<String, Object>> receive(@PathVariable String provider,
			@RequestParam(name = "token", required = false) String token, @RequestBody(required = false) String body) {
		if (!SmsProperties.ALIYUN.equals(provider) && !SmsProperties.TENCENT.equals(provider)) {
			return ResponseEntity.notFound().build();
		}
		if (!tokenMatches(token)) {
			log.warn("SMS callback for {} without the right token: refused", provider);
			return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
		}
		List<JsonNode> records;
		try {
			records = records(body);
		}
		catch (JsonProcessingException ex) {
			return ResponseEntity.badRequest().build();
		}
		for (JsonNode record : records) {
			if (SmsProperties.ALIYUN.equals(provider)) {
				aliyun(record);
			}
			else {
				tencent(record);
			}
		}
		return ResponseEntity.ok(SmsProperties.ALIYUN.equals(provider) ? Map.of("code", 0, "msg", "成功")
				: Map.of("result", 0, "errmsg", "OK"));
	}

	private void aliyun(JsonNode record) {
		if (record.hasNonNull("biz_id")) {
			this.inbox.report(new SmsInbox.Report(SmsProperties.ALIYUN, text(record, "biz_id"), text(record, "out_id"),
					record.path("success").asBoolean(false), text(record, "err_code"),
					this.inbox.chinaTime(text(record, "report_time"))));
		}
		else if (record.hasNonNull("content") && record.hasNonNull("phone_number")) {
			String id = record.hasNonNull("sequence_id") ? text(record, "sequence_id")
					: Phones.sha256Prefix(record.toString());
			this.inbox.reply(new SmsInbox.Reply(SmsProperties.ALIYUN, id, null, text(record, "phone_number"),
					text(record, "content"), this.inbox.chinaTime(text(record, "send_time"))));
		}
		else {
			log.info("Aliyun SMS callback record neither SmsReport nor SmsUp: ignored");
		}
	}

	private void tencent(JsonNode record) {
		if (record.hasNonNull("sid") && record.hasNonNull("report_status")) {
			this.inbox.report(new SmsInbox.Report(SmsProperties.TENCENT, text(record, "sid"), text(record, "ext"),
					"SUCCESS".equalsIgnoreCase(text(record, "report_status")), text(record, "errmsg"),
					this.inbox.chinaTime(text(record, "user_receive_time"))));
		}
		else if (record.hasNonNull("text") && record.hasNonNull("mobile")) {
			// Tencent gives a reply no id of its own
			String id = Phones.sha256Prefix(text(record, "nationcode") + "|" + text(record, "mobile") + "|"
					+ text(record, "time") + "|" + text(record, "text"));
			this.inbox
				.reply(new SmsInbox.Reply(SmsProperties.TENCENT, id, text(record, "nationcode"), text(record, "mobile"),
						text(record, "text"), this.inbox.epochSeconds(record.path("time").asLong())));
		}
		else {
			log.info("Tencent SMS callback record neither a status report nor a reply: ignored");
		}
	}

	private boolean tokenMatches(String token) {
		return token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
				this.properties.callbackToken().getBytes(StandardCharsets.UTF_8));
	}

	private List<JsonNode> records(String body) throws JsonProcessingException {
		JsonNode root = this.json.readTree((body != null) ? body : "[]");
		List<JsonNode> records = new ArrayList<>();
		if (root.isArray()) {
			root.forEach(records::add);
		}
		else if (root.isObject()) {
			records.add(root);
		}
		return records;
	}

	private static String text(JsonNode record, String field) {
		JsonNode value = record.get(field);
		return (value == null || value.isNull()) ? null : value.asText();
	}

}
