package dev.siyu.messaging.wecom;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.siyu.messaging.Channel;
import dev.siyu.messaging.ChannelException;
import dev.siyu.messaging.ChannelType;
import dev.siyu.messaging.RenderedMessage;
import me.chanjar.weixin.common.error.WxError;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.error.WxRuntimeException;
import me.chanjar.weixin.cp.api.WxCpService;
import me.chanjar.weixin.cp.bean.external.WxCpMsgTemplate;
import me.chanjar.weixin.cp.bean.external.WxCpMsgTemplateAddResult;
import me.chanjar.weixin.cp.bean.external.msg.Attachment;
import me.chanjar.weixin.cp.bean.external.msg.Image;
import me.chanjar.weixin.cp.bean.external.msg.Link;
import me.chanjar.weixin.cp.bean.external.msg.Text;
import org.apache.http.client.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Sends through WeCom's one-to-one mass messaging (企业群发, {@code add_msg_template}): WeCom
 * creates a task the staff member confirms in her client, so "sent" here means WeCom
 * accepted the task, whose msgid is recorded. Templates may add an image
 * ({@code wecom-image-url}) or a link card ({@code wecom-link-url}, with
 * {@code wecom-link-title}, optionally {@code wecom-link-desc} and
 * {@code wecom-link-picurl}). WeCom takes no client id to deduplicate by.
 */
@Component
@ConditionalOnProperty(name = "siyu.channels.wecom.mode", havingValue = "live")
class WecomChannel implements Channel {

	private static final Logger log = LoggerFactory.getLogger(WecomChannel.class);

	/** 45009 api quota of the day, 45033 too many concurrent calls. */
	private static final Set<Integer> THROTTLED = Set.of(45009, 45033);

	/**
	 * 84061 not her external contact, 41054 not activated, 40096 invalid external userid,
	 * 40003 invalid userid.
	 */
	private static final Set<Integer> UNREACHABLE = Set.of(84061, 41054, 40096, 40003);

	private final WxCpService wecom;

	private final WecomProperties properties;

	WecomChannel(WxCpService wecom, WecomProperties properties) {
		this.wecom = wecom;
		this.properties = properties;
	}

	@Override
	public String mode() {
		return "live";
	}

	@Override
	public boolean supports(ChannelType type) {
		return type == ChannelType.WECOM;
	}

	@Override
	public Delivery send(OutboundMessage message) {
		String externalUserId = message.customer().wecomExternalUserId();
		if (externalUserId == null || externalUserId.isBlank()) {
			throw ChannelException.permanent("NO_EXTERNAL_USERID",
					"the customer is not a WeCom contact of the brand's staff");
		}
		WxCpMsgTemplate task;
		try {
			task = task(message, externalUserId);
		}
		catch (IllegalStateException ex) {
			throw ChannelException.permanent(null, ex.getMessage());
		}
		WxCpMsgTemplateAddResult result;
		try {
			result = this.wecom.getExternalContactService().addMsgTemplate(task);
		}
		catch (WxErrorException ex) {
			throw classify(ex.getError(), ex);
		}
		catch (WxRuntimeException ex) {
			throw ChannelException.transientFailure(httpCode(ex), "WeCom unreachable: " + ex.getMessage(), ex);
		}
		if (result.getFailList() != null && result.getFailList().contains(externalUserId)) {
			throw ChannelException.permanent("FAIL_LIST", "WeCom cannot send to this customer (fail_list)");
		}
		log.info("Message {}: WeCom mass-send task {} created, awaiting the staff's confirmation", message.id(),
				result.getMsgId());
		return new Delivery(result.getMsgId());
	}

	private WxCpMsgTemplate task(OutboundMessage message, String externalUserId) {
		RenderedMessage content = message.content();
		WxCpMsgTemplate task = new WxCpMsgTemplate();
		task.setChatType("single");
		task.setExternalUserid(List.of(externalUserId));
		task.setSender(blankToNull(this.properties.sender()));
		task.setText(new Text().setContent(content.body()));
		List<Attachment> attachments = new ArrayList<>();
		String imageUrl = blankToNull(content.settings().get("wecom-image-url"));
		if (imageUrl != null) {
			attachments.add(new Attachment().setImage(new Image().setPicUrl(imageUrl)));
		}
		String linkUrl = blankToNull(content.settings().get("wecom-link-url"));
		if (linkUrl != null) {
			attachments.add(new Attachment().setLink(new Link().setUrl(linkUrl)
				.setTitle(content.setting(message.template(), "wecom-link-title"))
				.setDesc(blankToNull(content.settings().get("wecom-link-desc")))
				.setPicUrl(blankToNull(content.settings().get("wecom-link-picurl")))));
		}
		task.setAttachments(attachments.isEmpty() ? null : attachments);
		return task;
	}

	private static ChannelException classify(WxError error, WxErrorException cause) {
		int code = error.getErrorCode();
		String vendorCode = String.valueOf(code);
		String text = "WeCom " + code + ": " + error.getErrorMsg();
		if (THROTTLED.contains(code)) {
			return ChannelException.throttled(vendorCode, text, (code == 45009) ? Duration.ofHours(1) : null);
		}
		if (UNREACHABLE.contains(code)) {
			return ChannelException.permanent(vendorCode, text);
		}
		// -1 (busy) and anything unknown: retried, and an incident for ops if it lasts
		return ChannelException.transientFailure(vendorCode, text, cause);
	}

	private static String httpCode(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpResponseException http) {
				return "HTTP_" + http.getStatusCode();
			}
		}
		return null;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
