package dev.siyu.rules;

/**
 * One customer event, for {@code points}: what happened ({@code type}, the catalogue's
 * name), what it was about ({@code activityId}, a purchase's whole yuan) and whether it
 * is her first of its kind today (the brand's day).
 */
public class PointsFacts {

	private final String type;

	private final String activityId;

	private final int yuan;

	private final boolean firstToday;

	public PointsFacts(String type, String activityId, int yuan, boolean firstToday) {
		this.type = type;
		this.activityId = (activityId != null) ? activityId : "";
		this.yuan = yuan;
		this.firstToday = firstToday;
	}

	public String getType() {
		return this.type;
	}

	public String getActivityId() {
		return this.activityId;
	}

	/** A purchase's amount in whole yuan (0 for other events). */
	public int getYuan() {
		return this.yuan;
	}

	public boolean isFirstToday() {
		return this.firstToday;
	}

	@Override
	public String toString() {
		return "PointsFacts[type=" + this.type + ", activityId=" + this.activityId + ", yuan=" + this.yuan
				+ ", firstToday=" + this.firstToday + "]";
	}

}
