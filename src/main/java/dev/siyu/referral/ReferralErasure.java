package dev.siyu.referral;

import java.util.List;
import java.util.Set;

import dev.siyu.customer.CustomerErasing;
import dev.siyu.event.EventStore;
import dev.siyu.event.EventType;
import dev.siyu.journey.JourneyMentions;
import dev.siyu.messaging.Outbox;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A customer erased on her request leaves the records of those an invitation ties her to.
 * Her invited friends' {@code Referred} events named her ({@code inviterId}), her
 * inviter's {@code ReferralCounted} event named her ({@code inviteeId}); the journeys
 * those events started took the id as a variable, and their messages kept it with their
 * values. Her id goes from all of them; the other customers keep everything else. Runs
 * first among the erasure's listeners: a journey told after this that she cannot be
 * reached goes on without her id.
 */
@Component
class ReferralErasure {

	private static final Set<EventType> NAMING = Set.of(EventType.Referred, EventType.ReferralCounted);

	private final JdbcClient jdbc;

	private final EventStore events;

	private final JourneyMentions journeys;

	private final Outbox outbox;

	ReferralErasure(JdbcClient jdbc, EventStore events, JourneyMentions journeys, Outbox outbox) {
		this.jdbc = jdbc;
		this.events = events;
		this.journeys = journeys;
		this.outbox = outbox;
	}

	@EventListener
	@Order(Ordered.HIGHEST_PRECEDENCE)
	void erasing(CustomerErasing erasing) {
		String her = erasing.customerId();
		List<String> others = this.jdbc.sql("""
				select invitee_id as other from referral where inviter_id = :id and invitee_id <> :id
				union
				select inviter_id from referral where invitee_id = :id and inviter_id is not null and inviter_id <> :id
				order by other""").param("id", her).query(String.class).list();
		for (String other : others) {
			this.events.forget(other, NAMING, her);
			this.journeys.forget(other, her);
			this.outbox.forget(other, her);
		}
	}

}
