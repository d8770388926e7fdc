package dev.siyu.community;

import java.util.Map;

import dev.siyu.event.CustomerEvent;
import dev.siyu.event.CustomerEventStored;
import dev.siyu.event.EventType;
import dev.siyu.messaging.ChannelType;
import dev.siyu.messaging.MessageCategory;
import dev.siyu.messaging.Outbox;
import dev.siyu.rules.ReplyFacts;
import dev.siyu.rules.RuleEvaluator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keyword auto-replies: a customer's message ({@code MessageReplied} with {@code text})
 * on the Official Account or WeCom is answered on the channel it came on with the
 * template the {@code keyword-replies} rules choose, written to the outbox in the
 * intake's transaction (a duplicate event answers nothing: it is never stored twice). A
 * reply the rules tag {@code marketing} is a marketing message (consent, quiet hours,
 * caps); any other is a service reply, which the caps do not count.
 */
@Component
class KeywordReplies {

	private static final Logger log = LoggerFactory.getLogger(KeywordReplies.class);

	static final String RULE_SET = "keyword-replies";

	/**
	 * The channels replied on. Not SMS: every SMS needs a template the vendor approved,
	 * and costs money.
	 */
	private static final Map<String, ChannelType> CHANNELS = Map.of("wechat-oa", ChannelType.WECHAT_OA, "wecom",
			ChannelType.WECOM);

	private final RuleEvaluator rules;

	private final Outbox outbox;

	KeywordReplies(RuleEvaluator rules, Outbox outbox) {
		this.rules = rules;
		this.outbox = outbox;
	}

	@EventListener
	void stored(CustomerEventStored stored) {
		CustomerEvent event = stored.event();
		if (event.type() != EventType.MessageReplied || !(event.properties().get("text") instanceof String text)
				|| text.isBlank() || !(event.properties().get("channel") instanceof String channelName)
				|| !CHANNELS.containsKey(channelName)) {
			return;
		}
		this.rules.evaluateLatest(RULE_SET, new ReplyFacts(text, channelName))
			.filter((outcome) -> outcome.value() != null)
			.ifPresent((outcome) -> {
				MessageCategory category = outcome.tags().contains("marketing") ? MessageCategory.MARKETING
						: MessageCategory.TRANSACTIONAL;
				try {
					this.outbox.enqueue(new Outbox.Request("reply:" + event.eventId(), event.customerId(),
							CHANNELS.get(channelName), outcome.value(), category, Map.of("replyRule", outcome.rule()),
							null, null, null));
				}
				catch (IllegalStateException ex) {
					// a rule naming a template that does not exist loses the reply, never
					// the customer's message
					log.warn("Keyword reply rule '{}' gave no reply: {}", outcome.rule(), ex.getMessage());
				}
			});
	}

}
