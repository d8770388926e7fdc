package dev.siyu.rules;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * A customer's message to the brand, for {@code keyword-replies}: its text and the
 * channel it came on ({@code wechat-oa}, {@code wecom}, {@code sms}).
 */
public class ReplyFacts {

	private final String text;

	private final String channel;

	private final String normalized;

	public ReplyFacts(String text, String channel) {
		this.text = text;
		this.channel = channel;
		this.normalized = normalize(text);
	}

	public String getText() {
		return this.text;
	}

	public String getChannel() {
		return this.channel;
	}

	/**
	 * Whether the text holds one of the words (comma-separated), whatever their width
	 * (全角/半角) or case: {@code mentions("多少钱,价格,优惠")}.
	 */
	public boolean mentions(String words) {
		return Arrays.stream(words.split(","))
			.map(ReplyFacts::normalize)
			.filter((word) -> !word.isEmpty())
			.anyMatch(this.normalized::contains);
	}

	private static String normalize(String text) {
		return (text == null) ? "" : Normalizer.normalize(text, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
	}

	@Override
	public String toString() {
		return "ReplyFacts[channel=" + this.channel + ", text=" + this.text.length() + " characters]";
	}

}
