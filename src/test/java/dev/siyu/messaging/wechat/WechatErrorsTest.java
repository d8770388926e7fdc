package dev.siyu.messaging.wechat;

import java.net.SocketTimeoutException;

import dev.siyu.messaging.ChannelException;
import dev.siyu.messaging.ChannelException.Kind;
import me.chanjar.weixin.common.enums.WxType;
import me.chanjar.weixin.common.error.WxError;
import me.chanjar.weixin.common.error.WxErrorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class WechatErrorsTest {

	@ParameterizedTest(name = "{0} → {1} {2}")
	@CsvSource(nullValues = "none", value = { "45009, THROTTLED, 45009", "45011, THROTTLED, 45011",
			"45047, THROTTLED, 45047", "43004, PERMANENT, 43004", "40003, PERMANENT, 40003", "43101, PERMANENT, 43101",
			"40037, PERMANENT, none", "-1, TRANSIENT, -1", "40001, TRANSIENT, 40001", "99999, TRANSIENT, 99999" })
	void classifiesWechatErrorCodes(int code, Kind kind, String vendorCode) {
		ChannelException classified = WechatErrors.classify(wechatError(code, "from wechat"));

		assertThat(classified.kind()).isEqualTo(kind);
		assertThat(classified.vendorCode()).isEqualTo(vendorCode);
	}

	@Test
	void treatsTimeOutAsTransient() {
		ChannelException classified = WechatErrors
			.classify(new WxErrorException(new SocketTimeoutException("Read timed out")));

		assertThat(classified.kind()).isEqualTo(Kind.TRANSIENT);
	}

	@Test
	void waitsLongerForTheDailyQuotaThanForTheMinuteQuota() {
		ChannelException daily = WechatErrors.classify(wechatError(45009, "reach max api daily quota limit"));
		ChannelException minute = WechatErrors.classify(wechatError(45011, "api minute-quota reach limit"));

		assertThat(daily.retryAfter()).isGreaterThan(minute.retryAfter());
	}

	private static WxErrorException wechatError(int code, String message) {
		return new WxErrorException(
				WxError.fromJson("{\"errcode\":" + code + ",\"errmsg\":\"" + message + "\"}", WxType.MP));
	}

}
