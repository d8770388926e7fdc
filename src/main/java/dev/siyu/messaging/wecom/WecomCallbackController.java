package dev.siyu.messaging.wecom;

import me.chanjar.weixin.cp.bean.message.WxCpXmlMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * WeCom's event server (接收事件服务器): the URL check when an admin saves the callback settings
 * (GET, answered with the decrypted {@code echostr}) and the customer-contact events
 * (POST). A callback whose signature, age or corp is wrong is refused with 403 and
 * nothing is stored.
 */
@RestController
@RequestMapping("/callbacks/wecom")
@ConditionalOnProperty(name = "siyu.channels.wecom.mode", havingValue = "live")
class WecomCallbackController {

	private static final Logger log = LoggerFactory.getLogger(WecomCallbackController.class);

	private final WecomCallbackCrypt crypt;

	private final WecomEvents events;

	WecomCallbackController(WecomProperties properties, WecomEvents events) {
		properties.requireLive();
		this.crypt = new WecomCallbackCrypt(properties);
		this.events = events;
	}

	@GetMapping(produces = MediaType.TEXT_PLAIN_VALUE)
	ResponseEntity<String> verify(@RequestParam("msg_signature") String signature, @RequestParam String timestamp,
			@RequestParam String nonce, @RequestParam String echostr) {
		try {
			return ResponseEntity.ok(this.crypt.open(signature, timestamp, nonce, echostr, false));
		}
		catch (WecomCallbackCrypt.Rejected ex) {
			return refuse(ex);
		}
	}

	@PostMapping(produces = MediaType.TEXT_PLAIN_VALUE)
	ResponseEntity<String> receive(@RequestParam("msg_signature") String signature, @RequestParam String timestamp,
			@RequestParam String nonce, @RequestBody String body) {
		String xml;
		try {
			xml = this.crypt.open(signature, timestamp, nonce, body, true);
		}
		catch (WecomCallbackCrypt.Rejected ex) {
			return refuse(ex);
		}
		this.events.accept(WxCpXmlMessage.fromXml(xml, null));
		return ResponseEntity.ok("success");
	}

	private static ResponseEntity<String> refuse(WecomCallbackCrypt.Rejected ex) {
		log.warn("WeCom callback refused: {}", ex.getMessage());
		return ResponseEntity.status(HttpStatus.FORBIDDEN).body("forbidden");
	}

}
