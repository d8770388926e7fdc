package dev.siyu.messaging;

/**
 * Marketing messages obey consent and frequency caps; transactional ones (order notices)
 * pass them.
 */
public enum MessageCategory {

	MARKETING, TRANSACTIONAL;

	public static MessageCategory parse(String value) {
		if (value == null || value.isBlank()) {
			return MARKETING;
		}
		return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
	}

}
