package dev.siyu.messaging;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message ready for a channel: the text customers read, the named parameters of a
 * vendor template (an SMS template's variables, a WeChat template message's fields), and
 * the vendor settings of the template (template codes, e-mail subject), all rendered.
 */
public record RenderedMessage(String body, Map<String, String> params, Map<String, String> settings) {

	/**
	 * Parameters keep the front matter's order: Tencent's templates take them by
	 * position.
	 */
	public RenderedMessage {
		params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
		settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
	}

	/**
	 * A template setting such as {@code aliyun-template-code}, or an error naming what
	 * the template lacks.
	 */
	public String setting(String template, String name) {
		String value = this.settings.get(name);
		if (value == null || value.isBlank()) {
			throw new IllegalStateException("Template '" + template + "' has no '" + name + "' in its front matter");
		}
		return value;
	}

}
