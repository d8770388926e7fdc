package dev.siyu.rules;

/**
 * One invitation, for {@code referral}: an event of the invitee carried an invite code.
 * What the rules need to tell a real new friend from a customer inviting herself, an old
 * customer passed off as new, or an inviter farming accounts.
 */
public class ReferralFacts {

	private final boolean inviterKnown;

	private final boolean selfInvite;

	private final boolean alreadyCounted;

	private final long inviteeMinutesKnown;

	private final int inviteeOrders;

	private final boolean inviteeFollowedBefore;

	private final int inviterCountedLastDay;

	private final String via;

	/**
	 * @param inviterKnown the code belongs to a customer
	 * @param selfInvite the invitee is the inviter, or shares her phone number
	 * @param alreadyCounted the invitee already counted for someone
	 * @param inviteeMinutesKnown how long Siyu knew the invitee before this event (0: it
	 * made her known)
	 * @param inviteeOrders the invitee's orders so far
	 * @param inviteeFollowedBefore she followed the Official Account before this event
	 * (an unfollow and follow again)
	 * @param inviterCountedLastDay invitees counted for the inviter in the 24 hours
	 * before
	 * @param via the event type that carried the code
	 */
	public ReferralFacts(boolean inviterKnown, boolean selfInvite, boolean alreadyCounted, long inviteeMinutesKnown,
			int inviteeOrders, boolean inviteeFollowedBefore, int inviterCountedLastDay, String via) {
		this.inviterKnown = inviterKnown;
		this.selfInvite = selfInvite;
		this.alreadyCounted = alreadyCounted;
		this.inviteeMinutesKnown = inviteeMinutesKnown;
		this.inviteeOrders = inviteeOrders;
		this.inviteeFollowedBefore = inviteeFollowedBefore;
		this.inviterCountedLastDay = inviterCountedLastDay;
		this.via = via;
	}

	public boolean isInviterKnown() {
		return this.inviterKnown;
	}

	public boolean isSelfInvite() {
		return this.selfInvite;
	}

	public boolean isAlreadyCounted() {
		return this.alreadyCounted;
	}

	public long getInviteeMinutesKnown() {
		return this.inviteeMinutesKnown;
	}

	public int getInviteeOrders() {
		return this.inviteeOrders;
	}

	public boolean isInviteeFollowedBefore() {
		return this.inviteeFollowedBefore;
	}

	public int getInviterCountedLastDay() {
		return this.inviterCountedLastDay;
	}

	public String getVia() {
		return this.via;
	}

	@Override
	public String toString() {
		return "ReferralFacts[inviterKnown=" + this.inviterKnown + ", selfInvite=" + this.selfInvite
				+ ", alreadyCounted=" + this.alreadyCounted + ", inviteeMinutesKnown=" + this.inviteeMinutesKnown
				+ ", inviteeOrders=" + this.inviteeOrders + ", inviteeFollowedBefore=" + this.inviteeFollowedBefore
				+ ", inviterCountedLastDay=" + this.inviterCountedLastDay + ", via=" + this.via + "]";
	}

}
