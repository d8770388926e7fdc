package dev.siyu.messaging.sms;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Phone numbers as each vendor wants them. Siyu stores mainland numbers as the 11 digits
 * customers give ({@code 13800138000}); others with their country code.
 */
final class Phones {

	private static final Pattern MAINLAND = Pattern.compile("1[3-9][0-9]{9}");

	private Phones() {
	}

	/** {@code +8613800138000}: what Tencent wants for every number. */
	static String e164(String phone) {
		String digits = digits(phone);
		if (MAINLAND.matcher(digits).matches()) {
			return "+86" + digits;
		}
		if (digits.startsWith("00")) {
			return "+" + digits.substring(2);
		}
		// without a + the digits are read as country code and number, as the vendors do
		return "+" + digits;
	}

	/**
	 * {@code 13800138000} for the mainland, country code and number without {@code +}
	 * otherwise: what Aliyun wants.
	 */
	static String aliyun(String phone) {
		String e164 = e164(phone);
		return e164.startsWith("+86") ? e164.substring(3) : e164.substring(1);
	}

	/** How the number may be stored on a customer: national, E.164, without the +. */
	static List<String> storedForms(String countryCode, String number) {
		String e164 = e164(
				((countryCode == null || countryCode.isBlank()) ? "" : "+" + digits(countryCode)) + digits(number));
		String national = e164.startsWith("+86") ? e164.substring(3) : e164;
		return List.of(national, e164, e164.substring(1), "00" + e164.substring(1));
	}

	/** The form a customer created from an SMS gets: national for the mainland. */
	static String stored(String countryCode, String number) {
		return storedForms(countryCode, number).get(0);
	}

	/** A stable, non-reversible key for a number, for ids and logs. */
	static String sha256Prefix(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String digits(String phone) {
		return phone.replaceAll("[^0-9]", "");
	}

}
