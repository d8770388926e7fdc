package dev.siyu.messaging.sms;

import java.util.Map;

import com.aliyun.dysmsapi20170525.Client;
import com.aliyun.dysmsapi20170525.models.SendSmsRequest;
import com.aliyun.dysmsapi20170525.models.SendSmsResponseBody;
import com.aliyun.tea.TeaException;
import com.aliyun.teautil.models.RuntimeOptions;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siyu.messaging.Channel;
import dev.siyu.messaging.ChannelException;
import dev.siyu.messaging.ChannelType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMS through Aliyun's Dysmsapi {@code SendSms}. Siyu's message id goes as {@code OutId}
 * and comes back in the status report. Aliyun answers refusals with HTTP 200 and a
 * {@code Code} other than {@code OK}; HTTP errors come as a {@link TeaException}.
 */
class AliyunSmsChannel implements Channel {

	private static final Logger log = LoggerFactory.getLogger(AliyunSmsChannel.class);

	static final String TEMPLATE_CODE = "aliyun-template-code";

	private final Client client;

	private final SmsProperties properties;

	private final SmsTemplates templates;

	private final SmsErrors errors;

	private final ObjectMapper json;

	AliyunSmsChannel(Client client, SmsProperties properties, SmsTemplates templates, SmsErrors errors,
			ObjectMapper json) {
		this.client = client;
		this.properties = properties;
		this.templates = templates;
		this.errors = errors;
		this.json = json;
	}

	@Override
	public String mode() {
		return "live";
	}

	@Override
	public boolean supports(ChannelType type) {
		return type == ChannelType.SMS;
	}

	@Override
	public Delivery send(OutboundMessage message) {
		if (!message.customer().hasPhone()) {
			throw ChannelException.permanent("NO_PHONE", "the customer has no phone number");
		}
		this.templates.requireOptOut(message);
		SendSmsRequest request = new SendSmsRequest().setPhoneNumbers(Phones.aliyun(message.customer().phone()))
			.setSignName(this.properties.signName())
			.setTemplateCode(this.templates.vendorTemplate(message, TEMPLATE_CODE))
			.setOutId(String.valueOf(message.id()));
		Map<String, String> params = this.templates.params(message);
		if (!params.isEmpty()) {
			request.setTemplateParam(toJson(params));
		}
		SendSmsResponseBody body;
		try {
			body = this.client.sendSmsWithOptions(request, new RuntimeOptions()).getBody();
		}
		catch (TeaException ex) {
			throw refused(ex);
		}
		catch (Exception ex) {
			throw ChannelException.transientFailure(null, "Aliyun SendSms failed: " + ex.getMessage(), ex);
		}
		if (!"OK".equalsIgnoreCase(body.getCode())) {
			log.info("Aliyun refused message {}: {} {} (request {})", message.id(), body.getCode(), body.getMessage(),
					body.getRequestId());
			throw this.errors.aliyun(body.getCode(), body.getMessage());
		}
		return new Delivery(body.getBizId());
	}

	private ChannelException refused(TeaException ex) {
		Integer status = ex.getStatusCode();
		if (status == null && ex.getData() != null && ex.getData().get("statusCode") instanceof Integer code) {
			status = code;
		}
		String code = (ex.getCode() != null && !ex.getCode().isBlank() && !"null".equals(ex.getCode())) ? ex.getCode()
				: "HTTP_" + status;
		if (status != null && status >= 500) {
			return ChannelException.transientFailure(code, "Aliyun answered " + status + ": " + ex.getMessage(), ex);
		}
		return this.errors.aliyun(code, ex.getMessage());
	}

	private String toJson(Map<String, String> params) {
		try {
			return this.json.writeValueAsString(params);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
