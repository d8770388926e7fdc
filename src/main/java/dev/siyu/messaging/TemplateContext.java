package dev.siyu.messaging;

import java.util.HashMap;
import java.util.Map;

import dev.siyu.customer.Customer;
import org.springframework.stereotype.Component;

/**
 * What a template may use: the journey's small values, the customer's id and name (never
 * her phone or addresses), the offer's code and title, the ad plan's landing link, the
 * WeCom QR code, the brand's persona.
 */
@Component
class TemplateContext {

	private final MessagingProperties properties;

	TemplateContext(MessagingProperties properties) {
		this.properties = properties;
	}

	/**
	 * What a group's staff task may use: the journey's small values, the group (id, name,
	 * type, members, owners), the WeCom QR code and the persona.
	 */
	Map<String, Object> ofGroup(Map<String, Object> variables, Map<String, Object> group) {
		Map<String, Object> context = new HashMap<>(variables);
		context.put("group", group);
		context.put("wecomQrUrl", this.properties.wecomQrUrl());
		context.put("persona", this.properties.persona());
		return context;
	}

	Map<String, Object> of(Map<String, Object> variables, Customer customer, Long messageId) {
		Map<String, Object> context = new HashMap<>(variables);
		Map<String, Object> who = new HashMap<>();
		who.put("id", customer.id());
		who.put("name", (customer.name() != null) ? customer.name() : "亲");
		context.put("customer", who);
		if (messageId != null) {
			context.put("messageId", messageId);
		}
		context.put("wecomQrUrl", this.properties.wecomQrUrl());
		context.put("persona", this.properties.persona());
		if (variables.get("adPlanId") instanceof String adPlanId) {
			context.put("landingUrl", this.properties.landingBaseUrl() + "/" + adPlanId);
		}
		if (variables.get("offerCode") instanceof String code) {
			String title = this.properties.offers().get(code);
			if (title == null) {
				throw new IllegalStateException("Offer '" + code + "' has no title under siyu.messaging.offers");
			}
			context.put("offer", Map.of("code", code, "title", title));
		}
		return context;
	}

}
