package dev.siyu.messaging.wechat;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import dev.siyu.messaging.ChannelException;
import me.chanjar.weixin.common.error.WxError;
import me.chanjar.weixin.common.error.WxErrorException;

/**
 * What each WeChat error code means for a message (the global return codes of the
 * Official Account API).
 */
final class WechatErrors {

	/**
	 * Frequency limits, with how long to wait: the daily quota (45009) resets at
	 * midnight, the others within minutes.
	 */
	private static final Map<Integer, Duration> THROTTLED = Map.of(45009, Duration.ofHours(1), 45011,
			Duration.ofMinutes(1), 45047, Duration.ofMinutes(10), 45048, Duration.ofMinutes(10));

	/**
	 * The recipient cannot be reached: not following (43004), an open id of another
	 * account (40003), refused the account's messages (43101), out of the 48 hours after
	 * her last message in which customer-service messages are allowed (45015).
	 */
	private static final Set<Integer> UNREACHABLE = Set.of(43004, 40003, 43101, 45015);

	/**
	 * Siyu's own setup is wrong (template id, account, API permissions): no retry helps
	 * and no customer is to blame, so the message fails without a vendor code and the
	 * journey step gets an incident.
	 */
	private static final Set<Integer> MISCONFIGURED = Set.of(40013, 40125, 40037, 40164, 41030, 47001, 47003, 48001,
			50001, 50002);

	/** WxJava's code for a request that never got a WeChat answer. */
	private static final int NO_ANSWER = -99;

	private WechatErrors() {
	}

	static ChannelException classify(WxErrorException ex) {
		WxError error = ex.getError();
		int code = (error != null) ? error.getErrorCode() : NO_ANSWER;
		String vendorCode = String.valueOf(code);
		String message = "WeChat " + code + ": " + ((error != null) ? error.getErrorMsg() : ex.getMessage());
		if (code == NO_ANSWER || ex.getCause() instanceof IOException) {
			return ChannelException.transientFailure(null, "WeChat unreachable: " + ex.getMessage(), ex);
		}
		if (THROTTLED.containsKey(code)) {
			return ChannelException.throttled(vendorCode, message, THROTTLED.get(code));
		}
		if (UNREACHABLE.contains(code)) {
			return ChannelException.permanent(vendorCode, message);
		}
		if (MISCONFIGURED.contains(code)) {
			return ChannelException.permanent(null, message);
		}
		// -1 (system busy), an access token still refused after WxJava's refresh, or a
		// code we do not know: try again later
		return ChannelException.transientFailure(vendorCode, message, ex);
	}

}
