package dev.siyu.referral;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.siyu.event.CustomerEvent;
import dev.siyu.event.EventIntake;
import dev.siyu.event.EventType;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells inviters that a friend counted: a {@code ReferralCounted} event in the inviter's
 * own stream, taken in by the intake under her lock (not the invitee's, which the
 * invitation held), on a thread of its own right after the invitation commits (work done
 * in the committing thread would join the finished transaction), and in a sweep for those
 * a restart cut off. The event's id is the invitation's, so telling twice (two nodes, a
 * retry) stores it once.
 */
@Component
class ReferralRelay {

	private static final Logger log = LoggerFactory.getLogger(ReferralRelay.class);

	private static final int PER_ROUND = 100;

	private final Referrals referrals;

	private final EventIntake intake;

	private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "referral-relay");
		thread.setDaemon(true);
		return thread;
	});

	ReferralRelay(Referrals referrals, EventIntake intake) {
		this.referrals = referrals;
		this.intake = intake;
	}

	@TransactionalEventListener
	void counted(Referrals.Counted counted) {
		this.executor.execute(this::tellAll);
	}

	@PreDestroy
	void stop() {
		this.executor.shutdown();
	}

	@Scheduled(fixedDelayString = "${siyu.referrals.relay-interval:30s}",
			initialDelayString = "${siyu.referrals.relay-interval:30s}")
	void sweep() {
		tellAll();
	}

	/**
	 * Tells every inviter not told yet, oldest invitation first; one that cannot be told
	 * now is logged and left for the next sweep, and the others are told all the same.
	 */
	synchronized void tellAll() {
		long after = 0;
		List<Referrals.Referral> page;
		do {
			page = this.referrals.untold(after, PER_ROUND);
			for (Referrals.Referral referral : page) {
				after = referral.id();
				try {
					tell(referral);
				}
				catch (RuntimeException ex) {
					log.warn("The inviter of referral {} could not be told now; the sweep tries again: {}",
							referral.id(), ex.toString());
				}
			}
		}
		while (page.size() == PER_ROUND);
	}

	private void tell(Referrals.Referral referral) {
		this.intake.accept(
				new CustomerEvent("referral-counted:" + referral.id(), referral.inviterId(), EventType.ReferralCounted,
						referral.occurredAt(), Map.of("inviteeId", referral.inviteeId(), "referralId", referral.id())));
		this.referrals.told(referral.id());
	}

}
