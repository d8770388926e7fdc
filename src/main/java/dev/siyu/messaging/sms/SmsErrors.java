package dev.siyu.messaging.sms;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import dev.siyu.messaging.ChannelException;
import dev.siyu.system.SiyuClock;

/**
 * The vendors' refusals, classified. The rule: what only the recipient's number explains
 * is PERMANENT (the journey hears she is unreachable by SMS); a limit that lifts with
 * time is THROTTLED, retried when it lifts; everything else, including our own
 * configuration (template or signature not approved, credit used up, credentials), is
 * TRANSIENT: retried with back-off so ops can fix it, and an incident once the attempts
 * run out, never a customer marked unreachable for a mistake of ours. Unknown codes are
 * TRANSIENT too.
 */
final class SmsErrors {

	private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	/** Aliyun SendSms codes that only the recipient's number or her data explain. */
	private static final Set<String> ALIYUN_PERMANENT = Set.of("isv.MOBILE_NUMBER_ILLEGAL",
			// the number is on a blacklist, or a value rendered for her is a blocked word
			"isv.BLACK_KEY_CONTROL_LIMIT",
			// an international template sent to a mainland number
			"isv.DOMESTIC_NUMBER_NOT_SUPPORTED",
			// a value rendered for her (her name) is too long or reads as a link
			"isv.PARAM_LENGTH_LIMIT", "isv.PARAM_NOT_SUPPORT_URL");

	/** Tencent SendStatus codes that only the recipient's number explains. */
	private static final Set<String> TENCENT_PERMANENT = Set.of("InvalidParameterValue.IncorrectPhoneNumber",
			"FailedOperation.PhoneNumberInBlacklist", "FailedOperation.PhoneNumberParseFail",
			"UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber", "UnsupportedOperation.UnsupportedRegion",
			"InvalidParameterValue.TemplateParameterLengthLimit",
			"InvalidParameterValue.ProhibitedUseUrlInTemplateParameter");

	private final SiyuClock clock;

	SmsErrors(SiyuClock clock) {
		this.clock = clock;
	}

	ChannelException aliyun(String code, String message) {
		String text = "Aliyun " + code + ": " + message;
		if (ALIYUN_PERMANENT.contains(code)) {
			return ChannelException.permanent(code, text);
		}
		return switch (code) {
			// "触发分钟级流控Permits:1", "触发小时级流控Permits:5", "触发天级流控Permits:10"
			case "isv.BUSINESS_LIMIT_CONTROL" -> ChannelException.throttled(code, text, businessLimitWait(message));
			case "isv.DAY_LIMIT_CONTROL" -> ChannelException.throttled(code, text, untilTomorrow());
			case "isv.MONTH_LIMIT_CONTROL" -> ChannelException.throttled(code, text, untilNextMonth());
			// the account's calls per second, at the API gateway
			case "Throttling", "Throttling.User", "Throttling.Api" ->
				ChannelException.throttled(code, text, Duration.ofSeconds(1));
			default -> ChannelException.transientFailure(code, text, null);
		};
	}

	ChannelException tencent(String code, String message) {
		String text = "Tencent " + code + ": " + message;
		if (TENCENT_PERMANENT.contains(code)) {
			return ChannelException.permanent(code, text);
		}
		if (code.startsWith("LimitExceeded.") && !code.equals("LimitExceeded.PhoneNumberCountLimit")) {
			return ChannelException.throttled(code, text, tencentLimitWait(code));
		}
		if (code.equals("RequestLimitExceeded")) {
			return ChannelException.throttled(code, text, Duration.ofSeconds(1));
		}
		return ChannelException.transientFailure(code, text, null);
	}

	private Duration businessLimitWait(String message) {
		String text = (message != null) ? message : "";
		if (text.contains("分钟")) {
			return Duration.ofMinutes(1);
		}
		if (text.contains("小时")) {
			return Duration.ofHours(1);
		}
		return untilTomorrow();
	}

	private Duration tencentLimitWait(String code) {
		if (code.contains("ThirtySecond")) {
			return Duration.ofSeconds(30);
		}
		if (code.contains("OneHour")) {
			return Duration.ofHours(1);
		}
		if (code.contains("Daily")) {
			return untilTomorrow();
		}
		return Duration.ofMinutes(1);
	}

	/** The vendors count days in China's time. */
	private Duration untilTomorrow() {
		ZonedDateTime now = this.clock.now().atZone(CHINA);
		return Duration.between(now, now.plusDays(1).truncatedTo(ChronoUnit.DAYS));
	}

	private Duration untilNextMonth() {
		ZonedDateTime now = this.clock.now().atZone(CHINA);
		return Duration.between(now, now.plusMonths(1).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS));
	}

}
