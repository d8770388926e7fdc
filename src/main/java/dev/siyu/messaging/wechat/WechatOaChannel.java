package dev.siyu.messaging.wechat;

import com.google.gson.JsonElement;
import dev.siyu.messaging.Channel;
import dev.siyu.messaging.ChannelException;
import dev.siyu.messaging.ChannelType;
import dev.siyu.messaging.RenderedMessage;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.error.WxRuntimeException;
import me.chanjar.weixin.common.util.json.GsonParser;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.kefu.WxMpKefuMessage;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateData;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateMessage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Sends Official Account messages: a template message when the template names a WeChat
 * template ({@code wechat-template-id}, its fields from the template's {@code params},
 * optionally a {@code url}), otherwise the body as a customer-service text message, which
 * WeChat allows within 48 hours of the customer's last message.
 */
@Component
@ConditionalOnProperty(name = "siyu.channels.wechat-mp.mode", havingValue = "live")
class WechatOaChannel implements Channel {

	static final String TEMPLATE_ID = "wechat-template-id";

	static final String URL = "url";

	private final WxMpService wechat;

	WechatOaChannel(WxMpService wechat) {
		this.wechat = wechat;
	}

	@Override
	public String mode() {
		return "live";
	}

	@Override
	public boolean supports(ChannelType type) {
		return type == ChannelType.WECHAT_OA;
	}

	@Override
	public Delivery send(OutboundMessage message) {
		String openId = message.customer().wechatOpenId();
		if (openId == null || openId.isBlank()) {
			throw ChannelException.permanent("NO_OPENID", "the customer has no WeChat open id");
		}
		RenderedMessage content = message.content();
		try {
			String templateId = content.settings().get(TEMPLATE_ID);
			if (templateId != null && !templateId.isBlank()) {
				return new Delivery(sendTemplate(message.id(), openId, templateId, content));
			}
			return new Delivery(sendText(openId, content.body()));
		}
		catch (WxErrorException ex) {
			throw WechatErrors.classify(ex);
		}
		catch (WxRuntimeException ex) {
			// a token that could not be fetched, or WeChat busy (-1) with WxJava's own
			// retries turned off
			throw ChannelException.transientFailure(null, "WeChat: " + ex.getMessage(), ex);
		}
	}

	/**
	 * WeChat sends one message per open id and {@code client_msg_id}, so a retry is safe.
	 */
	private String sendTemplate(long messageId, String openId, String templateId, RenderedMessage content)
			throws WxErrorException {
		WxMpTemplateMessage template = WxMpTemplateMessage.builder()
			.toUser(openId)
			.templateId(templateId)
			.url(content.settings().get(URL))
			.clientMsgId("siyu-" + messageId)
			.build();
		content.params().forEach((name, value) -> template.addData(new WxMpTemplateData(name, value)));
		return this.wechat.getTemplateMsgService().sendTemplateMsg(template);
	}

	/**
	 * Customer-service messages take no client id: a retry after a lost answer may reach
	 * the customer twice.
	 */
	private String sendText(String openId, String body) throws WxErrorException {
		String response = this.wechat.getKefuService()
			.sendKefuMessageWithResponse(WxMpKefuMessage.TEXT().toUser(openId).content(body).build());
		JsonElement msgId = GsonParser.parse(response).get("msgid");
		return (msgId != null && !msgId.isJsonNull()) ? msgId.getAsString() : null;
	}

}
