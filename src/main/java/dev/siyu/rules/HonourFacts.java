package dev.siyu.rules;

/**
 * A customer's record, for {@code honours}: her points balance and how many check-ins,
 * activities, orders and counted invitations she has. Honours are tags; once earned they
 * are kept.
 */
public class HonourFacts {

	private final int balance;

	private final int earned;

	private final int checkIns;

	private final int activities;

	private final int orders;

	private final int invitees;

	/**
	 * @param balance points she holds now
	 * @param earned points she ever earned (redemptions do not lower it)
	 * @param checkIns check-ins (activities whose id starts with {@code checkin})
	 * @param activities other activities joined
	 * @param orders orders placed
	 * @param invitees friends the referral rules counted for her
	 */
	public HonourFacts(int balance, int earned, int checkIns, int activities, int orders, int invitees) {
		this.balance = balance;
		this.earned = earned;
		this.checkIns = checkIns;
		this.activities = activities;
		this.orders = orders;
		this.invitees = invitees;
	}

	public int getBalance() {
		return this.balance;
	}

	public int getEarned() {
		return this.earned;
	}

	public int getCheckIns() {
		return this.checkIns;
	}

	public int getActivities() {
		return this.activities;
	}

	public int getOrders() {
		return this.orders;
	}

	public int getInvitees() {
		return this.invitees;
	}

	@Override
	public String toString() {
		return "HonourFacts[balance=" + this.balance + ", earned=" + this.earned + ", checkIns=" + this.checkIns
				+ ", activities=" + this.activities + ", orders=" + this.orders + ", invitees=" + this.invitees + "]";
	}

}
