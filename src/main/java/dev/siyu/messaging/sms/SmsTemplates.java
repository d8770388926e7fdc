package dev.siyu.messaging.sms;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.siyu.messaging.Channel.OutboundMessage;
import dev.siyu.messaging.ChannelException;
import dev.siyu.messaging.MessageCategory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.yaml.snakeyaml.Yaml;

/**
 * What an SMS template gives the vendor: its parameters in the order the front matter
 * lists them (Tencent's {1}, {2}, … are positional), and, for marketing, the check that
 * the text ends with the opt-out words. Both vendors review those words as fixed text of
 * each marketing template (推广短信 / 营销短信 must end with 拒收请回复R) and do not allow them in a
 * variable, so they are never sent as a parameter.
 */
class SmsTemplates {

	private final ResourceLoader resources;

	private final String optOutSuffix;

	private final Map<String, List<String>> order = new ConcurrentHashMap<>();

	SmsTemplates(ResourceLoader resources, String optOutSuffix) {
		this.resources = resources;
		this.optOutSuffix = optOutSuffix;
	}

	/**
	 * The vendor's template for this message, from the front matter. A template without
	 * one cannot be sent by this vendor at all: the message fails at once, with no vendor
	 * code, for ops to fix, rather than being retried.
	 */
	String vendorTemplate(OutboundMessage message, String setting) {
		try {
			return message.content().setting(message.template(), setting);
		}
		catch (IllegalStateException ex) {
			throw ChannelException.permanent(null, ex.getMessage());
		}
	}

	/** The rendered parameters, in front-matter order. */
	Map<String, String> params(OutboundMessage message) {
		Map<String, String> rendered = message.content().params();
		Map<String, String> ordered = new LinkedHashMap<>();
		for (String name : this.order.computeIfAbsent(message.template(), this::declaredOrder)) {
			if (rendered.containsKey(name)) {
				ordered.put(name, rendered.get(name));
			}
		}
		rendered.keySet().stream().sorted().forEach((name) -> ordered.putIfAbsent(name, rendered.get(name)));
		return ordered;
	}

	/**
	 * Refuses a marketing message whose template does not end with the opt-out words: the
	 * vendor would reject the template, and the law wants the words. Not the customer's
	 * fault, so no vendor code: the message fails and the journey step gets an incident.
	 */
	void requireOptOut(OutboundMessage message) {
		if (message.category() == MessageCategory.MARKETING && !message.content().body().endsWith(this.optOutSuffix)) {
			throw ChannelException.permanent(null, "Marketing SMS template '" + message.template() + "' must end with '"
					+ this.optOutSuffix + "', as the vendor's approved template does");
		}
	}

	private List<String> declaredOrder(String template) {
		Resource resource = this.resources.getResource("classpath:templates/messages/" + template + ".mustache");
		String text;
		try (InputStream in = resource.getInputStream()) {
			text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return List.of();
		}
		int end = text.indexOf("\n---", 3);
		if (!text.startsWith("---") || end < 0) {
			return List.of();
		}
		Object front = new Yaml().load(text.substring(3, end));
		List<String> names = new ArrayList<>();
		if (front instanceof Map<?, ?> map && map.get("params") instanceof Map<?, ?> params) {
			params.keySet().forEach((name) -> names.add(String.valueOf(name)));
		}
		return names;
	}

}
