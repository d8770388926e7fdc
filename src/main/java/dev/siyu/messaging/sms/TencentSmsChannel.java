package dev.siyu.messaging.sms;

import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.sms.v20210111.SmsClient;
import com.tencentcloudapi.sms.v20210111.models.SendSmsRequest;
import com.tencentcloudapi.sms.v20210111.models.SendSmsResponse;
import com.tencentcloudapi.sms.v20210111.models.SendStatus;
import dev.siyu.messaging.Channel;
import dev.siyu.messaging.ChannelException;
import dev.siyu.messaging.ChannelType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMS through Tencent Cloud's {@code SendSms} (2021-01-11). Siyu's message id goes as
 * {@code SessionContext}. A request Tencent takes answers per number in
 * {@code SendStatusSet}, {@code Ok} or a refusal code; a request it refuses whole answers
 * {@code Response.Error}, thrown by the SDK with that code.
 */
class TencentSmsChannel implements Channel {

	private static final Logger log = LoggerFactory.getLogger(TencentSmsChannel.class);

	static final String TEMPLATE_ID = "tencent-template-id";

	/** The SDK's code for an HTTP status other than 200. */
	private static final String SERVER_SIDE_ERROR = "ServerSideError";

	private final SmsClient client;

	private final SmsProperties properties;

	private final SmsTemplates templates;

	private final SmsErrors errors;

	TencentSmsChannel(SmsClient client, SmsProperties properties, SmsTemplates templates, SmsErrors errors) {
		this.client = client;
		this.properties = properties;
		this.templates = templates;
		this.errors = errors;
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
		SendSmsRequest request = new SendSmsRequest();
		request.setSmsSdkAppId(this.properties.sdkAppId());
		request.setSignName(this.properties.signName());
		request.setTemplateId(this.templates.vendorTemplate(message, TEMPLATE_ID));
		request.setPhoneNumberSet(new String[] { Phones.e164(message.customer().phone()) });
		String[] params = this.templates.params(message).values().toArray(String[]::new);
		if (params.length > 0) {
			request.setTemplateParamSet(params);
		}
		request.setSessionContext(String.valueOf(message.id()));
		SendSmsResponse response;
		try {
			response = this.client.SendSms(request);
		}
		catch (TencentCloudSDKException ex) {
			throw refused(ex);
		}
		catch (RuntimeException ex) {
			throw ChannelException.transientFailure(null, "Tencent SendSms failed: " + ex.getMessage(), ex);
		}
		SendStatus[] statuses = response.getSendStatusSet();
		if (statuses == null || statuses.length == 0) {
			throw ChannelException.transientFailure(null,
					"Tencent answered no SendStatus (request " + response.getRequestId() + ")", null);
		}
		SendStatus status = statuses[0];
		if (!"Ok".equalsIgnoreCase(status.getCode())) {
			log.info("Tencent refused message {}: {} {} (request {})", message.id(), status.getCode(),
					status.getMessage(), response.getRequestId());
			throw this.errors.tencent(status.getCode(), status.getMessage());
		}
		return new Delivery(status.getSerialNo());
	}

	private ChannelException refused(TencentCloudSDKException ex) {
		String code = ex.getErrorCode();
		if (code == null || code.isBlank()) {
			return ChannelException.transientFailure(null, "Tencent unreachable: " + describe(ex), ex);
		}
		if (SERVER_SIDE_ERROR.equals(code)) {
			return ChannelException.transientFailure(code, "Tencent " + ex.getMessage(), ex);
		}
		return this.errors.tencent(code, ex.getMessage() + " (request " + ex.getRequestId() + ")");
	}

	private static String describe(Exception ex) {
		return (ex.getCause() != null) ? ex.getCause().toString() : String.valueOf(ex.getMessage());
	}

}
